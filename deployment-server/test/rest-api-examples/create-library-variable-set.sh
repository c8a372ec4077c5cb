#!/usr/bin/env bash
# Creates a library variable set, fills its variable set (GET then PUT …/variables/{VariableSetId})
# and includes it in a project (GET then PUT …/projects/{id}), the steps Octopus's REST examples
# take for library sets. Variables come as Name=Value arguments. Prints the set's id.
source "$(dirname "$0")/lib.sh"
setName="$1"; projectName="$2"; shift 2
spaceId=$(space_id "Default")
set=$(octo_post "/api/$spaceId/libraryvariablesets" "$(jq -n --arg n "$setName" '{Name: $n, Description: "", ContentType: "Variables"}')")
setId=$(echo "$set" | jq -r .Id)
variableSetId=$(echo "$set" | jq -r .VariableSetId)

variables=$(octo_get "/api/$spaceId/variables/$variableSetId")
for pair in "$@"; do
  variables=$(echo "$variables" | jq --arg n "${pair%%=*}" --arg v "${pair#*=}" \
    '.Variables += [{Name: $n, Value: $v, Type: "String", IsSensitive: false, Scope: {}}]')
done
octo_put "/api/$spaceId/variables/$variableSetId" "$variables" > /dev/null

project=$(project_of "$spaceId" "$projectName")
project=$(echo "$project" | jq --arg id "$setId" '.IncludedLibraryVariableSetIds += [$id]')
octo_put "/api/$spaceId/projects/$(echo "$project" | jq -r .Id)" "$project" > /dev/null
echo "$setId"
