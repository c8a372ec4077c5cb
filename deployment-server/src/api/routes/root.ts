import type { FastifyInstance } from 'fastify';
import { Where } from '../../db/store';
import { notFound } from '../../errors';
import { getSpace } from '../../resources/spaces';
import { SERVER_USER, type SpaceResource } from '../../resources/types';
import type { ApiContext } from '../context';
import { collection, listRoute, paging, type Query, queryList, queryString } from '../paging';
import { presentSpace, rootDocument } from '../present';

/** `GET /api` (open to everyone, as api-client's first call), the current user and spaces. */
export function rootRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api', async () => rootDocument(ctx.installationId));

  app.get('/api/users/me', async () => ({ ...SERVER_USER, Links: { Self: `/api/users/${SERVER_USER.Id}` } }));

  listRoute(app, '/api/spaces', async (request) => {
    const query = request.query as Query;
    const page = paging(query);
    const partialName = queryString(query, 'partialName');
    const ids = queryList(query, 'ids');
    const where = new Where().ids('id', ids).partialName('name', partialName);
    const result = ctx.store.page<SpaceResource>('spaces', where, 'seq', page.skip, page.take);
    return collection('Space', { ...result, items: result.items.map(presentSpace) }, page, '/api/spaces', '/api/spaces{/id}{?skip,ids,take,partialName}', {
      partialName,
      ids: ids?.join(','),
    });
  });

  app.get('/api/spaces/:id', async (request) => {
    const { id } = request.params as { id: string };
    const space = getSpace(ctx.store, id);
    if (!space) throw notFound(`There is no space ${id}.`);
    return presentSpace(space);
  });
}
