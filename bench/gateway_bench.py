#!/usr/bin/env python3
"""Load benchmark for Easel's RunComfy-compatible gateway, on loopback only.

Starts the emulator and `easel serve` as separate processes, then for --seconds keeps --clients
clients busy, each submitting a job through the gateway and reading its status every --poll seconds
until it completes (as a RunComfy client would), then submitting the next. Reports requests, errors
and latency percentiles per call, and jobs completed per second, and rewrites its section of
docs/benchmarks.md. Every loop is bounded in time and count.

With --rate R it runs open loop instead (issue 14's acceptance): R submits a second for --seconds,
each sent on time whatever the answers before it, statuses not read; the server still follows and
stores every job; the CPU `easel serve` used from the first timed submit until a job's length after
the last, divided by the submits, is reported as its CPU per job (submit, follow and store). Its per-key limits are raised for that run (EASEL_MAX_ACTIVE_PER_KEY,
EASEL_REQUESTS_PER_MINUTE) so that they never answer 429.

With --baseline DIR (another checkout, built) it measures that build's `easel serve` and this one's
alternately, --rounds times each (A B A B ...), against this checkout's emulator, so that both see
the same load; the section then gives each round's figures and the medians.

Usage: python3 bench/gateway_bench.py [--clients 8] [--seconds 20] [--latency 1.0] [--poll 0.25]
                                      [--rate R] [--baseline DIR] [--rounds 3] [--no-write]
Needs a built easel (mvn -q -DskipTests package).
"""
import argparse
import datetime
import json
import os
import pathlib
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
JAR = ROOT / "adapter-cli" / "target" / "easel.jar"
KEY = "bench-team-key-0123456789"
MODEL = "bytedance/seedream-5/lite/text-to-image"
MARK_START = "<!-- bench:gateway:start -->"
MARK_END = "<!-- bench:gateway:end -->"
MAX_JOBS_PER_CLIENT = 500
LOAD_AT_START = 0.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, deadline):
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("timed out waiting for " + url)


