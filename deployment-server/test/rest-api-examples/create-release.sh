#!/usr/bin/env bash
# Creates a release with the process template's packages at one version, as REST/bash/Releases/CreateRelease.sh does.
source "$(dirname "$0")/lib.sh"
projectName="$1"; releaseVersion="$2"; packageVersion="$3"
spaceId=$(space_id "${4:-Default}")
channelName="${5:-Default}"
project=$(project_of "$spaceId" "$projectName")
projectId=$(echo "$project" | jq -r .Id)
channelId=$(octo_get "/api/$spaceId/projects/$projectId/channels" | jq -r --arg n "$channelName" '.Items[] | select(.Name == $n) | .Id')

releaseBody=$(jq -n --arg c "$channelId" --arg p "$projectId" --arg v "$releaseVersion" '{ChannelId: $c, ProjectId: $p, Version: $v, VersionControlReference: null, SelectedPackages: []}')
template=$(octo_get "/api/$spaceId/deploymentprocesses/deploymentprocess-$projectId/template?channel=$channelId")
selectedPackages=$(echo "$template" | jq -c --arg v "$packageVersion" '[.Packages[] | {ActionName, PackageReferenceName, Version: $v}]')
releaseBody=$(echo "$releaseBody" | jq ".SelectedPackages = $selectedPackages")

release=$(octo_post "/api/$spaceId/releases" "$releaseBody")
echo "$release" | jq -r .Id
