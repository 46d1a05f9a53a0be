#!/usr/bin/env python3
"""Batch benchmark for Easel, against the RunComfy emulator on loopback.

Runs, side by side and each against a fresh emulator process with the same job latency:
  1. `easel batch` (JVM start included),
  2. the seed page's curl workflow scripted the plain way (bench/curl_workflow.sh),
  3. the ideal time: jobs x latency / concurrency;
then a memory run: many 3K PNGs of realistic size (about 28 MB each) through a small fixed heap.
It reports wall time, ratio to ideal, status calls per job, time from a job finishing at the
provider to its file being stored, and peak memory, and rewrites its section of docs/benchmarks.md
and the plot docs/benchmark-batch.svg.

Usage: python3 bench/batch_bench.py [--jobs 60] [--latency 1.0] [--concurrency 20]
                                     [--memory-jobs 100] [--skip-curl] [--no-write] [--warm-calls 300] [--fresh-home]
Needs: a built easel (mvn -q -DskipTests package), curl, jq, and GNU time (/usr/bin/time) for peak memory.
"""
import argparse
import datetime
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
JAR = ROOT / "adapter-cli" / "target" / "easel.jar"
TOKEN = "bench-token"
MARK_START = "<!-- bench:batch:start -->"
MARK_END = "<!-- bench:batch:end -->"
LOAD_AT_START = 0.0


def start_emulator(latency, realistic=False):
    cmd = ["java", "-Xmx3g", "-Djava.awt.headless=true", "-jar", str(JAR), "emulator", "--port", "0",
           "--queue", "1ms", "--run", f"{int(latency * 1000)}ms", "--token", TOKEN]
    if realistic:
        cmd.append("--realistic-sizes")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    base = None
    for line in proc.stdout:
        if line.startswith("export RUNCOMFY_BASE_URL="):
            base = line.strip().split("=", 1)[1]
        if line.startswith("export RUNCOMFY_API_TOKEN="):
            break
    if base is None:
        raise SystemExit("the emulator did not start")
    return proc, base


MODEL = "bytedance/seedream-5/lite/text-to-image"


def warm(base, calls):
    """Sends the emulator calls of every kind before the timed run, one after another on one connection.

    A provider's servers are warm; a freshly started emulator is a JVM whose first answers run in the
    interpreter (Jackson, the schema check) and whose JIT then competes with Easel for the CPU. So each
    of `calls` warm-up jobs is submitted and asked for its status and result while it runs, then, once
    it has finished, asked again (the finished answers are other code) and its image downloaded: every
    path a timed job takes. Its warm-up jobs finish before the timed run and are left out of its
    figures. Returns the size of the image the emulator serves.
    """
    import http.client
    host, port = base.split("//", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port))
    headers = {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"}
    ids = []
    for n in range(calls):
        connection.request("POST", "/v1/models/" + MODEL, body=json.dumps({"prompt": f"warm {n}"}), headers=headers)
        ids.append(json.loads(connection.getresponse().read())["request_id"])
        for kind in ("status", "result"):
            connection.request("GET", f"/v1/requests/{ids[-1]}/{kind}", headers=headers)
            connection.getresponse().read()
    size = 0
    for request_id in ids:
        while True:
            connection.request("GET", f"/v1/requests/{request_id}/status", headers=headers)
            if json.loads(connection.getresponse().read())["status"] == "completed":
                break
            time.sleep(0.05)
        connection.request("GET", f"/v1/requests/{request_id}/result", headers=headers)
        image = json.loads(connection.getresponse().read())["output"]["image"]
        connection.request("GET", "/" + image.split("/", 3)[3])
        size = len(connection.getresponse().read())
    connection.close()
    return size


def stats(base):
    with urllib.request.urlopen(base + "/_emulator/stats") as answer:
        return json.load(answer)


def timed(cmd, env):
    """Runs cmd under GNU time when present; returns (wall seconds, peak RSS in MB or None, stdout)."""
    full = (["/usr/bin/time", "-v"] + cmd) if shutil.which("time") or os.path.exists("/usr/bin/time") else cmd
    start = time.monotonic()
    done = subprocess.run(full, env=env, capture_output=True, text=True)
    wall = time.monotonic() - start
    if done.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr))
    timed.cpu = cpu if cpu > 0 else None
    return wall, (int(match.group(1)) / 1024 if match else None), done.stdout


