import type { FastifyInstance } from 'fastify';
import { Where } from '../../db/store';
import type { InterruptionResource } from '../../resources/types';
import { Body } from '../body';
import { spaceOf, type ApiContext } from '../context';
import { collection, listRoute, paging, type Query, queryBoolean, queryList, queryString } from '../paging';
import { presentInterruption, presentUser } from '../present';

/** Manual interventions waiting on a person: list, one, take responsibility, submit Proceed/Abort. */
export function interruptionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store, interruptions } = ctx;

  listRoute(app, '/interruptions', async (request) => {
    const space = spaceOf(ctx, request);
    const query = request.query as Query;
    const page = paging(query);
    const ids = queryList(query, 'ids');
    const regarding = queryString(query, 'regarding');
    const pendingOnly = queryBoolean(query, 'pendingOnly') ?? false;
    const where = new Where().add('space_id = ?', space.Id).ids('id', ids);
    if (regarding)
      where.add(
        "(task_id = ? OR EXISTS (SELECT 1 FROM json_each(interruptions.json, '$.RelatedDocumentIds') r WHERE r.value = ?))",
        regarding,
        regarding,
      );
    if (pendingOnly) where.add('is_pending = 1');
    const result = store.page<InterruptionResource>('interruptions', where, 'seq DESC', page.skip, page.take);
    return collection(
      'Interruption',
      { ...result, items: result.items.map(presentInterruption) },
      page,
      `/api/${space.Id}/interruptions`,
      `/api/${space.Id}/interruptions{/id}{?skip,take,regarding,pendingOnly,ids}`,
      {
        ids: ids?.join(','),
        regarding,
        pendingOnly: pendingOnly ? 'true' : undefined,
      },
    );
  });

  app.get('/interruptions/:id', async (request) =>
    presentInterruption(interruptions.get(spaceOf(ctx, request).Id, (request.params as { id: string }).id)),
  );

  app.put('/interruptions/:id/responsible', async (request) => {
    const space = spaceOf(ctx, request);
    store.transaction(() => interruptions.takeResponsibility(space.Id, (request.params as { id: string }).id));
    return presentUser();
  });

  app.post('/interruptions/:id/submit', async (request) => {
    const space = spaceOf(ctx, request);
    const body = new Body(request.body);
    const values = {
      result: body.string('Result'),
      notes: body.string('Notes'),
      guidance: body.has('Guidance') ? (body.string('Guidance') ?? '') : undefined,
    };
    body.check();
    const submitted = store.transaction(() =>
      interruptions.submit(space.Id, (request.params as { id: string }).id, values),
    );
    return presentInterruption(submitted);
  });
}
