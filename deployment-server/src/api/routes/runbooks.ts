import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../../errors';
import { createRunbookRun, getRunbookRun, spaceRunbooks } from '../../runbooks/runbooks';
import { Body } from '../body';
import { spaceOf, type ApiContext } from '../context';
import { collection, listRoute, pageOf, paging, type Query, queryString } from '../paging';

/**
 * Runbooks (from the process files' `runbooks:` and OCL `runbooks/`), and running one:
 * `POST /runbookRuns {RunbookId, EnvironmentId}` queues a `RunbookRun` task, as Octopus does.
 */
export function runbookRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const list = (spaceId: string, projectId?: string, partialName?: string) =>
    spaceRunbooks(ctx.store, spaceId).filter(
      (r) =>
        (!projectId || r.ProjectId === projectId) &&
        (!partialName || r.Name.toLowerCase().includes(partialName.toLowerCase())),
    );
  listRoute(app, '/runbooks', async (request) => {
    const space = spaceOf(ctx, request);
    const query = request.query as Query;
    const page = paging(query);
    return collection(
      'Runbook',
      pageOf(list(space.Id, undefined, queryString(query, 'partialName')), page),
      page,
      `/api/${space.Id}/runbooks`,
      `/api/${space.Id}/runbooks{/id}{?skip,take,partialName}`,
    );
  });
  listRoute(app, '/projects/:projectId/runbooks', async (request) => {
    const space = spaceOf(ctx, request);
    const { projectId } = request.params as { projectId: string };
    const query = request.query as Query;
    const page = paging(query);
    return collection(
      'Runbook',
      pageOf(list(space.Id, projectId, queryString(query, 'partialName')), page),
      page,
      `/api/${space.Id}/projects/${projectId}/runbooks`,
      `/api/${space.Id}/projects/${projectId}/runbooks{?skip,take,partialName}`,
    );
  });
  app.get('/runbooks/:id', async (request) => {
    const space = spaceOf(ctx, request);
    const { id } = request.params as { id: string };
    const runbook = list(space.Id).find((r) => r.Id === id);
    if (!runbook) throw notFound(`There is no runbook ${id} in ${space.Name}.`);
    return runbook;
  });
  app.post('/runbookRuns', async (request, reply) => {
    const space = spaceOf(ctx, request);
    const body = new Body(request.body);
    const runbookId = body.string('RunbookId');
    const environmentId = body.string('EnvironmentId');
    body.check();
    if (!runbookId?.trim() || !environmentId?.trim())
      throw badRequest('A runbook run needs a RunbookId and an EnvironmentId (ids or names).');
    const run = createRunbookRun(ctx.store, space.Id, runbookId, environmentId);
    ctx.queue.pump();
    return reply.status(201).send(run);
  });
  app.get('/runbookRuns/:id', async (request) => {
    const space = spaceOf(ctx, request);
    const { id } = request.params as { id: string };
    const run = getRunbookRun(ctx.store, id);
    if (!run || run.SpaceId !== space.Id) throw notFound(`There is no runbook run ${id} in ${space.Name}.`);
    return run;
  });
}
