#!/usr/bin/env bash
# 400 jobs in flight through `easel serve`'s gateway against the emulator (jobs of 40 s), loopback only; prints
# serve's threads idle and at most while they run, its RSS, and how many images were stored.
# Usage: bash bench/serve_inflight.sh   (after mvn -q -DskipTests package)
set -u
WORK="$(mktemp -d)"
E="$(cd "$(dirname "$0")/.." && pwd)/easel"
cd "$WORK" && rm -rf home out && mkdir -p home
export EASEL_CDS=off
$E emulator --port 18470 --queue 20s --run 20s > emu.log 2>&1 &
EMU=$!
sleep 4
export RUNCOMFY_BASE_URL=http://127.0.0.1:18470 RUNCOMFY_API_TOKEN=emulator-token EASEL_HOME="$WORK"/home \
  EASEL_OUTPUT="$WORK"/out EASEL_MAX_ACTIVE_PER_KEY=1000 EASEL_REQUESTS_PER_MINUTE=100000 EASEL_DOWNLOAD_HOSTS=127.0.0.1 EASEL_ALLOW_HTTP=true
$E serve --port 18080 > serve.log 2>&1 &
SRV=$!
for i in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:18080/ && break; sleep 1; done
PID=$(pgrep -f "easel.jar serve --port 18080" | head -1)
echo "idle threads: $(grep Threads /proc/$PID/status)"
seq 1 400 | xargs -P 16 -I{} curl -s -o /dev/null -w "%{http_code}\n" -X POST -H 'Content-Type: application/json' \
  -d '{"prompt":"job {}","resolution":"2048x2048"}' http://127.0.0.1:18080/v1/models/bytedance/seedream-5/lite/text-to-image > codes.txt
sort codes.txt | uniq -c
max=0
for i in $(seq 1 90); do
  t=$(awk '/Threads/{print $2}' /proc/$PID/status); [ "$t" -gt "$max" ] && max=$t
  stored=$(ls out/*/ 2>/dev/null | grep -c png)
  [ "$i" = 5 ] && echo "in flight: threads $t, rss $(awk '/VmRSS/{print $2}' /proc/$PID/status) kB, stored $stored"
  [ "$stored" -ge 400 ] && break
  sleep 1
done
echo "max threads $max, stored $(ls out/*/ 2>/dev/null | grep -c png)"
kill $SRV $EMU
