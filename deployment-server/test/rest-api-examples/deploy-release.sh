#!/usr/bin/env bash
# Deploys a release, filling prompted variables from the deployment preview's form, as
# REST/bash/deployments/CreateDeploymentWithPromptedVariables.sh does. Prints the task id.
source "$(dirname "$0")/lib.sh"
projectName="$1"; releaseNumber="$2"; environmentName="$3"; promptedVariableValues="${4:-}"
spaceId=$(space_id "${5:-Default}")
projectId=$(octo_get "/api/$spaceId/projects?name=$(url_encode "$projectName")&skip=0&take=1" | jq -r '.Items[0].Id')
environmentId=$(octo_get "/api/$spaceId/environments?name=$(url_encode "$environmentName")&skip=0&take=1" | jq -r '.Items[0].Id')
releaseId=$(octo_get "/api/$spaceId/projects/$projectId/releases?searchByVersion=$(url_encode "$releaseNumber")&skip=0&take=1" | jq -r '.Items[0].Id')
preview=$(octo_get "/api/$spaceId/releases/$releaseId/deployments/preview/$environmentId?includeDisabledSteps=true")
echo "$preview" | jq -e '.Form' > /dev/null || { echo "The preview has no form" >&2; exit 1; }

declare -A promptedVariables
if [ -n "$promptedVariableValues" ]; then
  IFS=';' read -ra entries <<< "$promptedVariableValues"
  for entry in "${entries[@]}"; do promptedVariables["${entry%%::*}"]="${entry#*::}"; done
fi
formValues="{}"
count=$(echo "$preview" | jq '.Form.Elements | length')
for ((i = 0; i < count; i++)); do
  element=$(echo "$preview" | jq ".Form.Elements[$i]")
  name=$(echo "$element" | jq -r '.Control.Name')
  uniqueName=$(echo "$element" | jq -r '.Name')
  required=$(echo "$element" | jq -r '.Control.Required')
  if [[ -v "promptedVariables[$name]" ]]; then
    formValues=$(jq --arg k "$uniqueName" --arg v "${promptedVariables[$name]}" '. + {($k): $v}' <<< "$formValues")
  elif [ "$required" == "true" ]; then
    echo "ERROR: no value for required variable '$name'" >&2
    exit 1
  fi
done

body=$(jq -n --arg r "$releaseId" --arg e "$environmentId" --argjson f "$formValues" '{ReleaseId: $r, EnvironmentId: $e, FormValues: $f}')
deployment=$(octo_post "/api/$spaceId/deployments" "$body")
echo "$deployment" | jq -r .TaskId
