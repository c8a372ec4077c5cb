import {
  automaticTargets,
  canDeployTo,
  effectivePhases,
  progression,
  type PhaseProgress,
} from '@stepwise/core/octopus/lifecycle';
import type { Store } from '../db/store';
import { badRequest } from '../errors';
import { getProcess, getVariableSet } from '../resources/documents';
import { mapSensitiveFormValues, sensitiveVariableNames } from '../secrets/sensitiveValues';
import { allInSpace, getDoc } from '../resources/repository';
import {
  SERVER_USER,
  type ChannelResource,
  type DeploymentResource,
  type EnvironmentResource,
  type LifecycleResource,
  type MachineResource,
  type ProjectResource,
  type ReleaseResource,
  type TenantResource,
} from '../resources/types';
import { findTenant } from '../resources/tenants';
import { tagsMatch } from '@stepwise/core/model/tenants';
import { findEnvironments, findProject, findRelease } from './lookups';
import { refreshVariableSnapshot } from './releases';
import { insertTask } from './taskStore';

export interface CreateDeploymentCommand {
  projectName?: string;
  releaseVersion?: string;
  environmentNames: string[];
  useGuidedFailure: boolean;
  forcePackageDownload: boolean;
  forcePackageRedeployment: boolean;
  updateVariableSnapshot: boolean;
  specificMachineNames: string[];
  excludedMachineNames: string[];
  skipStepNames: string[];
  runAt?: string;
  noRunAfter?: string;
  variables: Record<string, string>;
  comments?: string;
  /** A tenanted deployment: one per tenant (ids or names) in each environment. */
  tenants?: string[];
  /** A tenanted deployment to every tenant with these tags (`Set/Tag`) that is connected there. */
  tenantTags?: string[];
}

export interface DeploymentServerTask {
  DeploymentId: string;
  ServerTaskId: string;
}

/** Options of one deployment, resolved to ids. */
interface DeploymentOptions {
  useGuidedFailure: boolean;
  forcePackageDownload: boolean;
  forcePackageRedeployment: boolean;
  specificMachineIds: string[];
  excludedMachineIds: string[];
  skipActionIds: string[];
  queueTime?: string;
  noRunAfter?: string;
  formValues: Record<string, string>;
  comments: string;
}

const NO_OPTIONS: DeploymentOptions = {
  useGuidedFailure: false,
  forcePackageDownload: false,
  forcePackageRedeployment: false,
  specificMachineIds: [],
  excludedMachineIds: [],
  skipActionIds: [],
  formValues: {},
  comments: '',
};

/**
 * Octopus's `deployments/create/untenanted/v1`: one deployment and one queued server task per
 * environment, refused (nothing created) when the lifecycle does not allow an environment yet.
 * Call inside a transaction.
 */
export function createDeployments(
  store: Store,
  spaceId: string,
  command: CreateDeploymentCommand,
): DeploymentServerTask[] {
  const project = findProject(store, spaceId, command.projectName);
  let release = findRelease(store, project, command.releaseVersion);
  if (!command.environmentNames.length)
    throw badRequest('EnvironmentNames is required: the environments to deploy to.');
  const environments = findEnvironments(store, spaceId, command.environmentNames);

  const lifecycle = releaseLifecycle(store, release, project);
  const refusals = environments.flatMap((env) => {
    const decision = canDeployTo(lifecycle.progress, env.Id, {
      release: release.Version,
      lifecycle: lifecycle.lifecycle.Name,
      environment: lifecycle.environmentName,
    });
    return decision.allowed ? [] : [decision.reason];
  });
  if (refusals.length) throw badRequest(...refusals);

  const tenanted = !!(command.tenants?.length || command.tenantTags?.length);
  const tenantsByEnvironment = tenanted
    ? tenantsToDeploy(store, spaceId, project, release, environments, command.tenants ?? [], command.tenantTags ?? [])
    : undefined;

  if (command.updateVariableSnapshot) release = refreshVariableSnapshot(store, release, project);
  const options = resolveOptions(store, spaceId, release, command);
  if (!tenantsByEnvironment) return environments.map((env) => queueDeployment(store, project, release, env, options));
  return environments.flatMap((env) =>
    tenantsByEnvironment.get(env.Id)!.map((tenant) => queueDeployment(store, project, release, env, options, tenant)),
  );
}

