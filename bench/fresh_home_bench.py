#!/usr/bin/env python3
"""New-home benchmark: what a command pays in an EASEL_HOME that has no journal database yet.

Containers and CI start from a new home every time, and a user's very first command does too. Each run
takes a new home and times `easel jobs` there (the journal is made), then `easel jobs` again in the same
home (the journal exists), then `easel generate` and `easel batch` (three lines) each in another new
home up to the emulator receiving their first submit. It reports the median and the fastest wall time and the median CPU time (user + system, which
other processes on the machine disturb less) of each, and what the new home costs over the existing one.

With --baseline DIR (another checkout, or a copy of one, holding a built `easel` launcher and its
adapter-cli/target), every run alternates between the baseline and this checkout (A B A B ...), so that
both see the same load, and the table shows both. The load average is reported with the run.

Usage: python3 bench/fresh_home_bench.py [--runs 9] [--baseline DIR] [--label TEXT] [--no-write]
Needs: a built easel (mvn -q -DskipTests package).
"""
import argparse
import datetime
import os
import pathlib
import statistics
import tempfile

import docsection
from startup_bench import TOKEN, batch_file, launchers_to_run, platform_java, run_once, start_emulator, to_first_submit

MARK_START = "<!-- bench:fresh-home:start -->"
MARK_END = "<!-- bench:fresh-home:end -->"
ROWS = ("`jobs`, new home", "`jobs`, existing home", "`generate` in a new home: to first submit",
        "`batch` of 3 in a new home: to first submit")


def one_run(easel, work, name, n, base):
    """(wall or to-first-submit seconds, CPU seconds) for each of ROWS, each home new."""
    def env(home):
        return dict(os.environ, RUNCOMFY_BASE_URL=base, RUNCOMFY_API_TOKEN=TOKEN,
                    EASEL_HOME=str(work / home), EASEL_OUTPUT=str(work / "out"))
    new_home = env(f"{name}-{n}-jobs")
    made_wall, made_cpu, _ = run_once([easel, "jobs"], new_home, work)
    again_wall, again_cpu, _ = run_once([easel, "jobs"], new_home, work)
    first, _, generate_cpu = to_first_submit([easel, "generate", f"a new home {n}", "-q"],
                                             env(f"{name}-{n}-generate"), work, base)
    batch_first, _, batch_cpu = to_first_submit([easel, "batch", batch_file(work, f"{name}-{n}"), "-q"],
                                                env(f"{name}-{n}-batch"), work, base)
    return [(made_wall, made_cpu), (again_wall, again_cpu), (first, generate_cpu), (batch_first, batch_cpu)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--baseline", help="another checkout with a built easel, run alternately with this one")
    parser.add_argument("--label", default="as built")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/ alone")
    args = parser.parse_args()
    launchers = launchers_to_run(args.baseline)

    work = pathlib.Path(tempfile.mkdtemp(prefix="easel-fresh-home-"))
    emulator, base = start_emulator()
    load_before = os.getloadavg()
    samples = {name: [] for name in launchers}
    try:
        for n in range(args.runs):
            for name, easel in launchers.items():
                samples[name].append(one_run(easel, work, name, n, base))
    finally:
        emulator.terminate()
        emulator.wait()
    load_after = os.getloadavg()

    def stats(name, row):
        times = [run[row][0] for run in samples[name]]
        return statistics.median(times), min(times), statistics.median(run[row][1] for run in samples[name])

    command = "python3 bench/fresh_home_bench.py --runs " + str(args.runs) + (" --baseline DIR" if args.baseline else "")
    lines = [MARK_START, "",
             f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores"
             f" ({platform_java()}), {args.label}: {args.runs} runs, each command a new JVM through `./easel`"
             f"{', alternating with the baseline' if args.baseline else ''}; load average {load_before[0]:.1f} at"
             f" the start, {load_after[0]:.1f} at the end. Command: `{command}`.", ""]
    names = list(launchers)
    header = " | ".join(f"{what} {name}" if args.baseline else what
                        for what in ("median", "fastest", "CPU") for name in names)
    lines += [f"| command | {header} |", "| --- " * (1 + 3 * len(names)) + "|"]
    for row, label in enumerate(ROWS):
        figures = [stats(name, row) for name in names]
        cells = " | ".join(f"{figure[i]:.2f} s" for i in range(3) for figure in figures)
        lines.append(f"| {label} | {cells} |")
    extra = " | ".join(f"{stats(name, 0)[i] - stats(name, 1)[i]:+.2f} s" for i in range(3) for name in names)
    lines += [f"| new home over existing home | {extra} |", "", MARK_END]
    section = "\n".join(lines)
    print(section)
    if not args.no_write:
        docsection.rewrite(MARK_START, MARK_END, section)


if __name__ == "__main__":
    main()
