#!/usr/bin/env bash
# Shared helpers: every request sends the API key; a failed request stops the script with its answer.
set -euo pipefail
: "${OCTOPUS_URL:?set OCTOPUS_URL}" "${OCTOPUS_API_KEY:?set OCTOPUS_API_KEY}"

octo_get() {
  curl -sS --fail-with-body -H "X-Octopus-ApiKey: $OCTOPUS_API_KEY" "$OCTOPUS_URL$1"
}

octo_post() {
  curl -sS --fail-with-body -X POST -H "X-Octopus-ApiKey: $OCTOPUS_API_KEY" -H "Content-Type: application/json" -d "$2" "$OCTOPUS_URL$1"
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
