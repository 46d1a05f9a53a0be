#!/usr/bin/env bash
# The seed page's workflow, scripted the plain way: for each prompt, submit with curl, poll the status
# every 2 seconds (as RunComfy's own CLI does), fetch the result, download the image; one job after
# another. Usage: curl_workflow.sh PROMPTS_FILE OUTPUT_DIR   (RUNCOMFY_BASE_URL, RUNCOMFY_API_TOKEN set)
set -euo pipefail
prompts=$1
out=$2
mkdir -p "$out"
model=bytedance/seedream-5/lite/text-to-image
n=0
while IFS= read -r prompt; do
  [ -z "$prompt" ] && continue
  n=$((n + 1))
  body=$(jq -cn --arg p "$prompt" '{prompt: $p}')
  id=$(curl -sf --request POST --url "$RUNCOMFY_BASE_URL/v1/models/$model" \
    --header "Content-Type: application/json" --header "Authorization: Bearer $RUNCOMFY_API_TOKEN" \
    --data "$body" | jq -r .request_id)
  while true; do
    sleep 2
    status=$(curl -sf --url "$RUNCOMFY_BASE_URL/v1/requests/$id/status" \
      --header "Authorization: Bearer $RUNCOMFY_API_TOKEN" | jq -r .status)
    case "$status" in completed|succeeded|failed|cancelled) break ;; esac
  done
  url=$(curl -sf --url "$RUNCOMFY_BASE_URL/v1/requests/$id/result" \
    --header "Authorization: Bearer $RUNCOMFY_API_TOKEN" | jq -r '.output.image // .output.images[0]')
  curl -sf -o "$out/$n.png" "$url"
done < "$prompts"
