#!/usr/bin/env python3
"""ModelArk inline-image memory benchmark: b64_json answers of realistic size through a 64 MB heap.

Starts `easel emulator --provider modelark --realistic-sizes` as its own process, then runs
`easel batch` with ARK_RESPONSE_FORMAT=b64_json and the heap capped at -Xmx64m: every answer carries
its images inline as base64 (a 4704x2016 PNG of noise is about 28 MB, 38 MB of base64), so the batch
can finish only if each image is decoded from the answer as a stream into its spool file. Reports
wall time, peak RSS, images stored and their sizes, and rewrites its section of docs/benchmarks.md.

Usage: python3 bench/modelark_memory_bench.py [--jobs 12] [--images 2] [--concurrency 4] [--no-write]
Needs: a built easel (mvn -q -DskipTests package) and GNU time (/usr/bin/time) for peak memory.
"""
import argparse
import datetime
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
JAR = ROOT / "adapter-cli" / "target" / "easel.jar"
KEY = "bench-ark-key"
MARK_START = "<!-- bench:modelark-memory:start -->"
MARK_END = "<!-- bench:modelark-memory:end -->"


def start_emulator():
    cmd = ["java", "-Xmx3g", "-Djava.awt.headless=true", "-jar", str(JAR), "emulator", "--provider", "modelark",
           "--port", "0", "--run", "100ms", "--token", KEY, "--realistic-sizes"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    base = None
    for line in proc.stdout:
        if line.startswith("export ARK_BASE_URL="):
            base = line.strip().split("=", 1)[1]
        if line.startswith("export ARK_API_KEY="):
            break
    if base is None:
        raise SystemExit("the ModelArk emulator did not start")
    return proc, base


def timed(cmd, env):
    full = ["/usr/bin/time", "-v"] + cmd if os.path.exists("/usr/bin/time") else cmd
    start = time.monotonic()
    done = subprocess.run(full, env=env, capture_output=True, text=True)
    wall = time.monotonic() - start
    if done.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return wall, (int(match.group(1)) / 1024 if match else None), done.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=12)
    parser.add_argument("--images", type=int, default=2, help="images per job (sequential auto)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not JAR.exists():
        raise SystemExit("build first: mvn -B -q -DskipTests package")
    emulator, base = start_emulator()
    work = pathlib.Path(tempfile.mkdtemp(prefix="easel-modelark-bench-"))
    try:
        batch = work / "batch.txt"
        batch.write_text("".join(
            f'{{"prompt": "memory frame {i}", "resolution": "4704x2016 (21:9)", "sequential_image_generation": "auto",'
            f' "max_images": {args.images}}}\n' for i in range(1, args.jobs + 1)))
        env = dict(os.environ, EASEL_PROVIDER="modelark", ARK_API_KEY=KEY, ARK_BASE_URL=base,
                   ARK_RESPONSE_FORMAT="b64_json", EASEL_HOME=str(work / "home"), EASEL_OUTPUT=str(work / "out"),
                   EASEL_JAVA_OPTS="-Xmx64m -Djava.awt.headless=true")
        wall, rss, stdout = timed([str(ROOT / "easel"), "batch", str(batch), "-c", str(args.concurrency), "-q"], env)
        sizes = [p.stat().st_size for p in (work / "out").glob("*/*.png")]
        spool = work / "home" / "spool" / "modelark"
        left = len(list(spool.iterdir())) if spool.exists() else 0
    finally:
        emulator.terminate()
        shutil.rmtree(work, ignore_errors=True)
    mean = sum(sizes) / len(sizes) / 1e6 if sizes else 0
    line = (f"{len(sizes)} images of 4704x2016 ({args.jobs} jobs of {args.images}, PNGs of noise, mean {mean:.1f} MB,"
            f" {sum(sizes) / 1e9:.2f} GB in all) came inline as base64 through `easel batch -c {args.concurrency}` with"
            f" `ARK_RESPONSE_FORMAT=b64_json` and the heap capped at `-Xmx64m`: all stored in {wall:.1f} s,"
            f" peak RSS {rss:.0f} MB, {left} spool files left.")
    print(line)
    if args.no_write:
        return
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text()
    section = (f"{MARK_START}\n## ModelArk: inline images through a 64 MB heap\n\n"
               f"`python3 bench/modelark_memory_bench.py`, run {datetime.date.today()} on 2 cores shared with other work,"
               f" against `easel emulator --provider modelark --realistic-sizes` in its own process:\n\n{line}\n\n"
               "Each `b64_json` string is decoded by Jackson's streaming parser a buffer at a time straight into an"
               " owner-only spool file, which is then streamed into the store and deleted; no image is ever whole in"
               " the heap. `AnswerReaderTest` checks the same in every build: a 96 MB inline image read in a JVM"
               " started with `-Xmx64m`.\n" + MARK_END)
    if MARK_START in text:
        text = re.sub(re.escape(MARK_START) + ".*?" + re.escape(MARK_END), lambda m: section, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    doc.write_text(text)


if __name__ == "__main__":
    main()
