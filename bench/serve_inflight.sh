#!/usr/bin/env bash
# Jobs in flight through `easel serve`'s gateway against the emulator, loopback only. Each job takes
# SECONDS at the emulator (half queued, half running), long enough that all are in flight together
# once the submits are in. Prints serve's threads idle, when every submit has been answered (all in
# flight) and at most, its RSS (likewise), the submits' answers, how many images were stored, and
# the upstream calls per job (the emulator's own count of submit, status, result and file calls).
# Usage: bash bench/serve_inflight.sh [JOBS [SECONDS]]   (after mvn -q -DskipTests package; 400 jobs of 40 s)
set -u
JOBS="${1:-400}"
HALF=$(( ${2:-40} / 2 ))
WORK="$(mktemp -d)"
E="$(cd "$(dirname "$0")/.." && pwd)/easel"
cd "$WORK" && rm -rf home out && mkdir -p home
export EASEL_CDS=off
$E emulator --port 18470 --queue ${HALF}s --run ${HALF}s > emu.log 2>&1 &
EMU=$!
for i in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:18470/_emulator/stats && break; sleep 1; done
export RUNCOMFY_BASE_URL=http://127.0.0.1:18470 RUNCOMFY_API_TOKEN=emulator-token EASEL_HOME="$WORK"/home \
  EASEL_OUTPUT="$WORK"/out EASEL_MAX_ACTIVE_PER_KEY=$((JOBS * 2)) EASEL_REQUESTS_PER_MINUTE=1000000 \
  EASEL_DOWNLOAD_HOSTS=127.0.0.1 EASEL_ALLOW_HTTP=true
$E serve --port 18080 > serve.log 2>&1 &
SRV=$!
for i in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:18080/ && break; sleep 1; done
PID=$(pgrep -f "easel.jar serve --port 18080" | head -1)
echo "jobs: $JOBS; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "idle threads: $(awk '/Threads/{print $2}' /proc/$PID/status), rss $(awk '/VmRSS/{print int($2/1024)}' /proc/$PID/status) MB"
started=$(date +%s)
seq 1 "$JOBS" | xargs -P 16 -I{} curl -s -o /dev/null -w "%{http_code}\n" -X POST -H 'Content-Type: application/json' \
  -d '{"prompt":"job {}","resolution":"2048x2048"}' http://127.0.0.1:18080/v1/models/bytedance/seedream-5/lite/text-to-image > codes.txt
echo "submits answered in $(( $(date +%s) - started )) s:" $(sort codes.txt | uniq -c)
echo "then: threads $(awk '/Threads/{print $2}' /proc/$PID/status), rss $(awk '/VmRSS/{print int($2/1024)}' /proc/$PID/status) MB, stored $(find out -name '*.png' 2>/dev/null | wc -l) (the rest in flight)"
max=0; rss=0
for i in $(seq 1 $((HALF * 2 + 120 + JOBS / 10))); do
  t=$(awk '/Threads/{print $2}' /proc/$PID/status); [ "$t" -gt "$max" ] && max=$t
  r=$(awk '/VmRSS/{print int($2/1024)}' /proc/$PID/status); [ "$r" -gt "$rss" ] && rss=$r
  stored=$(find out -name '*.png' 2>/dev/null | wc -l)
  [ "$stored" -ge "$JOBS" ] && break
  sleep 1
done
echo "max threads $max, max rss $rss MB, stored $(find out -name '*.png' | wc -l) of $JOBS after $(( $(date +%s) - started )) s; load: $(cut -d' ' -f1-3 /proc/loadavg)"
curl -s http://127.0.0.1:18470/_emulator/stats | python3 -c '
import json, sys
stats = json.load(sys.stdin); calls = stats["calls"]; jobs = len(stats["jobs"]) or 1
upstream = sum(n for kind, n in calls.items() if kind in ("submit", "status", "result", "cancel", "file"))
print("upstream calls:", calls, "=> %.2f per job (%d jobs)" % (upstream / jobs, jobs))'
kill $SRV $EMU
wait 2>/dev/null
rm -rf "$WORK"
