#!/usr/bin/env python3
"""Start-up benchmark: how long each `easel` command takes in a fresh JVM, through the launcher.

Prepares a journal with one finished job and its PNG (against an emulator process), then runs every
command that does not call a provider --runs times, each in a new process, and reports the median
and the fastest wall time and the median CPU time (user + system, which noise from other processes
on the machine disturbs less). For `generate` and `batch` it reports the time from starting the
process to the emulator receiving the first submit. Each run is a new JVM; the operating system's
file cache is warm, as it is for anyone running a second command.

With --baseline DIR (another checkout, or a copy of one, holding a built `easel` launcher and its
adapter-cli/target), every command runs alternately in the baseline and in this checkout (A B A B ...),
so that both see the same load, and the table shows both. The load average is reported with the run.

Usage: python3 bench/startup_bench.py [--runs 7] [--baseline DIR] [--java-opts "..."] [--no-cds] [--label TEXT]
                                     [--only jobs,status,usage,models,schema,generate] [--no-write]
Needs: a built easel (mvn -q -DskipTests package).
"""
import argparse
import datetime
import json
import os
import pathlib
import resource
import statistics
import subprocess
import tempfile
import time
import urllib.request

import docsection

ROOT = pathlib.Path(__file__).resolve().parent.parent
JAR = ROOT / "adapter-cli" / "target" / "easel.jar"
TOKEN = "bench-token"
MARK_START = "<!-- bench:startup:start -->"
MARK_END = "<!-- bench:startup:end -->"


def start_emulator():
    cmd = ["java", "-Djava.awt.headless=true", "-jar", str(JAR), "emulator", "--port", "0", "--queue", "1ms",
           "--run", "200ms", "--token", TOKEN]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in proc.stdout:
        if line.startswith("export RUNCOMFY_BASE_URL="):
            return proc, line.strip().split("=", 1)[1]
    raise SystemExit("the emulator did not start")


def submissions(base):
    with urllib.request.urlopen(base + "/_emulator/stats") as answer:
        return json.load(answer)["jobs"]


