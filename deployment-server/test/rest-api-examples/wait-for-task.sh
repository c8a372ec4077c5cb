#!/usr/bin/env bash
# Polls a server task until it completes; prints its state; exit 0 only when it succeeded.
source "$(dirname "$0")/lib.sh"
taskId="$1"; timeout="${2:-120}"
deadline=$((SECONDS + timeout))
while :; do
  task=$(octo_get "/api/tasks/$taskId")
  if [ "$(echo "$task" | jq -r .IsCompleted)" == "true" ]; then
    state=$(echo "$task" | jq -r .State)
    echo "$state"
    [ "$state" == "Success" ] && exit 0
    echo "$task" | jq -r .ErrorMessage >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then echo "Task $taskId still $(echo "$task" | jq -r .State) after ${timeout}s" >&2; exit 1; fi
  sleep 0.2
done
