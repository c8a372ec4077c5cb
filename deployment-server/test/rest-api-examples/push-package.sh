#!/usr/bin/env bash
# Uploads a package to the built-in feed, as REST/bash/Feeds/PushPackage.sh does.
source "$(dirname "$0")/lib.sh"
packageFile="$1"
spaceId=$(space_id "${2:-Default}")
answer=$(mktemp)
trap 'rm -f "$answer"' EXIT
status=$(curl -sS -o "$answer" -w "%{http_code}" -X POST "$OCTOPUS_URL/api/$spaceId/packages/raw?replace=false" \
  -H "X-Octopus-ApiKey: $OCTOPUS_API_KEY" -F "fileData=@$packageFile")
if [ "$status" -ne 201 ]; then
  echo "Error: failed to upload package ($status): $(jq -r '.Errors | join(" ")' "$answer")" >&2
  exit 1
fi
echo "Package uploaded successfully"
