#!/usr/bin/env python3
"""The batch of bench/batch_bench.py, run several times in one JVM: what the per-job path costs once
the JVM has started and the JIT has compiled Easel's code, against the RunComfy emulator on loopback.

`easel batch` pays for a JVM's start and for its first minutes of interpreted code and compiling; this
benchmark separates that from what is left: each run after the first is a batch in a warm process
(its services, journal included, still made anew by each run, as a command would). If a warm run is
far from the ideal, the per-job path (polls, claims, commits, submits, stores) is; if it is close,
the JVM's start is. Prints, per run: wall time (from the command line's start to its end, no JVM
start), its ratio to the ideal, and the batch benchmark's breakdown figures.

Usage: python3 bench/warm_batch.py [--runs 5] [--jobs 60] [--latency 1.0] [--concurrency 20]
Needs a built easel (mvn -q -DskipTests package). Prints only.
"""
import argparse
import datetime
import os
import pathlib
import subprocess
import tempfile

import batch_bench as b

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=60)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--warm-calls", type=int, default=300)
    args = parser.parse_args()
    if not b.JAR.exists():
        raise SystemExit("build first: mvn -q -DskipTests package")
    ideal = args.jobs * args.latency / args.concurrency
    work = pathlib.Path(tempfile.mkdtemp(prefix="easel-warm-batch-"))
    emulator, base = b.start_emulator(args.latency)
    try:
        b.warm(base, args.warm_calls)
        runs = [(b.prompts(work / f"run{i}.txt", args.jobs, f"run{i}"), work / f"out{i}") for i in range(1, args.runs + 1)]
        env = b.easel_env(base, work / "home", work / "out")
        load = os.getloadavg()[0]
        done = subprocess.run(["java", "-Xmx512m", "-Djava.awt.headless=true", "-cp", str(b.JAR), str(ROOT / "bench" / "WarmBatch.java"),
                               str(args.concurrency)] + [f"{file}={out}" for file, out in runs],
                              env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"the warm batches failed ({done.returncode}):\n{done.stderr[-2000:]}")
        stats = b.stats(base)
    finally:
        emulator.terminate()
    walls = [float(line.split()[-1]) for line in done.stdout.splitlines() if line.startswith("run ")]
    print(f"{datetime.date.today()}, load {load:.1f} at the start: {args.runs} batches of {args.jobs} jobs of"
          f" {args.latency:g} s at concurrency {args.concurrency} in one JVM (ideal {ideal:g} s each; run 1 in a cold JVM)")
    for i, ((_, out), wall) in enumerate(zip(runs, walls), start=1):
        parts = b.breakdown(out, stats, datetime.datetime.now(datetime.timezone.utc), datetime.datetime.now(datetime.timezone.utc),
                            args.concurrency)
        phases = parts["phases"]
        p = lambda name, q: b.ms(b.percentile(phases[name], q))
        print(f"run {i}: {wall:.2f} s ({wall / ideal:.2f}x); first submit → last finished"
              f" {parts['path']['first submit → last finished at the provider']:.3f} s; slot idle p50/p90"
              f" {p('slot idle: a job finished → the next arrived', 50)}/{p('slot idle: a job finished → the next arrived', 90)};"
              f" finished → noticed {p('finished → noticed', 50)}/{p('finished → noticed', 90)};"
              f" submit before the server has it {p('submit, before the server has it', 50)}/{p('submit, before the server has it', 90)}")


if __name__ == "__main__":
    main()
