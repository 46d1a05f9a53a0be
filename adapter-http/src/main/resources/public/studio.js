// Easel studio. Every piece of text that comes from a user or the server is set with textContent or
// as an attribute value, never as HTML, so a prompt such as <img src=x onerror=…> shows as text.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { csrf: null, schema: null, jobs: new Map(), galleryAfter: null, galleryCount: 0, pageSize: 24 };

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'className') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

async function api(path, options = {}) {
  const headers = { 'Accept': 'application/json', ...(options.headers || {}) };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (state.csrf && options.method && options.method !== 'GET') headers['X-Easel-Csrf'] = state.csrf;
  const response = await fetch(path, {
    ...options, headers, credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (response.status === 401) { showSignIn(); throw Object.assign(new Error('sign in first'), { data }); }
  if (!response.ok) throw Object.assign(new Error((data && data.message) || response.statusText), { status: response.status, data });
  return data;
}

function showSignIn() {
  $('studio').hidden = true;
  $('sign-in').hidden = false;
  $('api-key').focus();
}

async function start() {
  const session = await api('/api/v1/session');
  $('provider').textContent = session.provider ? 'on ' + session.provider : '';
  if (!session.signed_in) { showSignIn(); return; }
  state.csrf = session.csrf || null;
  $('sign-out').hidden = session.open;
  $('sign-in').hidden = true;
  $('studio').hidden = false;
  await loadModels();
  await loadJobs();
  await loadGallery(true);
  listen();
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('sign-in-error').hidden = true;
  try {
    const session = await api('/api/v1/session', { method: 'POST', body: { key: $('api-key').value } });
    state.csrf = session.csrf;
    $('api-key').value = '';
    await start();
  } catch (error) {
    $('sign-in-error').textContent = 'That key was not accepted.';
    $('sign-in-error').hidden = false;
  }
});

$('sign-out').addEventListener('click', async () => {
  await api('/api/v1/session/sign-out', { method: 'POST', body: {} }).catch(() => {});
  state.csrf = null;
  showSignIn();
});

async function loadModels(search = '') {
  const models = await api('/api/v1/models' + (search ? '?search=' + encodeURIComponent(search) : ''));
  const select = $('model');
  const current = select.value;
  select.replaceChildren(...models.map((m) => el('option', { value: m.id,
    text: m.name + (m.price ? ' · ' + m.price : '') + (m.name === m.id ? '' : ' — ' + m.id) })));
  if (models.some((m) => m.id === current)) select.value = current;
  // Which search the list shows, so that a person's assistive tools and the browser tests can tell
  // that the debounced search has answered.
  select.dataset.search = search;
  select.onchange = () => loadSchema(select.value);
  if (select.value && (!state.schema || state.schema.id !== select.value)) await loadSchema(select.value);
}

let searchTimer = null;
$('model-search').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => loadModels($('model-search').value.trim()).catch((e) => console.error(e)), 250);
});

// The schema asked for last. A pick and the model search can both ask for one model's form while it
// loads: they share the one request, and an answer that a later pick has overtaken is dropped, so a
// form is built once per pick and never for a model that is no longer selected.
let schemaLoad = null;

function loadSchema(modelId) {
  if (schemaLoad && schemaLoad.id === modelId) return schemaLoad.promise;
  if (!schemaLoad && state.schema && state.schema.id === modelId) return Promise.resolve();
  const load = { id: modelId };
  load.promise = api('/api/v1/models/' + modelId).then((schema) => {
    if (schemaLoad !== load) return;
    state.schema = schema;
    showFields(schema);
  }).finally(() => { if (schemaLoad === load) schemaLoad = null; });
  schemaLoad = load;
  return load.promise;
}

function showFields(schema) {
  const fields = $('fields');
  fields.replaceChildren();
  for (const field of schema.inputs) {
    if (field.name === 'prompt') {
      $('prompt').title = field.description || '';
      continue;
    }
    fields.append(control(field));
  }
}

