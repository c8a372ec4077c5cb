import { randomBytes } from 'node:crypto';
import type { Store } from '../db/store';
import { badRequest } from '../errors';
import type { PackageFeed } from '../packages/feed';
import { compareVersions, nextPatch, shorten, versionProblem } from '@stepwise/core/octopus/versions';
import { getProcess, getVariableSet, saveProcess, saveVariableSet } from '../resources/documents';
import { getDoc } from '../resources/repository';
import {
  BUILT_IN_FEED_ID,
  type ChannelResource,
  type DeploymentProcessResource,
  type LibraryVariableSetResource,
  type ProjectResource,
  type ReleaseResource,
  type SelectedPackage,
} from '../resources/types';
import { channelRuleViolations } from './channelRules';
import { newestAllowed, rulesFor } from '@stepwise/core/octopus/channelRules';
import { findChannel, findProject } from './lookups';

export interface CreateReleaseCommand {
  projectName?: string;
  releaseVersion?: string;
  channelName?: string;
  packageVersion?: string;
  packages: string[];
  releaseNotes?: string;
  ignoreIfAlreadyExists: boolean;
  ignoreChannelRules: boolean;
  gitRef?: string;
  gitCommit?: string;
  customFields: Record<string, string>;
}

/**
 * Creates a release (Octopus's `releases/create/v1`): resolves the project, channel, version and
 * package versions, and snapshots the deployment process and every variable set it uses, so
 * later edits never change what the release deploys. Call inside a transaction.
 */
export function createRelease(
  store: Store,
  feed: PackageFeed,
  spaceId: string,
  command: CreateReleaseCommand,
): { release: ReleaseResource; created: boolean } {
  const project = findProject(store, spaceId, command.projectName);
  if (command.gitRef || command.gitCommit) {
    throw badRequest(
      `Project '${project.Name}' is stored in the database, not in Git, so GitRef and GitCommit cannot be used with it.`,
    );
  }
  const channel = findChannel(store, project, command.channelName);
  const version = command.releaseVersion?.trim() || nextPatch(latestVersion(store, project.Id));
  const problem = versionProblem(version);
  if (problem) throw badRequest(`'${shorten(version)}' is not a valid release version: ${problem}.`);
  const existing = store.doc<ReleaseResource>(
    'SELECT json FROM releases WHERE project_id = ? AND version = ?',
    project.Id,
    version,
  );
  if (existing) {
    if (command.ignoreIfAlreadyExists) return { release: existing, created: false };
    throw badRequest(
      `A release with version ${version} already exists for project '${project.Name}'. Use another version, or IgnoreIfAlreadyExists to reuse it.`,
    );
  }
  const process = getProcess(store, spaceId, project.DeploymentProcessId);
  if (!process) throw badRequest(`Project '${project.Name}' has no deployment process.`);
  const selectedPackages = selectPackages(feed, spaceId, project, channel, process, command);
  if (!command.ignoreChannelRules) {
    const violations = channelRuleViolations(channel, process, selectedPackages);
    if (violations.length) throw badRequest(...violations);
  }

  const { id, seq } = store.nextId('Releases');
  const suffix = () => randomBytes(4).toString('hex').slice(0, 5).toUpperCase();
  const processSnapshot: DeploymentProcessResource = {
    ...process,
    Id: `${process.Id}-s-${seq}-${suffix()}`,
    LastSnapshotId: null,
  };
  saveProcess(store, processSnapshot);
  saveProcess(store, { ...process, LastSnapshotId: processSnapshot.Id });
  const variableSnapshotId = snapshotVariables(store, spaceId, project.VariableSetId, seq, suffix());
  const librarySnapshotIds = project.IncludedLibraryVariableSetIds.flatMap((setId) => {
    const library = getDoc<LibraryVariableSetResource>(store, 'library_variable_sets', spaceId, setId);
    return library ? [snapshotVariables(store, spaceId, library.VariableSetId, seq, suffix())] : [];
  });

  const release: ReleaseResource = {
    Id: id,
    SpaceId: spaceId,
    ProjectId: project.Id,
    ChannelId: channel.Id,
    Version: version,
    ReleaseNotes: command.releaseNotes ?? '',
    IgnoreChannelRules: command.ignoreChannelRules,
    Assembled: new Date().toISOString(),
    ProjectDeploymentProcessSnapshotId: processSnapshot.Id,
    ProjectVariableSetSnapshotId: variableSnapshotId,
    LibraryVariableSetSnapshotIds: librarySnapshotIds,
    SelectedPackages: selectedPackages,
    LifecycleId: channel.LifecycleId ?? project.LifecycleId,
    SelectedGitResources: [],
    BuildInformation: [],
    CustomFields: command.customFields,
    VersionControlReference: null,
  };
  store.run(
    'INSERT INTO releases (id, seq, space_id, project_id, channel_id, version, json) VALUES (?, ?, ?, ?, ?, ?, ?)',
    id,
    seq,
    spaceId,
    project.Id,
    channel.Id,
    version,
    JSON.stringify(release),
  );
  return { release, created: true };
}

