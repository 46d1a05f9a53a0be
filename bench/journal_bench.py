#!/usr/bin/env python3
"""Journal benchmark: `easel jobs`, the API's gallery and search, at 10k, 100k and 1M journaled jobs.

For each size, builds a SQLite journal directly (the schema is made by Easel itself on an empty home,
then rows are inserted with Python's sqlite3 in one transaction, the full-text index built once at
the end, and no statistics gathered, as in a journal Easel made itself; as many as asked, every 100th job failed and the rest
stored with one image; one job has a prompt no other has), then measures, each in a new
process through the launcher:
  - cold `easel jobs --limit 20` and `easel jobs --search "<the unique prompt>"`: median wall time
    and the largest RSS over --runs runs;
  - `easel serve` on that journal: GET /api/v1/gallery?limit=24 (the first page, page 21, and the
    page after the job in the middle of the journal), GET /api/v1/jobs?search=... and the gallery's
    search (stored jobs with those words): p50 and p99 latency over --requests requests each, one
    client at a time;
  - the database's bytes per job (the file after a WAL checkpoint, divided by the jobs).

--import N measures the acceptance path instead: a JSON-lines journal of N jobs in the format Easel
wrote before the database (three lines per job: pending, submitted, stored) is imported by the first
command; then cold `easel jobs --limit 20` and `--search` are timed as above.

--usage measures `easel usage --by model|day|key` (no --since: every job counts) instead, cold, and
the API's GET /api/v1/usage?by=...; with --baseline DIR (another checkout, built) each figure is taken
alternately in that build and in this one, each on its own copy of one journal built by the baseline
(this build's first command migrates its copy; that is timed too).

Usage: python3 bench/journal_bench.py [--sizes 10000,100000,1000000] [--runs 5] [--requests 200]
       python3 bench/journal_bench.py --import 100000
       python3 bench/journal_bench.py --usage --sizes 100000 [--baseline DIR]
Needs: a built easel (mvn -q -DskipTests package). Writes nothing outside a temporary folder.
"""
import argparse
import hashlib
import json
import os
import pathlib
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
EASEL = ROOT / "easel"
MODEL = "bytedance/seedream-5/lite/text-to-image"
UNIQUE = "violet zeppelin above a quiet harbour"
TERMINAL = ("STORED", "FAILED", "CANCELLED", "EXPIRED")
BASE = 1_763_700_000  # 2025-11-21, seconds


def words(rng):
    syllables = ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "pe", "da", "ri", "zo", "ne", "ta", "bu", "sha"]
    vocabulary = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))) for _ in range(3000)})
    vocabulary += ["fox", "lighthouse", "snow", "dusk", "portrait", "city", "forest", "river", "studio", "product"]
    return vocabulary


def job_id(n, rng):
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(BASE + n))
    return stamp + "-" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(6))