/**
 * The tenants of a tenanted deployment, per environment: those named (each must exist and be
 * connected to the project in every environment, as Octopus refuses otherwise) and those whose
 * tags match (a tag of each tag set named; only connected ones). The release's channel may be
 * for tenants with certain tags only: a named tenant without them is refused, naming the channel,
 * and those chosen by tags must have them too. Refused when none is left.
 */
function tenantsToDeploy(
  store: Store,
  spaceId: string,
  project: ProjectResource,
  release: ReleaseResource,
  environments: EnvironmentResource[],
  names: string[],
  tags: string[],
): Map<string, TenantResource[]> {
  const errors: string[] = [];
  const all = allInSpace<TenantResource>(store, 'tenants', spaceId);
  const connected = (tenant: TenantResource, env: EnvironmentResource) =>
    (tenant.ProjectEnvironments[project.Id] ?? []).includes(env.Id);
  const named = names.flatMap((name) => {
    const tenant = findTenant(store, spaceId, name);
    if (!tenant)
      errors.push(
        `Unknown tenant '${name}'.${all.length ? ` Known tenants: ${all.map((t) => t.Name).join(', ')}.` : ' The space has no tenants.'}`,
      );
    return tenant ? [tenant] : [];
  });
  for (const tenant of named)
    for (const env of environments)
      if (!connected(tenant, env))
        errors.push(
          `Tenant '${tenant.Name}' is not connected to project '${project.Name}' in environment '${env.Name}'; connect it (ProjectEnvironments) before deploying it there.`,
        );
  const channel = getDoc<ChannelResource>(store, 'channels', spaceId, release.ChannelId);
  const channelTags = channel?.TenantTags ?? [];
  const channelAllows = (tenant: TenantResource) => tagsMatch(tenant.TenantTags, channelTags);
  for (const tenant of named)
    if (channel && !channelAllows(tenant))
      errors.push(
        `Tenant '${tenant.Name}' cannot deploy release ${release.Version}: its channel '${channel.Name}' is for tenants tagged ${channelTags.join(', ')}, and '${tenant.Name}' has ${tenant.TenantTags.join(', ') || 'no tags'}.`,
      );
  if (errors.length) throw badRequest(...errors);
  const result = new Map<string, TenantResource[]>();
  for (const env of environments) {
    const byTags = tags.length
      ? all.filter((t) => tagsMatch(t.TenantTags, tags) && connected(t, env) && channelAllows(t))
      : [];
    const chosen = [...named, ...byTags.filter((t) => !named.some((n) => n.Id === t.Id))];
    if (!chosen.length)
      throw badRequest(
        `No tenant with the tags ${tags.join(', ')} is connected to project '${project.Name}' in environment '${env.Name}'${channelTags.length ? ` and allowed by channel '${channel!.Name}' (tenants tagged ${channelTags.join(', ')})` : ''}.`,
      );
    result.set(env.Id, chosen);
  }
  return result;
}

/** Queues automatic deployments for the environments the release has just become able to reach. */
export function queueAutomaticDeployments(store: Store, releaseId: string): DeploymentServerTask[] {
  const release = store.doc<ReleaseResource>('SELECT json FROM releases WHERE id = ?', releaseId);
  if (!release) return [];
  const project = getDoc<ProjectResource>(store, 'projects', release.SpaceId, release.ProjectId);
  if (!project) return [];
  const lifecycle = releaseLifecycle(store, release, project);
  const deployed = new Set(
    store
      .rows<{ environment_id: string }>(
        'SELECT DISTINCT environment_id FROM deployments WHERE release_id = ?',
        release.Id,
      )
      .map((r) => r.environment_id),
  );
  const environments = allInSpace<EnvironmentResource>(store, 'environments', release.SpaceId);
  return automaticTargets(lifecycle.progress, deployed).flatMap((id) => {
    const env = environments.find((e) => e.Id === id);
    if (!env) return [];
    const variables = getVariableSet(store, release.SpaceId, release.ProjectVariableSetSnapshotId);
    // A release whose prompted variables are required cannot deploy itself (as in Octopus).
    if (variables?.Variables.some((v) => v.Prompt?.Required && !v.Value)) return [];
    return [
      queueDeployment(store, project, release, env, { ...NO_OPTIONS, comments: 'Automatic deployment (lifecycle)' }),
    ];
  });
}