def run_once(cmd, env, cwd):
    """Wall seconds and CPU seconds (user + system) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stdout


def to_first_submit(cmd, env, cwd, base):
    """Seconds from starting the process to the emulator receiving its first submit, and the wall time."""
    known = len(submissions(base))
    started = datetime.datetime.now(datetime.timezone.utc)
    wall, cpu, _ = run_once(cmd, env, cwd)
    new = submissions(base)[known:]
    if not new:
        raise SystemExit(f"{' '.join(cmd)} submitted nothing")
    first = min(datetime.datetime.fromisoformat(j["submitted_at"].replace("Z", "+00:00")) for j in new)
    return (first - started).total_seconds(), wall, cpu


def batch_file(work, n):
    """A new file each run: a batch never submits a line its journal already holds."""
    path = work / f"batch-{n}.txt"
    path.write_text("".join(f"batch {n} line {i}\n" for i in range(3)))
    return str(path)


def measure(launchers, commands, first_submit_commands, runs, envs, work, base):
    """Per launcher, rows of (label, median, fastest, CPU median, whole-run median): runs alternate between launchers."""
    rows = {name: [] for name in launchers}
    for label, make in commands:
        samples = {name: [] for name in launchers}
        for _ in range(runs):
            for name, easel in launchers.items():
                samples[name].append(run_once(make(name, easel), envs[name], work))
        for name in launchers:
            walls = [w for w, _, _ in samples[name]]
            rows[name].append((label, statistics.median(walls), min(walls),
                               statistics.median(c for _, c, _ in samples[name]), None))
    for label, make in first_submit_commands:
        samples = {name: [] for name in launchers}
        for n in range(runs):
            for name, easel in launchers.items():
                samples[name].append(to_first_submit(make(easel, f"{name}-{n}"), envs[name], work, base))
        for name in launchers:
            firsts = [f for f, _, _ in samples[name]]
            rows[name].append((label, statistics.median(firsts), min(firsts),
                               statistics.median(c for _, _, c in samples[name]),
                               statistics.median(w for _, w, _ in samples[name])))
    return rows



def launchers_to_run(baseline_dir):
    """The `easel` launchers to time: this checkout's ("easel"), or the baseline's ("before") and this one's ("now")."""
    if not JAR.exists():
        raise SystemExit("build first: mvn -q -DskipTests package")
    launchers = {}
    if baseline_dir:
        baseline = pathlib.Path(baseline_dir).resolve() / "easel"
        if not baseline.exists():
            raise SystemExit(f"no easel launcher in {baseline_dir}")
        launchers["before"] = str(baseline)
    launchers["now" if baseline_dir else "easel"] = str(ROOT / "easel")
    return launchers

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline", help="another checkout with a built easel, run alternately with this one")
    parser.add_argument("--java-opts", help="EASEL_JAVA_OPTS for every run (the launcher's own choice otherwise)")
    parser.add_argument("--no-cds", action="store_true", help="EASEL_CDS=off: without the class-data-sharing archive")
    parser.add_argument("--label", default="as built")
    parser.add_argument("--only", help="only these commands, comma-separated (jobs,status,usage,models,schema,generate,...)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/ alone")
    args = parser.parse_args()
    launchers = launchers_to_run(args.baseline)

    work = pathlib.Path(tempfile.mkdtemp(prefix="easel-startup-"))
    emulator, base = start_emulator()
    load_before = os.getloadavg()
    try:
        # Each build gets its own home (a journal made by one version may be ahead of the other's schema)
        # and its own finished job to look at.
        envs, jobs, images = {}, {}, {}
        for name, easel in launchers.items():
            env = dict(os.environ, RUNCOMFY_BASE_URL=base, RUNCOMFY_API_TOKEN=TOKEN,
                       EASEL_HOME=str(work / name / "home"), EASEL_OUTPUT=str(work / name / "out"))
            if args.java_opts is not None:
                env["EASEL_JAVA_OPTS"] = args.java_opts
            if args.no_cds:
                env["EASEL_CDS"] = "off"
            envs[name] = env
            _, _, made = run_once([easel, "generate", "a finished job", "--json", "-q"], env, work)
            job = json.loads(made)
            jobs[name] = job["job_id"]
            path = job["images"][0]["path"]
            images[name] = path if os.path.isabs(path) else str(work / path)

        commands = [("--version", lambda name, easel: [easel, "--version"]),
                    ("--help", lambda name, easel: [easel, "--help"]),
                    ("jobs", lambda name, easel: [easel, "jobs"]),
                    ("status (finished job)", lambda name, easel: [easel, "status", jobs[name]]),
                    ("usage", lambda name, easel: [easel, "usage"]),
                    ("models", lambda name, easel: [easel, "models"]),
                    ("schema", lambda name, easel: [easel, "schema"]),
                    ("inspect", lambda name, easel: [easel, "inspect", images[name]])]
        first_submit = [("generate: to first submit", lambda easel, n: [easel, "generate", f"first submit {n}", "-q"]),
                        ("batch of 3: to first submit", lambda easel, n: [easel, "batch", batch_file(work, n), "-q"])]
        if args.only:
            wanted = {label.split(",")[0].strip() for label in args.only.split(",")}
            commands = [c for c in commands if c[0].split(" ")[0] in wanted]
            first_submit = [c for c in first_submit if c[0].split(" ")[0].rstrip(":") in wanted]
        rows = measure(launchers, commands, first_submit, args.runs, envs, work, base)
    finally:
        emulator.terminate()
        emulator.wait()
    load_after = os.getloadavg()

    flags = args.java_opts if args.java_opts is not None else "the launcher's"
    command = ("python3 bench/startup_bench.py --runs " + str(args.runs) + (" --baseline DIR" if args.baseline else "")
               + (" --only " + args.only if args.only else ""))
    lines = [MARK_START, "",
             f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores"
             f" ({platform_java()}), {args.label}: {args.runs} runs of each command, each a new JVM through"
             f" `./easel`{', alternating with the baseline' if args.baseline else ''}; JVM flags: {flags};"
             f" class-data-sharing archive: {'off' if args.no_cds else 'on'}; load average"
             f" {load_before[0]:.1f} at the start, {load_after[0]:.1f} at the end. Command: `{command}`.", ""]
    if args.baseline:
        lines += ["| command | median before | median now | fastest before | fastest now | CPU before | CPU now |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for old, new in zip(rows["before"], rows["now"]):
            lines.append(f"| `{old[0]}` | {old[1]:.2f} s | {new[1]:.2f} s | {old[2]:.2f} s | {new[2]:.2f} s |"
                         f" {old[3]:.2f} s | {new[3]:.2f} s |")
    else:
        lines += ["| command | median | fastest | CPU (median) | whole run (median) |",
                  "| --- | --- | --- | --- | --- |"]
        for label, median, fastest, cpu, whole in rows["easel"]:
            lines.append(f"| `{label}` | {median:.2f} s | {fastest:.2f} s | {cpu:.2f} s |"
                         f" {'' if whole is None else f'{whole:.2f} s'} |")
    lines += ["", MARK_END]
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        docsection.rewrite(MARK_START, MARK_END, section)


def platform_java():
    version = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return version.replace('"', "")


if __name__ == "__main__":
    main()
