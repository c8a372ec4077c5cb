import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Where } from '../../db/store';
import { badRequest, notFound } from '../../errors';
import { getVariableSet } from '../../resources/documents';
import { getDoc } from '../../resources/repository';
import type {
  DeploymentResource,
  EnvironmentResource,
  ProjectResource,
  ReleaseResource,
  SpaceResource,
} from '../../resources/types';
import { createDeployments, queueAutomaticDeployments } from '../../tasks/deployments';
import {
  deploymentPreview,
  deploymentTemplate,
  projectOfRelease,
  releaseProgression,
} from '../../tasks/releaseProgress';
import { createRelease, deleteRelease, modifyRelease } from '../../tasks/releases';
import { Body } from '../body';
import { spaceOf, type ApiContext } from '../context';
import { collection, listRoute, paging, type Query, queryBoolean, queryList, queryString } from '../paging';
import { presentDeployment, presentRelease as presentReleaseDoc, presentTask } from '../present';

/** Releases (create/v1, lists, one) and deployments (create/untenanted/v1, lists, one). */
export function releaseRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;
  /** Releases stored before LifecycleId was kept get it from their channel or project. */
  const presentRelease = (release: ReleaseResource) => {
    if (release.LifecycleId) return presentReleaseDoc(release);
    const channel = getDoc<{ LifecycleId: string | null }>(store, 'channels', release.SpaceId, release.ChannelId);
    const project = getDoc<ProjectResource>(store, 'projects', release.SpaceId, release.ProjectId);
    return presentReleaseDoc({ ...release, LifecycleId: channel?.LifecycleId ?? project?.LifecycleId ?? '' });
  };

  /** The executions API repeats the space in its body (`spaceId`, `spaceIdOrName`); it must be this one. */
  const checkSpace = (body: Body, space: SpaceResource) => {
    for (const field of ['spaceId', 'spaceIdOrName']) {
      const value = body.string(field);
      if (value && value !== space.Id && value.toLowerCase() !== space.Name.toLowerCase()) {
        throw badRequest(`The body's ${field} '${value}' is not the space of the URL (${space.Id}, ${space.Name}).`);
      }
    }
  };

  app.post('/releases/create/v1', async (request, reply) => {
    const space = spaceOf(ctx, request);
    const body = new Body(request.body);
    checkSpace(body, space);
    const command = {
      projectName: body.string('ProjectName') ?? body.string('ProjectIdOrName'),
      releaseVersion: body.string('ReleaseVersion'),
      channelName: body.string('ChannelName') ?? body.string('ChannelIdOrName'),
      packageVersion: body.string('PackageVersion'),
      packages: body.strings('Packages'),
      releaseNotes: body.string('ReleaseNotes'),
      ignoreIfAlreadyExists: body.boolean('IgnoreIfAlreadyExists'),
      ignoreChannelRules: body.boolean('IgnoreChannelRules'),
      gitRef: body.string('GitRef'),
      gitCommit: body.string('GitCommit'),
      customFields: body.record('CustomFields'),
    };
    body.check();
    const { release, created, automatic } = store.transaction(() => {
      const result = createRelease(store, ctx.feed, space.Id, command);
      return { ...result, automatic: result.created ? queueAutomaticDeployments(store, result.release.Id) : [] };
    });
    if (automatic.length) ctx.queue.pump();
    void reply.status(created ? 201 : 200);
    return { ReleaseId: release.Id, ReleaseVersion: release.Version };
  });

  const releaseList = (request: FastifyRequest, space: SpaceResource, projectId: string | undefined) => {
    const query = request.query as Query;
    const page = paging(query);
    const ids = queryList(query, 'ids');
    const searchByVersion = queryString(query, 'searchByVersion');
    const where = new Where().add('space_id = ?', space.Id).ids('id', ids).partialName('version', searchByVersion);
    if (projectId) where.add('project_id = ?', projectId);
    const result = store.page<ReleaseResource>('releases', where, 'seq DESC', page.skip, page.take);
    const path = projectId ? `/api/${space.Id}/projects/${projectId}/releases` : `/api/${space.Id}/releases`;
    return collection(
      'Release',
      { ...result, items: result.items.map(presentRelease) },
      page,
      path,
      `${path}{/version}{?skip,take,searchByVersion}`,
      {
        ids: ids?.join(','),
        searchByVersion,
      },
    );
  };
  const projectOf = (space: SpaceResource, projectId: string) => {
    const project = getDoc<ProjectResource>(store, 'projects', space.Id, projectId);
    if (!project) throw notFound(`There is no project ${projectId} in space ${space.Id}.`);
    return project;
  };
  listRoute(app, '/releases', async (request) => releaseList(request, spaceOf(ctx, request), undefined));
  listRoute(app, '/projects/:projectId/releases', async (request) => {
    const space = spaceOf(ctx, request);
    return releaseList(request, space, projectOf(space, (request.params as { projectId: string }).projectId).Id);
  });
  app.get('/projects/:projectId/releases/:version', async (request) => {
    const space = spaceOf(ctx, request);
    const { projectId, version } = request.params as { projectId: string; version: string };
    const project = projectOf(space, projectId);
    const release = store.doc<ReleaseResource>(
      'SELECT json FROM releases WHERE project_id = ? AND version = ?',
      project.Id,
      version,
    );
    if (!release) throw notFound(`Project ${project.Name} has no release ${version}.`);
    return presentRelease(release);
  });
  const releaseOf = (space: SpaceResource, id: string) => {
    const release = getDoc<ReleaseResource>(store, 'releases', space.Id, id);
    if (!release) throw notFound(`There is no release ${id} in space ${space.Id}.`);
    return release;
  };
  app.get('/releases/:id', async (request) =>
    presentRelease(releaseOf(spaceOf(ctx, request), (request.params as { id: string }).id)),
  );

  // ── The classic resource API (what most scripts use) ──────────────────────
  const projectOfReleaseOrThrow = (release: ReleaseResource) => {
    const project = projectOfRelease(store, release);
    if (!project) throw notFound(`The project ${release.ProjectId} of release ${release.Id} no longer exists.`);
    return project;
  };
  /** `SelectedPackages` ({ActionName or the older StepName, PackageReferenceName?, Version}) as create/v1's `Packages`. */
  const packagesOf = (body: Body): string[] => {
    const raw = body.raw('SelectedPackages');
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) throw badRequest('SelectedPackages must be a list of {ActionName, Version}.');
    return raw.map((entry, i) => {
      const item = new Body(entry, `SelectedPackages[${i}]`);
      const step = item.string('ActionName') || item.string('StepName');
      const reference = item.string('PackageReferenceName');
      const version = item.string('Version');
      item.check();
      if (!step || !version)
        throw badRequest(`SelectedPackages[${i}] needs an ActionName (or StepName) and a Version.`);
      return reference ? `${step}:${reference}:${version}` : `${step}:${version}`;
    });
  };

  app.post('/releases', async (request, reply) => {
    const space = spaceOf(ctx, request);
    const body = new Body(request.body);
    const command = {
      projectName: body.string('ProjectId'),
      releaseVersion: body.string('Version'),
      channelName: body.string('ChannelId'),
      packages: packagesOf(body),
      releaseNotes: body.string('ReleaseNotes'),
      ignoreIfAlreadyExists: false,
      ignoreChannelRules: body.boolean('IgnoreChannelRules'),
      customFields: body.record('CustomFields'),
    };
    body.check();
    if (!command.projectName) throw badRequest('ProjectId is required: the project to create the release for.');
    const { release, automatic } = store.transaction(() => {
      const result = createRelease(store, ctx.feed, space.Id, command);
      return { ...result, automatic: queueAutomaticDeployments(store, result.release.Id) };
    });
    if (automatic.length) ctx.queue.pump();
    void reply.status(201);
    return presentRelease(release);
  });

  app.put('/releases/:id', async (request) => {
    const space = spaceOf(ctx, request);
    const body = new Body(request.body);
    const version = body.string('Version');
    const notes = body.string('ReleaseNotes');
    const packages = body.has('SelectedPackages') ? packagesOf(body) : undefined;
    body.check();
    return store.transaction(() => {
      const release = releaseOf(space, (request.params as { id: string }).id);
      const updated = modifyRelease(store, release, { version, releaseNotes: notes, packages });
      return presentRelease(updated);
    });
  });

  app.delete('/releases/:id', async (request, reply) => {
    const space = spaceOf(ctx, request);
    store.transaction(() => deleteRelease(store, releaseOf(space, (request.params as { id: string }).id)));
    return reply.status(200).send();
  });

  app.get('/releases/:id/deployments/template', async (request) => {
    const release = releaseOf(spaceOf(ctx, request), (request.params as { id: string }).id);
    return deploymentTemplate(store, release, projectOfReleaseOrThrow(release));
  });

  app.get('/releases/:id/deployments/preview/:environmentId', async (request) => {
    const space = spaceOf(ctx, request);
    const { id, environmentId } = request.params as { id: string; environmentId: string };
    const release = releaseOf(space, id);
    const environment = getDoc<EnvironmentResource>(store, 'environments', space.Id, environmentId);
    if (!environment) throw notFound(`There is no environment ${environmentId} in space ${space.Id}.`);
    return deploymentPreview(
      store,
      release,
      environment,
      queryBoolean(request.query as Query, 'includeDisabledSteps') ?? false,
    );
  });

  app.get('/releases/:id/progression', async (request) => {
    const release = releaseOf(spaceOf(ctx, request), (request.params as { id: string }).id);
    return releaseProgression(store, release, projectOfReleaseOrThrow(release), (d) => present(d), presentTask);
  });

  // ── Deployments ─────────────────────────────────────────────────────────
  const sensitiveNames = (deployment: DeploymentResource): Set<string> => {
    const release = getDoc<ReleaseResource>(store, 'releases', deployment.SpaceId, deployment.ReleaseId);
    const variables = release && getVariableSet(store, deployment.SpaceId, release.ProjectVariableSetSnapshotId);
    return new Set(variables?.Variables.filter((v) => v.IsSensitive).map((v) => v.Name.toLowerCase()) ?? []);
  };
  const present = (deployment: DeploymentResource) =>
    presentDeployment(deployment, Object.keys(deployment.FormValues).length ? sensitiveNames(deployment) : new Set());

  /** The fields the untenanted and tenanted executions commands share. */
  const executionCommand = (body: Body) => ({
    projectName: body.string('ProjectName') ?? body.string('ProjectIdOrName'),
    releaseVersion: body.string('ReleaseVersion'),
    useGuidedFailure: body.boolean('UseGuidedFailure'),
    forcePackageDownload: body.boolean('ForcePackageDownload'),
    forcePackageRedeployment: body.boolean('ForcePackageRedeployment'),
    updateVariableSnapshot: body.boolean('UpdateVariableSnapshot'),
    specificMachineNames: body.strings('SpecificMachineNames'),
    excludedMachineNames: body.strings('ExcludedMachineNames'),
    skipStepNames: body.strings('SkipStepNames'),
    runAt: body.string('RunAt'),
    noRunAfter: body.string('NoRunAfter'),
    variables: body.record('Variables'),
    comments: body.string('Comments'),
  });

  app.post('/deployments/create/untenanted/v1', async (request) => {
    const space = spaceOf(ctx, request);
    const body = new Body(request.body);
    checkSpace(body, space);
    const command = { ...executionCommand(body), environmentNames: body.strings('EnvironmentNames') };
    if (body.strings('DeploymentFreezeNames').length)
      throw badRequest('Deployment freezes are not supported by the Stepwise server.');
    body.check();
    const tasks = store.transaction(() => createDeployments(store, space.Id, command));
    ctx.queue.pump();
    return { DeploymentServerTasks: tasks };
  });
  // A DeploymentResource, as Octopus.Client and the REST examples send it.
  app.post('/deployments', async (request, reply) => {
    const space = spaceOf(ctx, request);
    const body = new Body(request.body);
    const releaseId = body.string('ReleaseId');
    const environmentId = body.string('EnvironmentId');
    const tenantId = body.string('TenantId');
    const formValues = body.record('FormValues');
    const command = {
      environmentNames: environmentId ? [environmentId] : [],
      useGuidedFailure: body.boolean('UseGuidedFailure'),
      forcePackageDownload: body.boolean('ForcePackageDownload'),
      forcePackageRedeployment: body.boolean('ForcePackageRedeployment'),
      updateVariableSnapshot: false,
      specificMachineNames: body.strings('SpecificMachineIds'),
      excludedMachineNames: body.strings('ExcludedMachineIds'),
      skipStepNames: body.strings('SkipActions'),
      runAt: body.string('QueueTime'),
      noRunAfter: body.string('QueueTimeExpiry'),
      variables: formValues,
      comments: body.string('Comments'),
    };
    body.check();
    if (!releaseId) throw badRequest('ReleaseId is required: the release to deploy.');
    if (!environmentId) throw badRequest('EnvironmentId is required: the environment to deploy to.');
    const [task] = store.transaction(() => {
      const release = releaseOf(space, releaseId);
      return createDeployments(store, space.Id, {
        ...command,
        projectName: release.ProjectId,
        releaseVersion: release.Id,
        ...(tenantId ? { tenants: [tenantId] } : {}),
      });
    });
    ctx.queue.pump();
    void reply.status(201);
    return present(getDoc<DeploymentResource>(store, 'deployments', space.Id, task.DeploymentId)!);
  });
  // Octopus's executions API: one deployment per tenant (named, or chosen by tags) to one environment.
  app.post('/deployments/create/tenanted/v1', async (request) => {
    const space = spaceOf(ctx, request);
    const body = new Body(request.body);
    checkSpace(body, space);
    const environmentName = body.string('EnvironmentName');
    const command = {
      ...executionCommand(body),
      environmentNames: environmentName ? [environmentName] : [],
      tenants: body.strings('Tenants'),
      tenantTags: body.strings('TenantTags'),
    };
    if (body.strings('DeploymentFreezeNames').length)
      throw badRequest('Deployment freezes are not supported by the Stepwise server.');
    body.check();
    if (!environmentName) throw badRequest('EnvironmentName is required: the environment to deploy to.');
    if (!command.tenants.length && !command.tenantTags.length)
      throw badRequest('Tenants or TenantTags is required: the tenants to deploy for.');
    const tasks = store.transaction(() => createDeployments(store, space.Id, command));
    ctx.queue.pump();
    return { DeploymentServerTasks: tasks };
  });

  const deploymentList = (request: FastifyRequest, space: SpaceResource, releaseId: string | undefined) => {
    const query = request.query as Query;
    const page = paging(query);
    const ids = queryList(query, 'ids');
    const projects = queryList(query, 'projects');
    const environments = queryList(query, 'environments');
    const channels = queryList(query, 'channels');
    const taskState = queryList(query, 'taskState');
    const where = new Where()
      .add('space_id = ?', space.Id)
      .ids('id', ids)
      .ids('project_id', projects)
      .ids('environment_id', environments)
      .ids('channel_id', channels);
    if (releaseId) where.add('release_id = ?', releaseId);
    const tenants = queryList(query, 'tenants');
    if (tenants)
      where.add("json_extract(json, '$.TenantId') IN (SELECT value FROM json_each(?))", JSON.stringify(tenants));
    if (taskState)
      where.add(
        'task_id IN (SELECT id FROM tasks WHERE state IN (SELECT value FROM json_each(?)))',
        JSON.stringify(taskState),
      );
    const result = store.page<DeploymentResource>('deployments', where, 'seq DESC', page.skip, page.take);
    const path = releaseId ? `/api/${space.Id}/releases/${releaseId}/deployments` : `/api/${space.Id}/deployments`;
    const template = releaseId
      ? `${path}{?skip,take}`
      : `${path}{/id}{?skip,take,ids,projects,environments,tenants,channels,taskState}`;
    return collection('Deployment', { ...result, items: result.items.map(present) }, page, path, template, {
      ids: ids?.join(','),
      projects: projects?.join(','),
      environments: environments?.join(','),
      channels: channels?.join(','),
      tenants: tenants?.join(','),
      taskState: taskState?.join(','),
    });
  };
  listRoute(app, '/deployments', async (request) => deploymentList(request, spaceOf(ctx, request), undefined));
  listRoute(app, '/releases/:id/deployments', async (request) => {
    const space = spaceOf(ctx, request);
    return deploymentList(request, space, releaseOf(space, (request.params as { id: string }).id).Id);
  });
  app.get('/deployments/:id', async (request) => {
    const space = spaceOf(ctx, request);
    const { id } = request.params as { id: string };
    const deployment = getDoc<DeploymentResource>(store, 'deployments', space.Id, id);
    if (!deployment) throw notFound(`There is no deployment ${id} in space ${space.Id}.`);
    return present(deployment);
  });
}
