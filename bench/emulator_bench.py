#!/usr/bin/env python3
"""How long the RunComfy emulator takes to answer a submit POST on a kept-alive connection.

Starts the emulator (`java -jar adapter-cli/target/easel.jar emulator`) as its own process, sends
--calls submit POSTs one after another on one kept-alive connection (Python's http.client, which sets
TCP_NODELAY on its own socket), and prints the median and p99. With --compare it runs a second
emulator started with -Dsun.net.httpserver.nodelay=false, to show what Nagle's algorithm on the
server side costs each answer.

Usage: python3 bench/emulator_bench.py [--calls 200] [--compare]
Needs: a built easel (mvn -q -DskipTests package).
"""
import argparse
import http.client
import json
import pathlib
import statistics
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
JAR = ROOT / "adapter-cli" / "target" / "easel.jar"
TOKEN = "bench-token"
MODEL = "bytedance/seedream-5/lite/text-to-image"


def start_emulator(extra_jvm_flags):
    cmd = ["java", *extra_jvm_flags, "-Djava.awt.headless=true", "-jar", str(JAR), "emulator", "--port", "0",
           "--queue", "1s", "--run", "1s", "--token", TOKEN]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in proc.stdout:
        if line.startswith("export RUNCOMFY_BASE_URL="):
            return proc, int(line.strip().rsplit(":", 1)[1])
    raise SystemExit("the emulator did not start")


def kept_alive_posts(port, calls):
    """Seconds per POST, all on one connection (checked: the socket never changes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    body = json.dumps({"prompt": "a red fox in snow"})
    headers = {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"}
    took, socket = [], None
    for n in range(calls + 5):
        start = time.perf_counter()
        connection.request("POST", "/v1/models/" + MODEL, body=body, headers=headers)
        answer = connection.getresponse()
        answer.read()
        elapsed = time.perf_counter() - start
        if answer.status != 200:
            raise SystemExit(f"submit answered {answer.status}")
        if socket is None:
            socket = connection.sock
        elif connection.sock is not socket:
            raise SystemExit("the connection was not kept alive")
        if n >= 5:  # the first calls warm the emulator's JIT
            took.append(elapsed)
    connection.close()
    return took


def measure(label, flags, calls):
    proc, port = start_emulator(flags)
    try:
        took = sorted(kept_alive_posts(port, calls))
    finally:
        proc.terminate()
        proc.wait()
    p50 = statistics.median(took) * 1000
    p99 = took[min(len(took) - 1, round(0.99 * (len(took) - 1)))] * 1000
    print(f"| {label} | {len(took)} | {p50:.1f} ms | {p99:.1f} ms |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--compare", action="store_true", help="also run an emulator with Nagle's algorithm left on")
    args = parser.parse_args()
    if not JAR.exists():
        raise SystemExit("build first: mvn -q -DskipTests package")
    print("| emulator | POSTs on one kept-alive connection | p50 | p99 |")
    print("| --- | --- | --- | --- |")
    measure("as shipped (TCP_NODELAY)", [], args.calls)
    if args.compare:
        measure("`-Dsun.net.httpserver.nodelay=false`", ["-Dsun.net.httpserver.nodelay=false"], args.calls)


if __name__ == "__main__":
    main()