function snapshotVariables(store: Store, spaceId: string, setId: string, seq: number, suffix: string): string {
  const set = getVariableSet(store, spaceId, setId);
  const snapshotId = `${setId}-s-${seq}-${suffix}`;
  if (set) saveVariableSet(store, { ...set, Id: snapshotId });
  return snapshotId;
}

/** Takes a fresh snapshot of the project's variables for a release (`UpdateVariableSnapshot`). */
export function refreshVariableSnapshot(
  store: Store,
  release: ReleaseResource,
  project: ProjectResource,
): ReleaseResource {
  const suffix = randomBytes(4).toString('hex').slice(0, 5).toUpperCase();
  const seq = Number(release.Id.replace(/^\D+-/, '')) || 0;
  const updated: ReleaseResource = {
    ...release,
    ProjectVariableSetSnapshotId: snapshotVariables(store, release.SpaceId, project.VariableSetId, seq, suffix),
    LibraryVariableSetSnapshotIds: project.IncludedLibraryVariableSetIds.flatMap((setId) => {
      const library = getDoc<LibraryVariableSetResource>(store, 'library_variable_sets', release.SpaceId, setId);
      return library ? [snapshotVariables(store, release.SpaceId, library.VariableSetId, seq, suffix)] : [];
    }),
  };
  store.run('UPDATE releases SET json = ? WHERE id = ?', JSON.stringify(updated), release.Id);
  return updated;
}

function latestVersion(store: Store, projectId: string): string | undefined {
  const versions = store
    .rows<{ version: string }>('SELECT version FROM releases WHERE project_id = ?', projectId)
    .map((r) => r.version);
  return versions.sort(compareVersions).at(-1);
}

/**
 * The package version of every package a step uses: from `Packages` (`Step:1.2.3`,
 * `PackageId:1.2.3`, `Step:Reference:1.2.3`, `*:1.2.3`), else `PackageVersion`, else the latest
 * version in the built-in feed.
 */
function selectPackages(
  feed: PackageFeed,
  spaceId: string,
  project: ProjectResource,
  channel: ChannelResource,
  process: DeploymentProcessResource,
  command: CreateReleaseCommand,
): SelectedPackage[] {
  const explicit = command.packages.map((entry) => {
    const parts = entry.split(':');
    if (parts.length < 2 || parts.some((p) => !p.trim()))
      throw badRequest(`Packages entry '${entry}' must be 'StepName:Version' or 'PackageId:Version'.`);
    return {
      entry,
      key: parts[0].trim().toLowerCase(),
      reference: parts.length === 3 ? parts[1].trim().toLowerCase() : undefined,
      version: parts[parts.length - 1].trim(),
      used: false,
    };
  });
  const selected: SelectedPackage[] = [];
  const errors: string[] = [];
  for (const step of process.Steps) {
    for (const action of step.Actions) {
      if (action.IsDisabled) continue;
      for (const reference of action.Packages ?? []) {
        const match = explicit.find(
          (e) =>
            (e.key === '*' ||
              e.key === action.Name.toLowerCase() ||
              e.key === step.Name.toLowerCase() ||
              e.key === reference.PackageId.toLowerCase()) &&
            (e.reference === undefined || e.reference === reference.Name.toLowerCase()),
        );
        if (match) match.used = true;
        let version = match?.version ?? command.packageVersion;
        // As Octopus does: the newest version the channel's rules allow (else the newest, which they then refuse).
        if (!version && reference.FeedId === BUILT_IN_FEED_ID) {
          const versions = feed.versions(spaceId, reference.PackageId).map((p) => p.Version);
          const rules = rulesFor(channel.Rules, action.Name, reference.Name);
          version = newestAllowed(versions, rules) ?? versions[0];
        }
        if (!version) {
          errors.push(
            reference.FeedId === BUILT_IN_FEED_ID
              ? `Step '${action.Name}' deploys package ${reference.PackageId}, which has no version in the built-in feed yet: upload it first, or give its version ('${action.Name}:1.0.0' in Packages).`
              : `Step '${action.Name}' deploys package ${reference.PackageId} from feed ${reference.FeedId}, which this server cannot search: give its version ('${action.Name}:1.0.0' in Packages).`,
          );
          continue;
        }
        const problem = versionProblem(version);
        if (problem)
          errors.push(`'${shorten(version)}' is not a valid version for package ${reference.PackageId}: ${problem}.`);
        selected.push({
          ActionName: action.Name,
          StepName: step.Name,
          PackageReferenceName: reference.Name,
          Version: version,
        });
      }
    }
  }
  for (const e of explicit)
    if (!e.used && e.key !== '*')
      errors.push(`Packages entry '${e.entry}' matches no step or package of project '${project.Name}'.`);
  if (errors.length) throw badRequest(...errors);
  return selected;
}

