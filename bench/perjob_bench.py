#!/usr/bin/env python3
"""The per-job path under concurrency (issue 14, part 3), against the RunComfy emulator on loopback.

Runs `easel batch` of --jobs lines (60) at --concurrency (20): waves of 20 jobs submitted together that
finish at the emulator at about the same moment, so their submits and their stores all compete; the
first wave runs in a JVM just started (its code not compiled yet), the last in a warm one. Prints,
per job, over every job and over the last wave:
  - submit above the server's answer: from the job entering SUBMITTING (Easel's clock, before the
    claim's commit) to it entering SUBMITTED (the provider's answer read, before that commit),
    less the emulator's own time for that submit (its handler getting the request to the answer
    written, `answered_ms` in its stats);
  - SUCCEEDED seen -> STORED durable: from the job entering SUCCEEDED (Easel read the finished
    status) to the batch printing the stored file's path, which it does once STORED is committed;
    read here from the batch's stdout as each line arrives;
  - for reference, the same from the STORED record's own time (taken before its commit), and the
    emulator's time per call and the size of the file it serves.
Times are the median over jobs and the 90th percentile, per run; the summary gives the median of the runs'. With --baseline DIR (another
checkout, built) it runs that build and this one alternately, --rounds times each (A B A B ...),
against this checkout's emulator.

Usage: python3 bench/perjob_bench.py [--jobs 60] [--concurrency 20] [--latency 1.0] [--rounds 3] [--baseline DIR] [--no-write]
Needs a built easel (mvn -q -DskipTests package). Rewrites its section of docs/benchmarks.md unless --no-write.
"""
import argparse
import datetime
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import tempfile
import threading
import urllib.request

import batch_bench
import docsection
from batch_bench import TOKEN, start_emulator

ROOT = pathlib.Path(__file__).resolve().parent.parent
JAR = ROOT / "adapter-cli" / "target" / "easel.jar"
MARK_START = "<!-- bench:perjob:start -->"
MARK_END = "<!-- bench:perjob:end -->"


def stats(base):
    with urllib.request.urlopen(base + "/_emulator/stats") as answer:
        return json.load(answer)


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def run_batch(launcher, base, work, jobs, concurrency):
    """One batch of `jobs` lines at `concurrency`; returns per-job figures, for every job and for the last wave."""
    home, out = work / "home", work / "out"
    env = dict(os.environ, RUNCOMFY_BASE_URL=base, RUNCOMFY_API_TOKEN=TOKEN, EASEL_HOME=str(home), EASEL_OUTPUT=str(out))
    # A user's home already has its journal's database: made here, untimed.
    subprocess.run([str(launcher), "jobs"], env=env, capture_output=True, check=True)
    lines = work / "lines.txt"
    lines.write_text("".join(f"per-job bench {work.name} frame {i}\n" for i in range(1, jobs + 1)))
    load = os.getloadavg()[0]
    proc = subprocess.Popen([str(launcher), "batch", str(lines), "-c", str(concurrency), "-q"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
    printed = {}
    errors = []
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()))
    reader.start()
    for line in proc.stdout:
        name = pathlib.Path(line.strip()).name
        printed[name.rsplit("-", 1)[0]] = datetime.datetime.now(datetime.timezone.utc)
    code = proc.wait()
    reader.join()
    if code != 0:
        raise SystemExit(f"easel batch failed ({code}): {''.join(errors)[-2000:]}")
    answered = {j["request_id"]: j.get("answered_ms") for j in stats(base)["jobs"]}
    per_job = []
    for record in out.glob("*/*.json"):
        job = json.loads(record.read_text())
        entered = {}
        for step in job["history"]:
            entered.setdefault(step["state"], parse_time(step["at"]))
        server = answered.get(job.get("request_id"))
        if server is None or job["job_id"] not in printed:
            continue
        submit = (entered["SUBMITTED"] - entered["SUBMITTING"]).total_seconds() * 1000
        per_job.append((entered["SUCCEEDED"], {
            "submit above the server's answer": submit - server,
            "the server's own answer to the submit": server,
            "SUCCEEDED seen -> STORED durable (printed)": (printed[job["job_id"]] - entered["SUCCEEDED"]).total_seconds() * 1000,
            "SUCCEEDED seen -> STORED record's time": (entered["STORED"] - entered["SUCCEEDED"]).total_seconds() * 1000}))
    if len(per_job) != jobs:
        raise SystemExit(f"expected {jobs} stored jobs, found {len(per_job)}")
    per_job.sort(key=lambda j: j[0])
    return {"load": load, "figures": collect(j for _, j in per_job),
            "last wave": collect(j for _, j in per_job[-concurrency:])}