def easel_env(base, home, out, java_opts=None):
    env = dict(os.environ, RUNCOMFY_BASE_URL=base, RUNCOMFY_API_TOKEN=TOKEN, EASEL_HOME=str(home), EASEL_OUTPUT=str(out))
    if java_opts:
        env["EASEL_JAVA_OPTS"] = java_opts
    return env


def job_histories(out_dir):
    """Each stored job's record: request id and the first time it entered each state."""
    jobs = []
    for record in pathlib.Path(out_dir).glob("*/*.json"):
        job = json.loads(record.read_text())
        entered = {}
        for step in job["history"]:
            entered.setdefault(step["state"], parse_time(step["at"]))
        jobs.append({"request_id": job.get("request_id"), "entered": entered})
    return jobs


def breakdown(out_dir, emulator_stats, launched, exited, concurrency):
    """Where a batch's time went: the path to the first submit and the end, and each job's phases.

    Times come from the jobs' records (each state's time, taken by Easel when it entered it) and the
    emulator's stats (when it received each submit and when the job finished there), on one clock.
    """
    at_server = {j["request_id"]: (parse_time(j["submitted_at"]), parse_time(j["finished_at"]))
                 for j in emulator_stats["jobs"]}
    jobs = [j for j in job_histories(out_dir) if j["request_id"] in at_server
            and all(s in j["entered"] for s in ("SUBMITTING", "SUBMITTED", "SUCCEEDED", "STORED"))]
    if not jobs:
        return None
    at_server = {request_id: times for request_id, times in at_server.items()
                 if request_id in {j["request_id"] for j in jobs}}
    phases = {name: [] for name in PHASES}
    for j in jobs:
        e, (received, finished) = j["entered"], at_server[j["request_id"]]
        phases["submit"].append(seconds(e["SUBMITTING"], e["SUBMITTED"]))
        phases["submit, before the server has it"].append(seconds(e["SUBMITTING"], received))
        phases["submit, after the server has it"].append(seconds(received, e["SUBMITTED"]))
        phases["finished → noticed"].append(seconds(finished, e["SUCCEEDED"]))
        phases["store"].append(seconds(e["SUCCEEDED"], e["STORED"]))
        phases["at the provider beyond the model's run"].append(
            seconds(e["SUBMITTING"], e["SUCCEEDED"]) - seconds(received, finished))
    # A slot's next job starts when its last one leaves it: the k-th job to arrive at the provider after
    # the first wave takes the slot of the k-th job to finish there. The time between is the slot's idle
    # time at the provider (noticing the end, then the next submit), what the waves lose to Easel.
    submits = sorted(j["entered"]["SUBMITTING"] for j in jobs)
    arrivals = sorted(at_server[j["request_id"]][0] for j in jobs)
    finishes = sorted(at_server[j["request_id"]][1] for j in jobs)
    ends = sorted(j["entered"]["STORED"] for j in jobs)
    phases["slot idle: a job finished → the next arrived"] = [seconds(finishes[k], arrivals[k + concurrency])
                                                              for k in range(len(arrivals) - concurrency)]
    first_submit, last_finished = submits[0], max(f for _, f in at_server.values())
    path = {"start → first submit": seconds(launched, first_submit),
            "first submit → last finished at the provider": seconds(first_submit, last_finished),
            "(of which first submit → the whole first wave at the provider)":
                seconds(first_submit, arrivals[min(concurrency, len(arrivals)) - 1]),
            "last finished → last stored": seconds(last_finished, ends[-1]),
            "last stored → exit": seconds(ends[-1], exited)}
    return {"path": path, "phases": {name: values for name, values in phases.items() if values},
            "handling": emulator_stats.get("handling", {})}