export function releaseLifecycle(store: Store, release: ReleaseResource, project: ProjectResource) {
  const channel = getDoc<ChannelResource>(store, 'channels', release.SpaceId, release.ChannelId);
  const lifecycleId = channel?.LifecycleId ?? project.LifecycleId;
  const lifecycle = getDoc<LifecycleResource>(store, 'lifecycles', release.SpaceId, lifecycleId);
  if (!lifecycle) throw badRequest(`The lifecycle ${lifecycleId} of project '${project.Name}' does not exist.`);
  const environments = allInSpace<EnvironmentResource>(store, 'environments', release.SpaceId);
  const succeeded = new Set(
    store
      .rows<{ environment_id: string }>(
        "SELECT DISTINCT d.environment_id FROM deployments d JOIN tasks t ON t.id = d.task_id WHERE d.release_id = ? AND t.state = 'Success'",
        release.Id,
      )
      .map((r) => r.environment_id),
  );
  const progress: PhaseProgress[] = progression(effectivePhases(lifecycle, environments), succeeded);
  const environmentName = (id: string) => environments.find((e) => e.Id === id)?.Name ?? id;
  return { lifecycle, progress, environmentName };
}

function resolveOptions(
  store: Store,
  spaceId: string,
  release: ReleaseResource,
  command: CreateDeploymentCommand,
): DeploymentOptions {
  const errors: string[] = [];
  const machines = allInSpace<MachineResource>(store, 'machines', spaceId);
  const machineIds = (names: string[]) =>
    names.flatMap((name) => {
      const machine = machines.find((m) => m.Id === name || m.Name.toLowerCase() === name.toLowerCase());
      if (!machine)
        errors.push(
          `Unknown deployment target '${name}'.${machines.length ? ` Known targets: ${machines.map((m) => m.Name).join(', ')}.` : ' The space has no targets.'}`,
        );
      return machine ? [machine.Id] : [];
    });
  const process = getProcess(store, spaceId, release.ProjectDeploymentProcessSnapshotId);
  const skipActionIds = command.skipStepNames.flatMap((name) => {
    const lower = name.toLowerCase();
    const actions =
      process?.Steps.flatMap((s) =>
        s.Name.toLowerCase() === lower
          ? s.Actions
          : s.Actions.filter((a) => a.Name.toLowerCase() === lower || a.Id === name),
      ) ?? [];
    if (!actions.length) errors.push(`SkipStepNames: release ${release.Version} has no step named '${name}'.`);
    for (const a of actions.filter((a) => a.IsRequired))
      errors.push(`Step '${a.Name}' is required and cannot be skipped.`);
    return actions.map((a) => a.Id);
  });

  const variables = getVariableSet(store, spaceId, release.ProjectVariableSetSnapshotId)?.Variables ?? [];
  const prompted = variables.filter((v) => v.Prompt);
  const formValues: Record<string, string> = {};
  for (const [key, value] of Object.entries(command.variables)) {
    const variable = prompted.find(
      (v) =>
        v.Id === key ||
        v.Name.toLowerCase() === key.toLowerCase() ||
        v.Prompt?.Label.toLowerCase() === key.toLowerCase(),
    );
    if (!variable) {
      errors.push(
        `Variables: '${key}' is not a prompted variable of release ${release.Version}.${prompted.length ? ` Prompted variables: ${[...new Set(prompted.map((v) => v.Name))].join(', ')}.` : ''}`,
      );
      continue;
    }
    formValues[variable.Name] = String(value);
  }
  const missing = [
    ...new Set(
      prompted
        .filter((v) => v.Prompt?.Required && !formValues[v.Name] && !v.Value)
        .map((v) => v.Prompt?.Label || v.Name),
    ),
  ];
  if (missing.length)
    errors.push(
      `Please provide a value for the required prompted variable${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} (in Variables).`,
    );

  const time = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      errors.push(`${name} '${value}' is not a date and time (use ISO 8601, e.g. 2025-01-31T18:00:00Z).`);
      return undefined;
    }
    return new Date(ms).toISOString();
  };
  const queueTime = time('RunAt', command.runAt);
  const noRunAfter = time('NoRunAfter', command.noRunAfter);
  if (noRunAfter && Date.parse(noRunAfter) <= Date.parse(queueTime ?? new Date().toISOString()))
    errors.push('NoRunAfter must be later than RunAt (or than now).');

  const options: DeploymentOptions = {
    useGuidedFailure: command.useGuidedFailure,
    forcePackageDownload: command.forcePackageDownload,
    forcePackageRedeployment: command.forcePackageRedeployment,
    specificMachineIds: machineIds(command.specificMachineNames),
    excludedMachineIds: machineIds(command.excludedMachineNames),
    skipActionIds,
    queueTime,
    noRunAfter,
    // A sensitive prompted value is stored encrypted, as sensitive variables are.
    formValues: mapSensitiveFormValues(formValues, sensitiveVariableNames(prompted), (v) => store.secrets.seal(v)),
    comments: command.comments ?? '',
  };
  if (errors.length) throw badRequest(...errors);
  return options;
}