def collect(jobs):
    figures = {}
    for job in jobs:
        for name, value in job.items():
            figures.setdefault(name, []).append(value)
    return figures


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--latency", type=float, default=1.0, help="seconds each job runs at the emulator")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each build")
    parser.add_argument("--baseline", type=pathlib.Path, help="another built checkout, run alternately with this one")
    parser.add_argument("--warm-calls", type=int, default=200)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not JAR.exists():
        raise SystemExit("build first: mvn -q -DskipTests package")
    builds = ([("before", args.baseline / "easel")] if args.baseline else []) + [("now", ROOT / "easel")]
    load_at_start = os.getloadavg()[0]
    emulator, base = start_emulator(args.latency)
    work = pathlib.Path(tempfile.mkdtemp(prefix="easel-perjob-bench-"))
    runs = {name: [] for name, _ in builds}
    try:
        size = batch_bench.warm(base, args.warm_calls)
        for i in range(args.rounds):
            for name, launcher in builds:
                place = work / f"{name}-{i}"
                place.mkdir()
                runs[name].append(run_batch(launcher, base, place, args.jobs, args.concurrency))
        handling = stats(base).get("handling", {})
    finally:
        emulator.terminate()
        emulator.wait(30)
        shutil.rmtree(work, ignore_errors=True)

    command = f"python3 bench/perjob_bench.py --jobs {args.jobs} --concurrency {args.concurrency} --rounds {args.rounds}" + (
        " --baseline DIR" if args.baseline else "")
    lines = [f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores shared by"
             f" Easel and the emulator: `easel batch` of {args.jobs} lines at concurrency {args.concurrency},"
             f" jobs of {args.latency:g} s at the emulator, which serves a 2304x1728 PNG of {size / 1e6:.2f} MB;"
             f" load average {load_at_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end."
             f" Command: `{command}`" + (" (DIR: another checkout, built; A B A B)." if args.baseline else "."), "",
             "| build, run (load) | jobs | submit above the server's answer p50 / p90 | SUCCEEDED seen → STORED durable"
             " p50 / p90 | the same to the STORED record's time p50 / p90 | the server's answer to a submit p50 |",
             "| --- | --- | --- | --- | --- | --- |"]
    keys = ["submit above the server's answer", "SUCCEEDED seen -> STORED durable (printed)",
            "SUCCEEDED seen -> STORED record's time"]
    server = "the server's own answer to the submit"
    for i in range(args.rounds):
        for name, _ in builds:
            r = runs[name][i]
            for which in ("figures", "last wave"):
                f = r[which]
                cells = [f"{statistics.median(f[k]):.1f} / {percentile(f[k], 90):.1f} ms" for k in keys]
                lines.append(f"| {name}, run {i + 1} ({r['load']:.1f}) | {'all' if which == 'figures' else 'last wave'} | "
                             + " | ".join(cells) + f" | {statistics.median(f[server]):.1f} ms |")
    lines.append("")
    for name, _ in builds:
        for which in ("figures", "last wave"):
            parts = []
            for k in keys[:2]:
                p50s = [statistics.median(r[which][k]) for r in runs[name]]
                p90s = [percentile(r[which][k], 90) for r in runs[name]]
                parts.append(f"{k.replace('->', '→').replace(' (printed)', '')} p50 {statistics.median(p50s):.1f} ms,"
                             f" p90 {statistics.median(p90s):.1f} ms")
            lines.append(f"- {name}, {'every job' if which == 'figures' else 'the last wave'} (medians of the runs): "
                         + "; ".join(parts))
    handled = [f"{kind} {h['p50_ms']:.1f} / {h['p90_ms']:.1f} ms" for kind, h in handling.items()
               if kind in ("submit", "status", "file")]
    lines.append("")
    lines.append("The emulator's own time per call (p50 / p90, warm-up included): " + "; ".join(handled) + ".")
    section = "\n".join([MARK_START, ""] + lines + ["", MARK_END])
    print(section)
    if not args.no_write:
        docsection.rewrite(MARK_START, MARK_END, section)


if __name__ == "__main__":
    main()