function fileControl(field, id, help) {
  const many = field.type === 'array';
  const picker = el('input', { id, name: field.name, type: 'file', accept: 'image/png,image/jpeg' });
  picker.multiple = many;
  picker.dataset.type = 'file';
  picker.dataset.many = String(many);
  picker.uploads = [];
  const thumbs = el('ul', { className: 'thumbs', id: id + '-thumbs' });
  const zone = el('div', { className: 'drop', id: id + '-drop', tabindex: '0',
    text: many ? 'Drop images here, or choose files' : 'Drop an image here, or choose a file' });
  const add = async (files) => {
    for (const file of files) {
      if (!many) { picker.uploads = []; thumbs.replaceChildren(); }
      const item = el('li', { className: 'thumb' }, el('img', { src: URL.createObjectURL(file), alt: file.name }),
        el('span', { text: 'uploading…' }));
      thumbs.append(item);
      try {
        const kept = await upload(field.name, file);
        picker.uploads.push(kept.upload);
        item.lastChild.textContent = file.name;
        item.dataset.upload = kept.upload;
      } catch (error) {
        item.classList.add('failed');
        const v = error.data && error.data.violations;
        item.lastChild.textContent = v && v.length ? v.map((x) => x.message).join('; ') : error.message;
      }
    }
  };
  picker.addEventListener('change', () => add([...picker.files]));
  zone.addEventListener('click', () => picker.click());
  zone.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') picker.click(); });
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    add([...event.dataTransfer.files]);
  });
  if (help) picker.setAttribute('aria-describedby', help.id);
  return el('div', { className: 'field' }, el('label', { for: id, text: (field.title || field.name) + (field.required ? ' *' : '') }),
    zone, picker, thumbs, help);
}

async function upload(field, file) {
  const headers = { 'Accept': 'application/json', 'Content-Type': file.type || 'application/octet-stream' };
  if (state.csrf) headers['X-Easel-Csrf'] = state.csrf;
  const response = await fetch('/api/v1/uploads?field=' + encodeURIComponent(field) + '&name=' + encodeURIComponent(file.name),
    { method: 'POST', headers, body: file, credentials: 'same-origin' });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw Object.assign(new Error((data && data.message) || response.statusText), { data });
  return data;
}

function control(field) {
  const id = 'input-' + field.name;
  const help = field.description ? el('small', { id: id + '-help', text: field.description }) : null;
  if (field.format === 'uri') return fileControl(field, id, help);
  let input;
  if (field.type === 'array') {
    input = el('input', { id, name: field.name, type: 'text', placeholder: 'comma-separated ' + (field.items || 'values') });
    if (Array.isArray(field.default)) input.value = field.default.join(', ');
    input.dataset.items = field.items || 'string';
  } else if (field.enum) {
    input = el('select', { id, name: field.name });
    for (const value of field.enum) {
      const label = String(value) + (value === field.default ? ' (default)' : '');
      const option = el('option', { value: String(value), text: label });
      if (value === field.default) option.selected = true;
      input.append(option);
    }
  } else if (field.type === 'boolean') {
    input = el('input', { id, name: field.name, type: 'checkbox' });
    input.checked = field.default === true;
  } else if (field.type === 'integer' || field.type === 'number') {
    input = el('input', { id, name: field.name, type: 'number', step: field.type === 'integer' ? '1' : 'any' });
    if (field.minimum !== undefined) input.min = field.minimum;
    if (field.maximum !== undefined) input.max = field.maximum;
    if (field.default !== undefined) input.value = field.default;
    if (field.minimum !== undefined && field.maximum !== undefined) {
      input.title = `from ${field.minimum} to ${field.maximum}`;
    }
  } else {
    input = el('input', { id, name: field.name, type: 'text' });
    if (field.default !== undefined) input.value = field.default;
  }
  input.dataset.type = field.type;
  if (help) input.setAttribute('aria-describedby', help.id);
  return el('div', { className: 'field' }, el('label', { for: id, text: field.title || field.name }), input, help);
}