PHASES = ["submit", "submit, before the server has it", "submit, after the server has it", "finished → noticed",
          "store", "at the provider beyond the model's run"]


def seconds(start, end):
    return (end - start).total_seconds()


def breakdown_lines(parts):
    if parts is None:
        return ["(no breakdown: no stored job records)"]
    lines = ["| wall time, in order | seconds |", "| --- | --- |"]
    lines += [f"| {name} | {value:.3f} |" for name, value in parts["path"].items()]
    lines += ["", "| per job | p50 | p90 | max |", "| --- | --- | --- | --- |"]
    for name, values in parts["phases"].items():
        lines.append(f"| {name} | {ms(statistics.median(values))} | {ms(percentile(values, 90))} | {ms(max(values))} |")
    handled = [f"{kind} {h['p50_ms']:.1f} / {h['p90_ms']:.1f} / {h['max_ms']:.1f} ms"
               for kind, h in parts["handling"].items() if kind in ("submit", "status", "result", "file")]
    if handled:
        lines += ["", "The emulator's own time per call, from its handler getting the request to the answer written"
                  " (p50 / p90 / max, warm-up calls included): " + "; ".join(handled) + "."]
    return lines


def ms(value):
    return f"{value * 1000:.0f} ms" if abs(value) < 10 else f"{value:.1f} s"


def finish_to_stored(out_dir, emulator_stats):
    """Seconds from each job finishing at the emulator to its STORED record."""
    finished = {j["request_id"]: parse_time(j["finished_at"]) for j in emulator_stats["jobs"]}
    delays = []
    for record in pathlib.Path(out_dir).glob("*/*.json"):
        job = json.loads(record.read_text())
        stored = [s for s in job["history"] if s["state"] == "STORED"]
        if stored and job.get("request_id") in finished:
            delays.append((parse_time(stored[0]["at"]) - finished[job["request_id"]]).total_seconds())
    return delays


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def prompts(path, n, label):
    path.write_text("".join(f"{label} frame {i}\n" for i in range(1, n + 1)))
    return path


def run_easel(args, work):
    emulator, base = start_emulator(args.latency)
    try:
        home, out = work / "easel-home", work / "easel-out"
        file = prompts(work / "easel.txt", args.jobs, "easel")
        warm(base, args.warm_calls)
        if args.after_batch:
            # A user's next batch: the journal holds an earlier batch of the same model (untimed), whose
            # run times the timed one can recall from its first wave on.
            earlier = prompts(work / "earlier.txt", args.jobs, "earlier")
            subprocess.run([str(ROOT / "easel"), "batch", str(earlier), "-c", str(args.concurrency), "-q"],
                           env=easel_env(base, home, work / "earlier-out"), capture_output=True, check=True)
        elif not args.fresh_home:
            # A user's home already has its journal's database: made here, untimed, by a command that
            # opens it and calls no provider. --fresh-home times a first command's making of it too.
            subprocess.run([str(ROOT / "easel"), "jobs"], env=easel_env(base, home, out), capture_output=True, check=True)
        earlier_stats = stats(base)
        before = earlier_stats["calls"].get("status", 0)
        launched = datetime.datetime.now(datetime.timezone.utc)
        wall, rss, stdout = timed([str(ROOT / "easel"), "batch", str(file), "-c", str(args.concurrency), "-q"],
                                  easel_env(base, home, out))
        exited = datetime.datetime.now(datetime.timezone.utc)
        emulator_stats = stats(base)
        stored = len(stdout.split())
        delays = finish_to_stored(out, emulator_stats)
        return {"wall": wall, "rss": rss, "stored": stored, "cpu": timed.cpu,
                "status_per_job": (emulator_stats["calls"].get("status", 0) - before) / args.jobs,
                "delay_median": statistics.median(delays), "delay_p95": percentile(delays, 95),
                "submissions": len(emulator_stats["jobs"]) - len(earlier_stats["jobs"]),
                "breakdown": breakdown(out, emulator_stats, launched, exited, args.concurrency)}
    finally:
        emulator.terminate()