def iso(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + "Z"


def make_job(n, rng, vocabulary, total):
    """One job as JobJson writes it, and its columns."""
    ident = job_id(n, rng)
    prompt = UNIQUE if n == total // 2 else " ".join(rng.choice(vocabulary) for _ in range(rng.randint(6, 14)))
    created = BASE + n
    stored = n % 100 != 0
    history = [{"state": "PENDING", "at": iso(created)}, {"state": "SUBMITTING", "at": iso(created)},
               {"state": "SUBMITTED", "at": iso(created + 1)}]
    record = {"job_id": ident, "model": MODEL,
              "inputs": {"prompt": prompt, "resolution": "2304x1728 (4:3)", "max_images": 1, "output_format": "png",
                         "sequential_image_generation": "disabled", "optimize_prompt_options": "standard"},
              "request_id": f"req-{n:08d}", "created_at": iso(created)}
    if not stored:
        history += [{"state": "FAILED", "at": iso(created + 21), "note": "refused by the provider"}]
    else:
        history += [{"state": "SUCCEEDED", "at": iso(created + 20)}, {"state": "STORED", "at": iso(created + 21)}]
        day = time.strftime("%Y-%m-%d", time.gmtime(created))
        record["output_urls"] = [f"https://example.invalid/{ident}-1.png"]
        record["outputs"] = [{"key": f"{day}/{ident}-1.png", "bytes": 2_400_000,
                              "sha256": hashlib.sha256(ident.encode()).hexdigest(), "media_type": "image/png",
                              "width": 2304, "height": 1728}]
        record["cost_usd"] = 0.035
    record.update({"state": history[-1]["state"], "updated_at": history[-1]["at"], "history": history})
    return record, prompt, created, stored


def easel_env(home):
    # serve needs a token to start; nothing here reaches a provider (every job has ended).
    env = dict(os.environ, EASEL_HOME=str(home), EASEL_OUTPUT=str(home.parent / "out"),
               RUNCOMFY_API_TOKEN="bench-token", RUNCOMFY_BASE_URL="http://127.0.0.1:9",
               EASEL_REQUESTS_PER_MINUTE="1000000")  # one client sends every request here
    env.pop("EASEL_DATABASE_URL", None)
    return env


def run(cmd, env, cwd):
    """Wall seconds, peak RSS in MB, stdout, stderr and CPU seconds (user + system) of one process."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M %U %S"] + cmd, env=env, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    rss_kb, user, system = done.stderr.strip().splitlines()[-1].split()
    run.cpu = float(user) + float(system)
    return wall, int(rss_kb) / 1024, done.stdout, done.stderr


def history_hash(history):
    """SqlJobJournal.historyHash: SHA-256 over each step's state, time and note, the first 16 bytes in hex."""
    text = "".join(f"{step['state']}\0{step['at']}\0{step.get('note', '')}\n" for step in history)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def rows(total, rng, vocabulary):
    for n in range(total):
        record, prompt, created, stored = make_job(n, rng, vocabulary, total)
        yield (record["job_id"], created * 1000, created * 1000 + 21_000, record["state"], MODEL, record["request_id"],
               prompt, 35_000 if stored else None, history_hash(record["history"]),
               json.dumps(record, separators=(",", ":")))


def build_database(home, total, rng, easel=EASEL):
    """Easel makes the schema (Flyway) on an empty home; the rows go in with one transaction and one
    statement, and the full-text index is built once at the end (as Easel's import does): a trigger per
    row costs more than the row."""
    run([str(easel), "jobs"], easel_env(home), home.parent)
    database = home / "easel.db"
    vocabulary = words(rng)
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("PRAGMA cache_size=-262144")
    connection.execute("BEGIN")
    trigger = connection.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                                 " AND name = 'jobs_text_insert'").fetchone()[0]
    connection.execute("DROP TRIGGER jobs_text_insert")
    connection.executemany("INSERT INTO jobs (id, created_at, updated_at, state, model, request_id, prompt,"
                           " cost_micros, history_hash, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           rows(total, rng, vocabulary))
    connection.execute("INSERT INTO jobs_text (jobs_text) VALUES ('rebuild')")
    connection.execute(trigger)
    connection.execute("COMMIT")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return database


def write_jsonl(path, total, rng):
    """The pre-database journal: one line per state change (three per job here)."""
    vocabulary = words(rng)
    with open(path, "w") as out:
        for n in range(total):
            record, _, _, _ = make_job(n, rng, vocabulary, total)
            for upto in (1, 3, len(record["history"])):  # pending, submitted, then stored or failed
                line = dict(record, history=record["history"][:upto], state=record["history"][upto - 1]["state"],
                            updated_at=record["history"][upto - 1]["at"])
                if upto < len(record["history"]):
                    line.pop("outputs", None)
                    line.pop("output_urls", None)
                    line.pop("cost_usd", None)
                out.write(json.dumps(line, separators=(",", ":")) + "\n")


def cold_commands(home, runs):
    env = easel_env(home)
    results = {}
    for name, cmd in (("jobs --limit 20", [str(EASEL), "jobs", "--limit", "20"]),
                      ("jobs --search", [str(EASEL), "jobs", "--search", UNIQUE]),
                      ("baseline: easel --version", [str(EASEL), "--version"])):
        walls, rss, cpus = [], [], []
        for _ in range(runs):
            wall, mb, out, _ = run(cmd, env, home.parent)
            walls.append(wall)
            rss.append(mb)
            cpus.append(run.cpu)
            if name == "jobs --search":
                found = [l for l in out.splitlines()[1:] if l.strip()]
                if len(found) != 1 or UNIQUE not in found[0]:
                    raise SystemExit(f"--search found {len(found)} jobs, not exactly the one: {out}")
        results[name] = {"median_s": round(statistics.median(walls), 2), "min_s": round(min(walls), 2),
                         "median_cpu_s": round(statistics.median(cpus), 2), "max_rss_mb": round(max(rss))}
    return results


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def latencies(url, requests):
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        with urllib.request.urlopen(url) as answer:
            answer.read()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1), "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 1)}