function queueDeployment(
  store: Store,
  project: ProjectResource,
  release: ReleaseResource,
  environment: EnvironmentResource,
  options: DeploymentOptions,
  tenant?: TenantResource,
): DeploymentServerTask {
  const deploymentId = store.nextId('Deployments');
  const task = store.nextId('ServerTasks');
  const now = new Date().toISOString();
  const deployment: DeploymentResource = {
    Id: deploymentId.id,
    SpaceId: release.SpaceId,
    Name: `Deploy to ${environment.Name}${tenant ? ` for ${tenant.Name}` : ''}`,
    ReleaseId: release.Id,
    ProjectId: project.Id,
    EnvironmentId: environment.Id,
    ChannelId: release.ChannelId,
    DeploymentProcessId: release.ProjectDeploymentProcessSnapshotId,
    ManifestVariableSetId: release.ProjectVariableSetSnapshotId,
    TaskId: task.id,
    TenantId: tenant?.Id ?? null,
    Created: now,
    Comments: options.comments,
    FormValues: options.formValues,
    ForcePackageDownload: options.forcePackageDownload,
    ForcePackageRedeployment: options.forcePackageRedeployment,
    UseGuidedFailure: options.useGuidedFailure,
    SkipActions: options.skipActionIds,
    SpecificMachineIds: options.specificMachineIds,
    ExcludedMachineIds: options.excludedMachineIds,
    QueueTime: options.queueTime ?? null,
    QueueTimeExpiry: options.noRunAfter ?? null,
    DeployedBy: SERVER_USER.Username,
    DeployedById: SERVER_USER.Id,
    Changes: [
      {
        Version: release.Version,
        ReleaseNotes: release.ReleaseNotes,
        WorkItems: [],
        Commits: [],
        BuildInformation: [],
      },
    ],
    ChangesMarkdown: release.ReleaseNotes ? `## ${release.Version}\n\n${release.ReleaseNotes}\n` : '',
  };
  store.run(
    'INSERT INTO deployments (id, seq, space_id, project_id, release_id, environment_id, channel_id, task_id, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    deployment.Id,
    deploymentId.seq,
    deployment.SpaceId,
    project.Id,
    release.Id,
    environment.Id,
    release.ChannelId,
    task.id,
    JSON.stringify(deployment),
  );
  insertTask(store, {
    id: task.id,
    seq: task.seq,
    spaceId: release.SpaceId,
    name: 'Deploy',
    description: `Deploy ${project.Name} release ${release.Version} to ${environment.Name}${tenant ? ` for ${tenant.Name}` : ''}`,
    // Octopus runs one deployment of a project to an environment (and tenant) at a time; the rest wait in order.
    concurrencyTag: `${project.Id}/${environment.Id}${tenant ? `/${tenant.Id}` : ''}`,
    projectId: project.Id,
    environmentId: environment.Id,
    deploymentId: deployment.Id,
    arguments: { DeploymentId: deployment.Id, ...(options.noRunAfter ? { _noRunAfter: options.noRunAfter } : {}) },
    queueTime: options.queueTime,
  });
  return { DeploymentId: deployment.Id, ServerTaskId: task.id };
}
