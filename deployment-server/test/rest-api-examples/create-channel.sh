#!/usr/bin/env bash
# Creates a channel with a version rule on every package step, as REST/PowerShell/Channels/CreateChannel.ps1
# does (plus the rule, in the shape Octopus's channel editor sends it). Prints the channel id.
source "$(dirname "$0")/lib.sh"
projectName="$1"; channelName="$2"; versionRange="$3"; tag="${4:-}"
spaceId=$(space_id "${5:-Default}")
project=$(project_of "$spaceId" "$projectName")
projectId=$(echo "$project" | jq -r .Id)
template=$(octo_get "/api/$spaceId/deploymentprocesses/deploymentprocess-$projectId/template")
actionPackages=$(echo "$template" | jq -c '[.Packages[] | {DeploymentAction: .ActionName, PackageReference: .PackageReferenceName}]')

body=$(jq -n --arg p "$projectId" --arg s "$spaceId" --arg n "$channelName" --arg r "$versionRange" --arg t "$tag" \
  --argjson a "$actionPackages" \
  '{ProjectId: $p, SpaceId: $s, Name: $n, Description: "", IsDefault: false, Rules: [{VersionRange: $r, Tag: $t, ActionPackages: $a}]}')
octo_post "/api/$spaceId/channels" "$body" | jq -r .Id