def run_curl(args, work):
    emulator, base = start_emulator(args.latency)
    try:
        file = prompts(work / "curl.txt", args.jobs, "curl")
        env = dict(os.environ, RUNCOMFY_BASE_URL=base, RUNCOMFY_API_TOKEN=TOKEN)
        wall, rss, _ = timed(["bash", str(ROOT / "bench" / "curl_workflow.sh"), str(file), str(work / "curl-out")], env)
        emulator_stats = stats(base)
        # The script notices a finished job at its next 2 s poll, then fetches and downloads it.
        return {"wall": wall, "rss": rss, "stored": len(list((work / "curl-out").glob("*.png"))),
                "status_per_job": emulator_stats["calls"].get("status", 0) / args.jobs,
                "delay_median": None, "delay_p95": None, "submissions": len(emulator_stats["jobs"])}
    finally:
        emulator.terminate()


def run_memory(args, work):
    emulator, base = start_emulator(0.2, realistic=True)
    try:
        home, out = work / "mem-home", work / "mem-out"
        file = work / "mem.txt"
        file.write_text("".join(f'{{"prompt": "memory frame {i}", "resolution": "4704x2016 (21:9)"}}\n'
                                for i in range(1, args.memory_jobs + 1)))
        heap = "-Xmx64m"
        wall, rss, stdout = timed([str(ROOT / "easel"), "batch", str(file), "-c", "8", "-q"],
                                  easel_env(base, home, out, heap + " -Djava.awt.headless=true"))
        sizes = [p.stat().st_size for p in out.glob("*/*.png")]
        return {"heap": heap, "wall": wall, "rss": rss, "stored": len(stdout.split()),
                "mean_mb": statistics.mean(sizes) / 1e6 if sizes else 0, "total_gb": sum(sizes) / 1e9}
    finally:
        emulator.terminate()
        shutil.rmtree(work / "mem-out", ignore_errors=True)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def svg(rows, ideal):
    width, bar_h, gap, left = 640, 34, 14, 170
    longest = max([r[1] for r in rows] + [ideal])
    height = len(rows) * (bar_h + gap) + 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="13">',
             f'<text x="10" y="20" font-weight="bold">Wall time for the same batch (s, lower is better)</text>']
    scale = (width - left - 80) / longest
    for i, (label, value, color) in enumerate(rows):
        y = 36 + i * (bar_h + gap)
        parts.append(f'<text x="10" y="{y + bar_h / 2 + 5}">{label}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{max(1, value * scale):.1f}" height="{bar_h}" fill="{color}"/>')
        parts.append(f'<text x="{left + value * scale + 6:.1f}" y="{y + bar_h / 2 + 5}">{value:.1f}</text>')
    x = left + ideal * scale
    parts.append(f'<line x1="{x:.1f}" y1="30" x2="{x:.1f}" y2="{height - 20}" stroke="#444" stroke-dasharray="4 3"/>')
    parts.append(f'<text x="{x + 4:.1f}" y="{height - 8}">ideal {ideal:.1f}</text></svg>')
    return "\n".join(parts) + "\n"


