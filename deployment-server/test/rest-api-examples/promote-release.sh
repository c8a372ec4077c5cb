#!/usr/bin/env bash
# Promotes a release to an environment its deployment template offers (PromoteTo). Prints the task id.
source "$(dirname "$0")/lib.sh"
projectName="$1"; releaseNumber="$2"; environmentName="$3"
spaceId=$(space_id "${4:-Default}")
projectId=$(project_of "$spaceId" "$projectName" | jq -r .Id)
release=$(octo_get "/api/$spaceId/projects/$projectId/releases/$(url_encode "$releaseNumber")")
releaseId=$(echo "$release" | jq -r .Id)
template=$(octo_get "/api/$spaceId/releases/$releaseId/deployments/template")
environmentId=$(echo "$template" | jq -r --arg n "$environmentName" '.PromoteTo[] | select(.Name == $n) | .Id')
if [ -z "$environmentId" ]; then
  echo "Release $releaseNumber cannot be promoted to $environmentName yet; it can go to: $(echo "$template" | jq -r '[.PromoteTo[].Name] | join(", ")')" >&2
  exit 1
fi
deployment=$(octo_post "/api/$spaceId/deployments" "$(jq -n --arg r "$releaseId" --arg e "$environmentId" '{ReleaseId: $r, EnvironmentId: $e, Comments: "Promoted by promote-release.sh"}')")
echo "$deployment" | jq -r .TaskId
