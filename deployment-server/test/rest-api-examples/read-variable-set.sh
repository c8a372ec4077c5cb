#!/usr/bin/env bash
# Prints a project's variables and those of the library variable sets it includes, as Name=Value
# (sensitive values are not sent by the server: they print as Name=<sensitive>).
source "$(dirname "$0")/lib.sh"
projectName="$1"
spaceId=$(space_id "${2:-Default}")
project=$(project_of "$spaceId" "$projectName")
print_set() {
  octo_get "/api/$spaceId/variables/$1" | jq -r '.Variables[] | "\(.Name)=\(if .IsSensitive then "<sensitive>" else .Value end)"'
}
print_set "$(echo "$project" | jq -r .VariableSetId)"
for setId in $(echo "$project" | jq -r '.IncludedLibraryVariableSetIds[]'); do
  print_set "$(octo_get "/api/$spaceId/libraryvariablesets/$setId" | jq -r .VariableSetId)"
done