def api(home, requests):
    port = free_port()
    serve = subprocess.Popen([str(EASEL), "serve", "--port", str(port)], env=easel_env(home), cwd=home.parent,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/api/v1/gallery?limit=1").read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("easel serve did not answer")
                time.sleep(0.2)
        first = json.load(urllib.request.urlopen(base + "/api/v1/gallery?limit=24"))
        deep = first
        for _ in range(20):
            deep = json.load(urllib.request.urlopen(base + "/api/v1/gallery?limit=24&after=" + deep["next"]))
        query = urllib.parse.quote(UNIQUE)
        found = json.load(urllib.request.urlopen(base + "/api/v1/jobs?search=" + query))
        if len(found) != 1:
            raise SystemExit(f"the API's search found {len(found)} jobs")
        middle = found[0]["job_id"]  # the job with the unique prompt was made halfway through the journal
        routes = {"gallery first page": "/api/v1/gallery?limit=24",
                  "gallery page 21": "/api/v1/gallery?limit=24&after=" + deep["next"],
                  "gallery page in the middle": "/api/v1/gallery?limit=24&after=" + middle,
                  "jobs search": "/api/v1/jobs?search=" + query,
                  "gallery search": "/api/v1/gallery?limit=24&search=" + query}
        for url in routes.values():
            latencies(base + url, 50)  # warm-up, so that no figure carries the JIT's first compilations
        return {name: latencies(base + url, requests) for name, url in routes.items()}
    finally:
        serve.terminate()
        serve.wait(30)


def bench_size(total, runs, requests):
    work = pathlib.Path(tempfile.mkdtemp(prefix="easel-journal-bench-"))
    try:
        home = work / "home"
        started = time.perf_counter()
        database = build_database(home, total, random.Random(total))
        built = time.perf_counter() - started
        size = database.stat().st_size
        result = {"jobs": total, "build_s": round(built, 1), "bytes_per_job": round(size / total)}
        result.update(cold_commands(home, runs))
        result["api"] = api(home, requests)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench_import(total, runs):
    work = pathlib.Path(tempfile.mkdtemp(prefix="easel-import-bench-"))
    try:
        home = work / "home"
        home.mkdir()
        jsonl = home / "journal.jsonl"
        write_jsonl(jsonl, total, random.Random(total))
        jsonl_bytes = jsonl.stat().st_size
        wall, mb, out, err = run([str(EASEL), "jobs", "--limit", "20"], easel_env(home), work)
        report = [l for l in err.splitlines() if "imported" in l]
        result = {"jobs": total, "jsonl_mb": round(jsonl_bytes / 1e6, 1),
                  "first command (import) s": round(wall, 2), "first command (import) CPU s": round(run.cpu, 2),
                  "first command max RSS MB": round(mb),
                  "report": report[0] if report else None,
                  "bytes_per_job": round((home / "easel.db").stat().st_size / total)}
        result.update(cold_commands(home, runs))
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def usage_latencies(bases, route, requests):
    """p50 and p99 of GET route on each server, the servers asked alternately (A B A B ...)."""
    times = {base: [] for base in bases}
    for _ in range(requests):
        for base in bases:
            start = time.perf_counter()
            with urllib.request.urlopen(base + route) as answer:
                answer.read()
            times[base].append((time.perf_counter() - start) * 1000)
    result = []
    for base in bases:
        ordered = sorted(times[base])
        result.append({"p50_ms": round(statistics.median(ordered), 1),
                       "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 1)})
    return result


def start_serve(easel, home):
    port = free_port()
    serve = subprocess.Popen([str(easel), "serve", "--port", str(port)], env=easel_env(home), cwd=home.parent,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(base + "/api/v1/usage?by=model").read()
            return serve, base
        except OSError:
            if time.monotonic() > deadline:
                serve.terminate()
                raise SystemExit("easel serve did not answer")
            time.sleep(0.2)


def bench_usage(total, runs, requests, baseline):
    """`easel usage --by model|day|key` (no --since, so every job counts) cold, each run a new process,
    and the API's usage route on a running server; with a baseline build, both alternately (A B A B),
    each on its own copy of one journal (built by the baseline, so that this build's first command
    migrates it: that migration is timed too)."""
    work = pathlib.Path(tempfile.mkdtemp(prefix="easel-usage-bench-"))
    builds = ([("before", baseline / "easel")] if baseline else []) + [("now", EASEL)]
    try:
        first_home = work / builds[0][0] / "home"
        first_home.parent.mkdir(parents=True)
        build_database(first_home, total, random.Random(total), builds[0][1])
        homes = {builds[0][0]: first_home}
        for name, _ in builds[1:]:
            homes[name] = work / name / "home"
            homes[name].mkdir(parents=True)
            shutil.copy(first_home / "easel.db", homes[name] / "easel.db")
        result = {"jobs": total, "load_at_start": round(os.getloadavg()[0], 1)}
        if baseline:
            wall, _, _, _ = run([str(EASEL), "jobs", "--limit", "1"], easel_env(homes["now"]), homes["now"].parent)
            result["now: first command (migrates the journal) s"] = round(wall, 2)
        for by in ("model", "day", "key"):
            walls = {name: [] for name, _ in builds}
            cpus = {name: [] for name, _ in builds}
            for _ in range(runs):
                for name, easel in builds:
                    wall, _, out, _ = run([str(easel), "usage", "--by", by], easel_env(homes[name]), homes[name].parent)
                    if str(total) not in out.replace(",", ""):
                        raise SystemExit(f"usage --by {by} did not count {total} jobs:\n{out}")
                    walls[name].append(wall)
                    cpus[name].append(run.cpu)
            for name, _ in builds:
                result[f"{name}: usage --by {by}"] = {"median_s": round(statistics.median(walls[name]), 3),
                                                      "min_s": round(min(walls[name]), 3),
                                                      "median_cpu_s": round(statistics.median(cpus[name]), 2)}
        servers = [start_serve(easel, homes[name]) for name, easel in builds]
        try:
            for by in ("model", "day", "key"):
                route = f"/api/v1/usage?by={by}"
                usage_latencies([base for _, base in servers], route, 20)  # warm-up
                for (name, _), figures in zip(builds, usage_latencies([base for _, base in servers], route, requests)):
                    result[f"{name}: GET {route}"] = figures
        finally:
            for serve, _ in servers:
                serve.terminate()
                serve.wait(30)
        result["load_at_end"] = round(os.getloadavg()[0], 1)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--import", dest="import_jobs", type=int, default=0)
    parser.add_argument("--usage", action="store_true", help="measure easel usage and the API's usage route instead")
    parser.add_argument("--baseline", type=pathlib.Path, help="with --usage: another built checkout, run alternately")
    args = parser.parse_args()
    if not (ROOT / "adapter-cli" / "target" / "easel.jar").exists():
        raise SystemExit("build first: mvn -q -DskipTests package")
    if args.import_jobs:
        print(json.dumps(bench_import(args.import_jobs, args.runs), indent=2), flush=True)
        return
    for total in (int(s) for s in args.sizes.split(",")):
        if args.usage:
            print(json.dumps(bench_usage(total, args.runs, args.requests, args.baseline), indent=2), flush=True)
        else:
            print(json.dumps(bench_size(total, args.runs, args.requests), indent=2), flush=True)


if __name__ == "__main__":
    main()