function collectInputs() {
  const inputs = { prompt: $('prompt').value };
  for (const input of $('fields').querySelectorAll('input, select')) {
    const type = input.dataset.type;
    if (type === 'file') {
      if (input.uploads.length) inputs[input.name] = input.dataset.many === 'true' ? [...input.uploads] : input.uploads[0];
    } else if (type === 'array') {
      const items = input.value.split(',').map((v) => v.trim()).filter((v) => v !== '');
      const numeric = input.dataset.items === 'integer' || input.dataset.items === 'number';
      if (items.length) inputs[input.name] = items.map((v) => (numeric && v !== '' && !isNaN(v) ? Number(v) : v));
    } else if (type === 'boolean') inputs[input.name] = input.checked;
    else if ((type === 'integer' || type === 'number') && input.value !== '') inputs[input.name] = Number(input.value);
    else if (input.value !== '') inputs[input.name] = input.value;
  }
  return inputs;
}

function fillInputs(inputs) {
  $('prompt').value = inputs.prompt || '';
  for (const input of $('fields').querySelectorAll('input, select')) {
    if (!(input.name in inputs) || input.dataset.type === 'file') continue;
    if (input.dataset.type === 'array') input.value = [].concat(inputs[input.name]).join(', ');
    else if (input.dataset.type === 'boolean') input.checked = Boolean(inputs[input.name]);
    else input.value = String(inputs[input.name]);
  }
  $('prompt').focus();
}

$('generate').addEventListener('submit', async (event) => {
  event.preventDefault();
  const problems = $('problems');
  problems.hidden = true;
  const button = $('submit');
  button.disabled = true;
  button.textContent = 'Submitting…';
  try {
    const job = await api('/api/v1/jobs', { method: 'POST', body: { model: $('model').value, inputs: collectInputs() } });
    showJob(job);
  } catch (error) {
    const list = el('ul');
    const violations = (error.data && error.data.violations) || [];
    for (const v of violations) list.append(el('li', { text: v.message }));
    problems.replaceChildren(el('strong', { text: violations.length ? 'Nothing was submitted:' : error.message }), list);
    problems.hidden = false;
  } finally {
    button.disabled = false;
    button.textContent = 'Generate';
  }
});

async function loadJobs() {
  const jobs = await api('/api/v1/jobs?limit=12');
  for (const job of jobs.reverse()) showJob(job);
}

// A job's updates can arrive out of order (the live stream's news of a poll before the answer to
// the submit that made the job): an older view never replaces a newer one. A job's state never goes
// back, so the state decides; within one state, the time of the last change.
const STATE_ORDER = ['pending', 'submitting', 'submitted', 'queued', 'running', 'succeeded'];

function rank(jobState) {
  const at = STATE_ORDER.indexOf(jobState);
  return at < 0 ? STATE_ORDER.length : at;
}

function isOlder(job, shown) {
  if (!shown) return false;
  if (rank(job.state) !== rank(shown.state)) return rank(job.state) < rank(shown.state);
  return Date.parse(job.updated_at) < Date.parse(shown.updated_at);
}

function showJob(job) {
  if (isOlder(job, state.jobs.get(job.job_id))) return;
  state.jobs.set(job.job_id, job);
  $('no-jobs').hidden = true;
  let item = document.querySelector(`[data-job="${CSS.escape(job.job_id)}"]`);
  const card = el('li', { className: 'job', 'data-job': job.job_id },
    el('div', { className: 'job-head' },
      el('span', { className: 'job-prompt', text: (job.inputs && job.inputs.prompt) || '' }),
      el('span', { className: 'state ' + job.state, text: job.state })),
    job.note ? el('div', { className: 'job-note', text: job.note }) : null,
    el('div', { className: 'job-actions' },
      job.cancellable ? el('button', { type: 'button', className: 'secondary', text: 'Cancel', onclick: () => cancel(job.job_id) }) : null,
      job.state === 'stored' ? el('button', { type: 'button', className: 'secondary', text: 'Open',
        onclick: () => openViewer(job.images[0], job) }) : null));
  if (item) item.replaceWith(card); else $('jobs').prepend(card);
}