/**
 * `PUT releases/{id}`: a new version (unique in the project), release notes, or other package
 * versions (`Step:1.2.3` entries, as `SelectedPackages` give them). The snapshots stay as they were.
 */
export function modifyRelease(
  store: Store,
  release: ReleaseResource,
  change: { version?: string; releaseNotes?: string; packages?: string[] },
): ReleaseResource {
  const errors: string[] = [];
  const version = change.version?.trim() || release.Version;
  const problem = versionProblem(version);
  if (problem) errors.push(`'${shorten(version)}' is not a valid release version: ${problem}.`);
  else if (
    version.toLowerCase() !== release.Version.toLowerCase() &&
    store.value('SELECT 1 FROM releases WHERE project_id = ? AND version = ?', release.ProjectId, version)
  ) {
    errors.push(`A release with version ${version} already exists for this project.`);
  }
  const selected = release.SelectedPackages.map((p) => ({ ...p }));
  for (const entry of change.packages ?? []) {
    const parts = entry.split(':');
    const [step, reference] = [parts[0].toLowerCase(), parts.length === 3 ? parts[1].toLowerCase() : undefined];
    const packageVersion = parts[parts.length - 1];
    const matches = selected.filter(
      (p) =>
        (p.ActionName.toLowerCase() === step || p.StepName?.toLowerCase() === step) &&
        (reference === undefined || (p.PackageReferenceName ?? '').toLowerCase() === reference),
    );
    if (!matches.length)
      errors.push(`SelectedPackages: release ${release.Version} has no package for step '${parts[0]}'.`);
    const packageProblem = versionProblem(packageVersion);
    if (packageProblem) errors.push(`'${shorten(packageVersion)}' is not a valid package version: ${packageProblem}.`);
    for (const m of matches) m.Version = packageVersion;
  }
  if (errors.length) throw badRequest(...errors);
  const updated: ReleaseResource = {
    ...release,
    Version: version,
    ReleaseNotes: change.releaseNotes ?? release.ReleaseNotes,
    SelectedPackages: selected,
  };
  store.run('UPDATE releases SET version = ?, json = ? WHERE id = ?', version, JSON.stringify(updated), release.Id);
  return updated;
}

/**
 * `DELETE releases/{id}`: the release and its deployments (their finished tasks and logs stay,
 * as in Octopus). Refused while one of its deployments is queued or running.
 */
export function deleteRelease(store: Store, release: ReleaseResource): void {
  const active = store.value<string>(
    "SELECT t.id FROM deployments d JOIN tasks t ON t.id = d.task_id WHERE d.release_id = ? AND t.state IN ('Queued', 'Executing', 'Cancelling')",
    release.Id,
  );
  if (active)
    throw badRequest(
      `Release ${release.Version} has a deployment still queued or running (${active}); cancel it or wait for it to finish before deleting the release.`,
    );
  store.run('DELETE FROM deployments WHERE release_id = ?', release.Id);
  store.run('DELETE FROM releases WHERE id = ?', release.Id);
}
