import type { FastifyInstance, FastifyRequest } from 'fastify';
import { scopeValues } from '@stepwise/core/octopus/toApiResources';
import { Where } from '../../db/store';
import { badRequest, notFound } from '../../errors';
import { nameIds } from '../../import/importWorkspace';
import { getProcess, getVariableSet, saveProcess, saveVariableSet } from '../../resources/documents';
import { allInSpace, getDoc, getProjectByIdOrSlug, saveNamed } from '../../resources/repository';
import type {
  ChannelResource,
  DeploymentProcessResource,
  EnvironmentResource,
  MachineResource,
  ProjectResource,
  SpaceResource,
  VariableSetResource,
} from '../../resources/types';
import { Body } from '../body';
import { releaseTemplate } from '../../tasks/releaseProgress';
import { spaceOf, type ApiContext } from '../context';
import {
  collection,
  listRoute,
  MAX_TAKE,
  paging,
  projectChildren,
  type Query,
  queryList,
  queryString,
} from '../paging';
import { jsonArray, jsonCollection, PresentedJson } from '../presentedJson';
import { processFromInput, variablesFromInput } from '../processInput';
import { presentChannel, presentProcess, presentProject, presentVariableSet } from '../present';

/** Projects, their channels, deployment process (GET/PUT) and variables (GET/PUT). */
export function projectRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;

  const project = (request: FastifyRequest, space: SpaceResource): ProjectResource => {
    const { projectId } = request.params as { projectId: string };
    const found = getProjectByIdOrSlug<ProjectResource>(store, space.Id, projectId);
    if (!found) throw notFound(`There is no project ${projectId} in space ${space.Id}.`);
    return found;
  };

  // The most-read list (every client starts with it): its items are served as cached JSON text.
  const presented = new PresentedJson<ProjectResource>(presentProject);
  const projectList = (request: FastifyRequest, all: boolean) => {
    const space = spaceOf(ctx, request);
    const query = request.query as Query;
    const page = all ? { skip: 0, take: MAX_TAKE } : paging(query);
    const ids = queryList(query, 'ids');
    const partialName = queryString(query, 'partialName');
    const name = queryString(query, 'name');
    const where = new Where().add('space_id = ?', space.Id).ids('id', ids).partialName('name', partialName);
    if (name) where.add('name = ?', name);
    const result = store.pageText('projects', where, 'seq', page.skip, page.take);
    const texts = result.items.map((row) => presented.text(row.id, row.json));
    if (all) return jsonArray(texts);
    const envelope = collection(
      'Project',
      { items: [], total: result.total },
      page,
      `/api/${space.Id}/projects`,
      `/api/${space.Id}/projects{/id}{?name,skip,ids,take,partialName,clonedFromProjectId}`,
      { ids: ids?.join(','), partialName, name },
    );
    return jsonCollection(envelope, texts);
  };
  app.get('/projects', async (request, reply) =>
    reply.type('application/json; charset=utf-8').send(projectList(request, false)),
  );
  app.get('/projects/all', async (request, reply) =>
    reply.type('application/json; charset=utf-8').send(projectList(request, true)),
  );

  app.get('/projects/:projectId', async (request) => presentProject(project(request, spaceOf(ctx, request))));

  // ── Deployment settings (kept on the project, as Octopus does for database projects) ──
  const deploymentSettings = (p: ProjectResource) => ({
    Id: `deploymentsettings-${p.Id}`,
    SpaceId: p.SpaceId,
    ProjectId: p.Id,
    ConnectivityPolicy: {
      SkipMachineBehavior: 'None',
      TargetRoles: [],
      AllowDeploymentsToNoTargets: true,
      ExcludeUnhealthyTargets: false,
    },
    DefaultGuidedFailureMode: p.DefaultGuidedFailureMode,
    VersioningStrategy: { Template: p.VersioningStrategy.Template },
    ReleaseNotesTemplate: p.ReleaseNotesTemplate ?? undefined,
    DefaultToSkipIfAlreadyInstalled: p.DefaultToSkipIfAlreadyInstalled,
    DeploymentChangesTemplate: undefined,
    Links: { Self: `/api/${p.SpaceId}/projects/${p.Id}/deploymentsettings` },
  });
  app.get('/projects/:projectId/deploymentsettings', async (request) =>
    deploymentSettings(project(request, spaceOf(ctx, request))),
  );
  app.put('/projects/:projectId/deploymentsettings', async (request) => {
    const space = spaceOf(ctx, request);
    const body = new Body(request.body);
    const mode = body.string('DefaultGuidedFailureMode');
    const template = (body.raw('VersioningStrategy') as { Template?: unknown } | undefined)?.Template;
    const notes = body.string('ReleaseNotesTemplate');
    const skip = body.has('DefaultToSkipIfAlreadyInstalled')
      ? body.boolean('DefaultToSkipIfAlreadyInstalled')
      : undefined;
    body.check();
    if (mode !== undefined && !['EnvironmentDefault', 'Off', 'On'].includes(mode))
      throw badRequest(`DefaultGuidedFailureMode must be EnvironmentDefault, Off or On, not '${mode}'.`);
    if (template !== undefined && typeof template !== 'string')
      throw badRequest('VersioningStrategy.Template must be text.');
    return store.transaction(() => {
      const p = project(request, space);
      const updated = {
        ...p,
        DefaultGuidedFailureMode: (mode ?? p.DefaultGuidedFailureMode) as ProjectResource['DefaultGuidedFailureMode'],
        VersioningStrategy:
          template === undefined ? p.VersioningStrategy : { ...p.VersioningStrategy, Template: template },
        ReleaseNotesTemplate: notes ?? p.ReleaseNotesTemplate,
        DefaultToSkipIfAlreadyInstalled: skip ?? p.DefaultToSkipIfAlreadyInstalled,
      };
      saveNamed(store, 'projects', updated);
      return deploymentSettings(updated);
    });
  });

  // ── Channels ─────────────────────────────────────────────────────────────
  const channelList = (request: FastifyRequest, projectId: string | undefined) =>
    projectChildren(store, request, {
      table: 'channels',
      itemType: 'Channel',
      kind: 'channels',
      spaceId: spaceOf(ctx, request).Id,
      projectId,
      present: presentChannel,
    });
  listRoute(app, '/projects/:projectId/channels', async (request) =>
    channelList(request, project(request, spaceOf(ctx, request)).Id),
  );
  listRoute(app, '/channels', async (request) => channelList(request, undefined));
  app.get('/channels/:id', async (request) => {
    const space = spaceOf(ctx, request);
    const { id } = request.params as { id: string };
    const channel = getDoc<ChannelResource>(store, 'channels', space.Id, id);
    if (!channel) throw notFound(`There is no channel ${id} in space ${space.Id}.`);
    return presentChannel(channel);
  });

  // ── Deployment process ───────────────────────────────────────────────────
  const processOf = (space: SpaceResource, p: ProjectResource): DeploymentProcessResource => {
    const process = getProcess(store, space.Id, p.DeploymentProcessId);
    if (!process) throw notFound(`Project ${p.Id} has no deployment process.`);
    return process;
  };
  const getProjectProcess = async (request: FastifyRequest) => {
    const space = spaceOf(ctx, request);
    return presentProcess(processOf(space, project(request, space)));
  };
  const putProjectProcess = async (request: FastifyRequest) => {
    const space = spaceOf(ctx, request);
    return store.transaction(() => {
      const p = project(request, space);
      const current = processOf(space, p);
      const lookup = lookups(space, p.Id);
      const updated = processFromInput(request.body, current, lookup);
      saveProcess(store, updated);
      // Keep the variables' names for action scopes in step with the process.
      const variables = getVariableSet(store, space.Id, p.VariableSetId);
      if (variables)
        saveVariableSet(store, {
          ...variables,
          ScopeValues: scopeValues(nameIds(store, space.Id, p.Id), updated, variables.Variables),
        });
      return presentProcess(updated);
    });
  };
  app.get('/projects/:projectId/deploymentprocesses', getProjectProcess);
  app.put('/projects/:projectId/deploymentprocesses', putProjectProcess);
  // Git (CaC) routes: this server keeps one process per project (imported from the working
  // tree), so any git ref reads and writes that one.
  app.get('/projects/:projectId/:gitRef/deploymentprocesses', getProjectProcess);
  app.put('/projects/:projectId/:gitRef/deploymentprocesses', putProjectProcess);
  app.get('/deploymentprocesses/:id', async (request) => {
    const space = spaceOf(ctx, request);
    const { id } = request.params as { id: string };
    const process = getProcess(store, space.Id, id);
    if (!process) throw notFound(`There is no deployment process ${id} in space ${space.Id}.`);
    return presentProcess(process);
  });

  app.get('/deploymentprocesses/:id/template', async (request) => {
    const space = spaceOf(ctx, request);
    const { id } = request.params as { id: string };
    const process = getProcess(store, space.Id, id);
    if (!process) throw notFound(`There is no deployment process ${id} in space ${space.Id}.`);
    const owner = getDoc<ProjectResource>(store, 'projects', space.Id, process.ProjectId);
    if (!owner) throw notFound(`The project ${process.ProjectId} of deployment process ${id} no longer exists.`);
    return releaseTemplate(store, ctx.feed, process, owner);
  });

  // ── Variables ────────────────────────────────────────────────────────────
  const variableSet = (space: SpaceResource, id: string): VariableSetResource => {
    const set = getVariableSet(store, space.Id, id);
    if (!set) throw notFound(`There is no variable set ${id} in space ${space.Id}.`);
    return set;
  };
  const projectVariables = async (request: FastifyRequest) => {
    const space = spaceOf(ctx, request);
    return presentVariableSet(variableSet(space, project(request, space).VariableSetId));
  };
  app.get('/projects/:projectId/variables', projectVariables);
  app.get('/projects/:projectId/:gitRef/variables', projectVariables);
  app.get('/variables/:id', async (request) => {
    const space = spaceOf(ctx, request);
    return presentVariableSet(variableSet(space, (request.params as { id: string }).id));
  });
  const putVariables = (request: FastifyRequest, id: string) => {
    const space = spaceOf(ctx, request);
    return store.transaction(() => {
      if (/-s-\d+-/.test(id))
        throw badRequest(`${id} is a release's snapshot of variables; snapshots cannot be changed.`);
      const current = variableSet(space, id);
      const process = current.OwnerId.startsWith('Projects-')
        ? getProcess(store, space.Id, `deploymentprocess-${current.OwnerId}`)
        : undefined;
      const ids = nameIds(store, space.Id, current.OwnerId.startsWith('Projects-') ? current.OwnerId : undefined);
      const updated = variablesFromInput(request.body, current, {
        environments: allInSpace<EnvironmentResource>(store, 'environments', space.Id),
        channels: [...ids.channels.values()].map((c) => ({ ...c }) as ChannelResource),
        actionIds: process?.Steps.flatMap((s) => s.Actions.map((a) => a.Id)) ?? [],
        machineIds: allInSpace<MachineResource>(store, 'machines', space.Id).map((m) => m.Id),
      });
      updated.ScopeValues = scopeValues(ids, process, updated.Variables);
      saveVariableSet(store, updated);
      return presentVariableSet(updated);
    });
  };
  app.put('/variables/:id', async (request) => putVariables(request, (request.params as { id: string }).id));
  app.put('/projects/:projectId/variables', async (request) =>
    putVariables(request, project(request, spaceOf(ctx, request)).VariableSetId),
  );

  function lookups(space: SpaceResource, projectId: string) {
    return {
      environments: allInSpace<EnvironmentResource>(store, 'environments', space.Id),
      channels: store.docs<ChannelResource>('SELECT json FROM channels WHERE project_id = ? ORDER BY seq', projectId),
    };
  }
}