async function cancel(jobId) {
  try {
    const report = await api('/api/v1/jobs/' + encodeURIComponent(jobId) + '/cancel', { method: 'POST', body: {} });
    if (report.job) showJob(report.job);
    if (report.outcome !== 'cancelled') alert(report.message);
  } catch (error) {
    alert(error.message);
  }
}

async function loadGallery(reset) {
  if (reset) { state.galleryAfter = null; state.galleryCount = 0; $('gallery').replaceChildren(); }
  const query = new URLSearchParams({ limit: state.pageSize });
  const search = $('gallery-search').value.trim();
  const model = $('gallery-model').value.trim();
  const since = $('gallery-since').value;
  if (search) query.set('search', search);
  if (model) query.set('model', model);
  if (since) query.set('since', since);
  if (state.galleryAfter) query.set('after', state.galleryAfter);
  const page = await api('/api/v1/gallery?' + query);
  for (const item of page.items) $('gallery').append(tile(item));
  state.galleryCount += page.items.length;
  state.galleryAfter = page.next || null;
  $('more').hidden = !page.more;
  const filtered = Boolean(search || model || since);
  $('gallery-empty').hidden = state.galleryCount > 0;
  $('gallery-empty').textContent = filtered ? 'No images match.' : 'No images yet. Generate one!';
  const n = state.galleryCount;
  $('gallery-count').textContent = n ? `${n}${page.more ? '+' : ''} image${n === 1 && !page.more ? '' : 's'}` : '';
}

$('more').addEventListener('click', () => loadGallery(false));
$('gallery-filters').addEventListener('submit', (event) => {
  event.preventDefault();
  loadGallery(true).catch((error) => alert(error.message));
});

function tile(item) {
  const prompt = (item.job.inputs && item.job.inputs.prompt) || '';
  const image = el('img', { src: item.image.url, alt: prompt, loading: 'lazy', width: item.image.width, height: item.image.height });
  return el('li', { className: 'tile' },
    el('button', { type: 'button', 'aria-label': 'Open: ' + prompt, onclick: () => openViewer(item.image, item.job) },
      image, el('p', { text: prompt })));
}

function openViewer(image, job) {
  $('viewer-image').src = image.url;
  $('viewer-image').alt = job.inputs.prompt || '';
  $('viewer-prompt').textContent = job.inputs.prompt || '';
  const rows = [['Model', job.model], ['Size', `${image.width} × ${image.height}`], ['Job', job.job_id],
    ...Object.entries(job.inputs).filter(([k]) => k !== 'prompt').map(([k, v]) => [k, String(v)])];
  $('viewer-settings').replaceChildren(...rows.map(([k, v]) => el('tr', {}, el('th', { text: k }), el('td', { text: v }))));
  $('viewer-download').href = image.url;
  $('viewer-download').setAttribute('download', image.key.split('/').pop());
  $('viewer-reuse').onclick = () => { $('viewer').close(); fillInputs(job.inputs); };
  $('viewer').showModal();
}

function listen() {
  const source = new EventSource('/api/v1/events');
  // On every (re)connection, catch up on what happened while the stream was not listening.
  source.onopen = () => {
    $('live').textContent = 'live';
    $('live').classList.add('on');
    loadJobs().catch(() => {});
  };
  source.onerror = () => { $('live').textContent = 'reconnecting…'; $('live').classList.remove('on'); };
  source.addEventListener('job', (event) => {
    const job = JSON.parse(event.data);
    showJob(job);
    if (job.state === 'stored') loadGallery(true);
  });
}

start().catch((error) => console.error(error));