def call(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": "Bearer " + KEY, "Content-Type": "application/json"})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            payload = json.load(answer)
            return time.monotonic() - start, payload, None
    except urllib.error.HTTPError as e:
        return time.monotonic() - start, None, f"HTTP {e.code}"
    except OSError as e:
        return time.monotonic() - start, None, type(e).__name__


def client(base, stop_at, poll, results, lock, number):
    for i in range(MAX_JOBS_PER_CLIENT):
        if time.monotonic() >= stop_at:
            return
        took, answer, error = call("POST", f"{base}/v1/models/{MODEL}", {"prompt": f"load client {number} job {i}"})
        with lock:
            results["submit"].append(took)
            if error:
                results["errors"].append(("submit", error))
        if error:
            continue
        status_url = answer["status_url"]
        while time.monotonic() < stop_at + 30:
            time.sleep(poll)
            took, status, error = call("GET", status_url)
            with lock:
                results["status"].append(took)
                if error:
                    results["errors"].append(("status", error))
            if status and status["status"] in ("completed", "failed", "cancelled"):
                with lock:
                    results["completed" if status["status"] == "completed" else "failed"] += 1
                break


def open_loop(base, rate, seconds, results, lock):
    """Sends rate submits a second for seconds, each on its own thread at its planned moment."""
    started = time.monotonic()
    threads = []

    def one(i):
        took, _, error = call("POST", f"{base}/v1/models/{MODEL}", {"prompt": f"open loop job {i}"})
        with lock:
            results["submit"].append(took)
            if error:
                results["errors"].append(("submit", error))

    for i in range(int(rate * seconds)):
        delay = started + i / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        t = threading.Thread(target=one, args=(i,))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()


def cpu_seconds(pid):
    """User + system CPU seconds used so far by process pid (Linux /proc), or None where there is none."""
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def measure(args, launcher):
    """One run: the emulator (this checkout's) and `easel serve` through launcher, then the clients."""
    work = pathlib.Path(tempfile.mkdtemp(prefix="easel-gateway-bench-"))
    emulator_port, serve_port = free_port(), free_port()
    procs = []
    load = os.getloadavg()[0]
    try:
        procs.append(subprocess.Popen(["java", "-jar", str(JAR), "emulator", "--port", str(emulator_port), "--queue", "1ms",
                                       "--run", f"{int(args.latency * 1000)}ms", "--token", "bench-token"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for(f"http://127.0.0.1:{emulator_port}/_emulator/stats", time.monotonic() + 30)
        env = dict(os.environ, RUNCOMFY_BASE_URL=f"http://127.0.0.1:{emulator_port}", RUNCOMFY_API_TOKEN="bench-token",
                   EASEL_HOME=str(work / "home"), EASEL_OUTPUT=str(work / "out"), EASEL_API_KEYS=KEY)
        if args.rate:
            env.update(EASEL_MAX_ACTIVE_PER_KEY="1000", EASEL_REQUESTS_PER_MINUTE="100000")
        procs.append(subprocess.Popen([str(launcher), "serve", "--port", str(serve_port)], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        base = f"http://127.0.0.1:{serve_port}"
        wait_for(base + "/", time.monotonic() + 30)

        results = {"submit": [], "status": [], "errors": [], "completed": 0, "failed": 0, "load": load}
        lock = threading.Lock()
        started = time.monotonic()
        stop_at = started + args.seconds
        if args.rate:
            # A few warm-up submits first, as a server that has been up a while would have had; with
            # --warm-up S, S seconds at the measured rate (not measured), so that the JIT has compiled
            # the submit path as in a server that has been taking submits for a while.
            for i in range(20):
                call("POST", f"{base}/v1/models/{MODEL}", {"prompt": f"warm-up {i}"})
            if args.warm_up:
                open_loop(base, args.rate, args.warm_up, {"submit": [], "errors": []}, lock)
            time.sleep(2)
            cpu_before = cpu_seconds(procs[-1].pid)
            open_loop(base, args.rate, args.seconds, results, lock)
            # Jobs of the timed run are still being followed and stored: wait for about one job's length
            # so that the CPU each submit costs is counted whole (submit, polls, store).
            time.sleep(args.latency + 1)
            cpu_after = cpu_seconds(procs[-1].pid)
            if cpu_before is not None and cpu_after is not None:
                results["cpu_per_job"] = (cpu_after - cpu_before) / len(results["submit"])
        else:
            threads = [threading.Thread(target=client, args=(base, stop_at, args.poll, results, lock, n))
                       for n in range(args.clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        results["elapsed"] = time.monotonic() - started
        return results
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(30)
        shutil.rmtree(work, ignore_errors=True)


def row(name, values, errors, label="", cpu=None):
    return (f"| {label}`{name}` | {len(values)} | {errors} | {ms(percentile(values, 50))} | {ms(percentile(values, 95))}"
            f" | {ms(percentile(values, 99))} | {ms(max(values) if values else float('nan'))} |"
            + (f" {cpu * 1000:.1f} ms |" if cpu is not None else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--latency", type=float, default=1.0, help="seconds each job runs at the emulator")
    parser.add_argument("--poll", type=float, default=0.25, help="seconds between a client's status reads")
    parser.add_argument("--rate", type=float, default=0, help="open loop: submits a second (no status reads)")
    parser.add_argument("--baseline", type=pathlib.Path, help="another built checkout, measured alternately with this one")
    parser.add_argument("--rounds", type=int, default=3, help="with --baseline: runs of each build")
    parser.add_argument("--warm-up", type=float, default=0, help="open loop: seconds at the rate before measuring")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not JAR.exists():
        raise SystemExit("build first: mvn -q -DskipTests package")

    global LOAD_AT_START
    LOAD_AT_START = os.getloadavg()[0]
    if args.baseline:
        lines = compare(args)
    else:
        lines = single(args)
    section = "\n".join([MARK_START, ""] + lines + ["", MARK_END])
    print(section)
    if not args.no_write:
        doc = ROOT / "docs" / "benchmarks.md"
        text = doc.read_text()
        start, end = text.index(MARK_START), text.index(MARK_END) + len(MARK_END)
        doc.write_text(text[:start] + section + text[end:])


def how(args):
    if args.rate:
        return (f"{args.rate:g} submits a second for {args.seconds:g} s in open loop (each sent on time, statuses not"
                f" read; 20 warm-up submits first" + (f", then {args.warm_up:g} s at that rate, not measured" if args.warm_up else "")
                + f"); jobs take {args.latency:g} s at the emulator and are stored by Easel")
    return (f"{args.clients} clients for {args.seconds:g} s, each submitting through the gateway and reading the"
            f" status every {args.poll:g} s until completed; jobs take {args.latency:g} s at the emulator")


def command(args):
    if args.rate:
        line = f"python3 bench/gateway_bench.py --rate {args.rate:g} --seconds {args.seconds:g}"
        if args.warm_up:
            line += f" --warm-up {args.warm_up:g}"
    else:
        line = f"python3 bench/gateway_bench.py --clients {args.clients} --seconds {args.seconds:g}"
    if args.baseline:
        line += f" --baseline DIR --rounds {args.rounds}"
    return line


def single(args):
    results = measure(args, ROOT / "easel")
    lines = [f"Run {datetime.date.today()} on {os.cpu_count()} cores, Easel, the emulator and the clients sharing them:"
             f" {how(args)}; load average {LOAD_AT_START:.1f} at the start. Command: `{command(args)}`.", "",
             "| call | requests | errors | p50 | p95 | p99 | max |" + (" serve's CPU per job |" if "cpu_per_job" in results else ""),
             "| --- | --- | --- | --- | --- | --- | --- |" + (" --- |" if "cpu_per_job" in results else "")]
    for name in ("submit", "status"):
        values = results[name]
        if values:
            lines.append(row(name, values, sum(1 for kind, _ in results["errors"] if kind == name), "",
                             results.get("cpu_per_job") if name == "submit" else None))
    if not args.rate:
        lines += ["", f"{results['completed']} jobs completed ({results['completed'] / results['elapsed']:.1f} per second,"
                  f" each stored by Easel before it reads `completed`), {results['failed']} failed."]
    return lines


def compare(args):
    """Baseline and this build alternately; each round's submit figures, then the medians of the rounds."""
    builds = [("before", args.baseline / "easel"), ("now", ROOT / "easel")]
    rounds = {name: [] for name, _ in builds}
    for _ in range(args.rounds):
        for name, launcher in builds:
            rounds[name].append(measure(args, launcher))
    lines = [f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores, Easel, the"
             f" emulator and the clients sharing them: {how(args)}; before (DIR, another checkout) and now measured"
             f" alternately, {args.rounds} runs each, against this checkout's emulator; load average"
             f" {LOAD_AT_START:.1f} at the start, {os.getloadavg()[0]:.1f} at the end. Command: `{command(args)}`.", "",
             "| build, run (load at its start) | requests | errors | p50 | p95 | p99 | max |"
             + (" serve's CPU per job |" if args.rate else ""),
             "| --- | --- | --- | --- | --- | --- | --- |" + (" --- |" if args.rate else "")]
    for i in range(args.rounds):
        for name, _ in builds:
            r = rounds[name][i]
            lines.append(row("submit", r["submit"], sum(1 for kind, _ in r["errors"] if kind == "submit"),
                             f"{name}, run {i + 1} ({r['load']:.1f}): ", r.get("cpu_per_job")))
    lines.append("")
    for name, _ in builds:
        p50s = [percentile(r["submit"], 50) for r in rounds[name]]
        p95s = [percentile(r["submit"], 95) for r in rounds[name]]
        cpus = [r["cpu_per_job"] for r in rounds[name] if "cpu_per_job" in r]
        lines.append(f"- {name}: submit p50 {', '.join(ms(v) for v in p50s)} (median {ms(statistics.median(p50s))}),"
                     f" p95 {', '.join(ms(v) for v in p95s)}"
                     + (f"; serve's CPU per job {', '.join(f'{c * 1000:.1f}' for c in cpus)} ms" if cpus else ""))
    return lines


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


if __name__ == "__main__":
    main()
