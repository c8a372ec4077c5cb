import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, notFound } from '../../errors';
import { createRunbookRun, getRunbookRun, getRunbookSnapshot } from '../../runbooks/runbooks';
import { Body } from '../body';
import { getProcess } from '../../resources/documents';
import { getProjectByIdOrSlug } from '../../resources/repository';
import type { ProjectResource, RunbookResource } from '../../resources/types';
import { spaceOf, type ApiContext } from '../context';
import { listRoute, projectChildren } from '../paging';
import { presentRunbook, presentRunbookProcess } from '../present';

/**
 * Runbooks imported from files and their processes (Octopus's runbook routes), and running one:
 * `POST /runbookRuns {RunbookId, RunbookSnapshotId, EnvironmentId}` queues a `RunbookRun` task, as
 * Octopus does (without a snapshot id, the runbook's published snapshot runs).
 */
export function runbookRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;
  const list = (request: FastifyRequest, projectId: string | undefined) =>
    projectChildren(store, request, {
      table: 'runbooks',
      itemType: 'Runbook',
      kind: 'runbooks',
      spaceId: spaceOf(ctx, request).Id,
      projectId,
      present: presentRunbook,
    });
  const projectOf = (request: FastifyRequest) => {
    const space = spaceOf(ctx, request);
    const { projectId } = request.params as { projectId: string };
    const project = getProjectByIdOrSlug<ProjectResource>(store, space.Id, projectId);
    if (!project) throw notFound(`There is no project ${projectId} in space ${space.Id}.`);
    return project;
  };
  listRoute(app, '/projects/:projectId/runbooks', async (request) => list(request, projectOf(request).Id));
  listRoute(app, '/runbooks', async (request) => list(request, undefined));
  app.get('/runbooks/:id', async (request) => {
    const space = spaceOf(ctx, request);
    const { id } = request.params as { id: string };
    const runbook = store.doc<RunbookResource>('SELECT json FROM runbooks WHERE id = ? AND space_id = ?', id, space.Id);
    if (!runbook) throw notFound(`There is no runbook ${id} in space ${space.Id}.`);
    return presentRunbook(runbook);
  });
  const runbookProcess = (request: FastifyRequest, projectId?: string) => {
    const space = spaceOf(ctx, request);
    const { id } = request.params as { id: string };
    const runbook = store.doc<RunbookResource>(
      'SELECT json FROM runbooks WHERE space_id = ? AND json_extract(json, ?) = ? COLLATE NOCASE',
      space.Id,
      '$.RunbookProcessId',
      id,
    );
    const process =
      runbook &&
      (!projectId || runbook.ProjectId === projectId) &&
      getProcess(store, space.Id, runbook.RunbookProcessId);
    if (!runbook || !process) throw notFound(`There is no runbook process ${id} in space ${space.Id}.`);
    return presentRunbookProcess(process, runbook.Id);
  };
  app.get('/runbookProcesses/:id', async (request) => runbookProcess(request));
  // api-client's RunbookProcessRepository reads it under the project.
  app.get('/projects/:projectId/runbookProcesses/:id', async (request) =>
    runbookProcess(request, projectOf(request).Id),
  );
  app.post('/runbookRuns', async (request, reply) => {
    const space = spaceOf(ctx, request);
    const body = new Body(request.body);
    const runbookId = body.string('RunbookId');
    const environmentId = body.string('EnvironmentId');
    const snapshotId = body.string('RunbookSnapshotId');
    body.check();
    const snapshot = snapshotId?.trim() ? getRunbookSnapshot(store, snapshotId.trim()) : undefined;
    const runbook = runbookId?.trim() || snapshot?.RunbookId;
    if (!runbook || !environmentId?.trim())
      throw badRequest('A runbook run needs a RunbookId (or RunbookSnapshotId) and an EnvironmentId (ids or names).');
    const run = createRunbookRun(ctx.store, space.Id, runbook, environmentId, snapshotId);
    ctx.queue.pump();
    return reply.status(201).send(run);
  });
  app.get('/runbookSnapshots/:id', async (request) => {
    const space = spaceOf(ctx, request);
    const { id } = request.params as { id: string };
    const snapshot = getRunbookSnapshot(store, id);
    if (!snapshot || snapshot.SpaceId !== space.Id)
      throw notFound(`There is no runbook snapshot ${id} in ${space.Name}.`);
    return snapshot;
  });
  app.get('/runbookRuns/:id', async (request) => {
    const space = spaceOf(ctx, request);
    const { id } = request.params as { id: string };
    const run = getRunbookRun(ctx.store, id);
    if (!run || run.SpaceId !== space.Id) throw notFound(`There is no runbook run ${id} in ${space.Name}.`);
    return run;
  });
}