def home_kind(args):
    if args.after_batch:
        return "an EASEL_HOME whose journal holds an earlier batch of the same model"
    return "a new EASEL_HOME" if args.fresh_home else "an EASEL_HOME whose database exists"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=60)
    parser.add_argument("--latency", type=float, default=1.0, help="seconds each job runs at the emulator")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--memory-jobs", type=int, default=100, help="0 skips the memory run")
    parser.add_argument("--skip-curl", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/ alone")
    parser.add_argument("--fresh-home", action="store_true",
                        help="time the batch in a new EASEL_HOME, making its database (default: one made by an untimed `easel jobs`)")
    parser.add_argument("--after-batch", action="store_true",
                        help="time a user's next batch: the home's journal already holds an untimed batch of the same model")
    parser.add_argument("--warm-calls", type=int, default=300,
                        help="submit, status and result calls sent to the emulator before the timed run (0: none)")
    args = parser.parse_args()
    if not JAR.exists():
        raise SystemExit("build first: mvn -q -DskipTests package")

    # The build writes the launcher's class-data-sharing archive (decision 0014); the runs use it.
    archive = ROOT / "adapter-cli" / "target" / "easel.jsa"
    if not archive.exists():
        raise SystemExit("no class-data-sharing archive: build with mvn -q -DskipTests package")
    global LOAD_AT_START
    LOAD_AT_START = os.getloadavg()[0]
    work = pathlib.Path(tempfile.mkdtemp(prefix="easel-bench-"))
    try:
        ideal = args.jobs * args.latency / args.concurrency
        easel = run_easel(args, work)
        curl = None if args.skip_curl else run_curl(args, work)
        memory = run_memory(args, work) if args.memory_jobs > 0 else None
    finally:
        shutil.rmtree(work, ignore_errors=True)

    machine = f"{os.cpu_count()} cores, {platform_java()}"
    lines = [MARK_START, "",
             f"Run {datetime.date.today()} on {machine}: {args.jobs} jobs of {args.latency:g} s each at the emulator,"
             f" concurrency {args.concurrency} for Easel, in {home_kind(args)}."
             f" Command: `python3 bench/batch_bench.py"
             f" --jobs {args.jobs} --latency {args.latency:g} --concurrency {args.concurrency}"
             f"{' --fresh-home' if args.fresh_home else ''}{' --after-batch' if args.after_batch else ''}`.", "",
             "| | wall time | ratio to ideal | status calls per job | finished → stored (median / p95) | peak RSS | stored |",
             "| --- | --- | --- | --- | --- | --- | --- |",
             f"| ideal ({args.jobs} × {args.latency:g} s / {args.concurrency}) | {ideal:.1f} s | 1.00 | | | | |",
             row("`easel batch` (JVM start included)", easel, ideal, args.jobs)]
    if curl:
        lines.append(row("curl workflow, one job after another, poll every 2 s", curl, ideal, args.jobs))
    lines += ["", "![wall time per method](benchmark-batch.svg)", "",
              "Where `easel batch`'s time went (journal times of each job against the emulator's own; a job's"
              " slot of the concurrency is held from its submit until the job is noticed finished):", ""]
    lines += breakdown_lines(easel["breakdown"]) + [""]
    if easel["cpu"] is not None:
        lines += [f"CPU time of the `easel batch` process (user + system): {easel['cpu']:.2f} s"
                  f" (load average at the start: {LOAD_AT_START:.1f}).", ""]
    if memory:
        lines += [f"Memory: {memory['stored']} jobs of 4704x2016 PNGs of realistic size (mean {memory['mean_mb']:.1f} MB,"
                  f" {memory['total_gb']:.1f} GB in all) through `easel batch -c 8` with the heap capped at"
                  f" `{memory['heap']}`: all stored in {memory['wall']:.1f} s, peak RSS {fmt_mb(memory['rss'])}."
                  " Images are streamed from the socket to the file, never held whole in memory.", ""]
    lines.append(MARK_END)
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        doc = ROOT / "docs" / "benchmarks.md"
        text = doc.read_text()
        start, end = text.index(MARK_START), text.index(MARK_END) + len(MARK_END)
        doc.write_text(text[:start] + section + text[end:])
        bars = [("easel batch", easel["wall"], "#3b6ea5")]
        if curl:
            bars.append(("curl workflow", curl["wall"], "#b0563a"))
        (ROOT / "docs" / "benchmark-batch.svg").write_text(svg(bars, ideal))


def row(label, r, ideal, jobs):
    delay = "" if r["delay_median"] is None else f"{r['delay_median']:.2f} s / {r['delay_p95']:.2f} s"
    return (f"| {label} | {r['wall']:.1f} s | {r['wall'] / ideal:.2f} | {r['status_per_job']:.1f} | {delay} |"
            f" {fmt_mb(r['rss'])} | {r['stored']}/{jobs} |")


def fmt_mb(value):
    return "n/a (no GNU time)" if value is None else f"{value:.0f} MB"


def platform_java():
    version = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return version.replace('"', "")


if __name__ == "__main__":
    main()
