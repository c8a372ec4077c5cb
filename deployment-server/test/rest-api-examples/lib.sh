#!/usr/bin/env bash
# Shared helpers: every request sends the API key; a failed request stops the script with its answer.
set -euo pipefail
: "${OCTOPUS_URL:?set OCTOPUS_URL}" "${OCTOPUS_API_KEY:?set OCTOPUS_API_KEY}"

octo_get() {
  curl -sS --fail-with-body -H "X-Octopus-ApiKey: $OCTOPUS_API_KEY" "$OCTOPUS_URL$1"
}

# A refused request prints Octopus's error body on stderr (a caller's $(…) would swallow stdout) and fails.
octo_post() {
  local out code=0
  out=$(curl -sS --fail-with-body -X POST -H "X-Octopus-ApiKey: $OCTOPUS_API_KEY" -H "Content-Type: application/json" -d "$2" "$OCTOPUS_URL$1") || code=$?
  if [ "$code" -ne 0 ]; then echo "$out" >&2; return "$code"; fi
  echo "$out"
}

url_encode() {
  printf '%s' "$1" | jq -sRr @uri
}

space_id() {
  local name="${1:-Default}"
  local id
  id=$(octo_get "/api/spaces/all" | jq -r --arg n "$name" '.[] | select(.Name == $n) | .Id')
  [ -n "$id" ] || { echo "No space named $name" >&2; exit 1; }
  echo "$id"
}

project_of() {
  local space="$1" name="$2"
  local project
  project=$(octo_get "/api/$space/projects/all" | jq -c --arg n "$name" '.[] | select(.Name == $n)')
  [ -n "$project" ] || { echo "No project named $name" >&2; exit 1; }
  echo "$project"
}

octo_put() {
  curl -sS --fail-with-body -X PUT -H "X-Octopus-ApiKey: $OCTOPUS_API_KEY" -H "Content-Type: application/json" -d "$2" "$OCTOPUS_URL$1"
}
