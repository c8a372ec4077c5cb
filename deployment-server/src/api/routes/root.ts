import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Where } from '../../db/store';
import { notFound } from '../../errors';
import { getSpace } from '../../resources/spaces';
import { SERVER_USER, type SpaceResource } from '../../resources/types';
import type { ApiContext } from '../context';
import { collection, listRoute, pageOf, paging, type Query, queryList, queryString } from '../paging';
import { ADMIN_TEAM_ID, presentSpace, presentTeam, presentUser, rootDocument } from '../present';

/** `GET /api` (open to everyone, as api-client's first call), the current user and spaces. */
export function rootRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api', async () => rootDocument(ctx.installationId));

  // Only the key holder exists: one user, in one team that holds every permission.
  const user = () => presentUser();
  app.get('/api/users/me', async () => user());
  listRoute(app, '/api/users', async (request) => {
    const page = paging(request.query as Query);
    return collection('User', pageOf([user()], page), page, '/api/users', '/api/users{/id}{?skip,take,ids,filter}');
  });
  app.get('/api/users/:id', async (request) => {
    const { id } = request.params as { id: string };
    if (id !== SERVER_USER.Id)
      throw notFound(
        `There is no user ${id}; this server has one user, ${SERVER_USER.Id} (whoever holds the API key).`,
      );
    return user();
  });
  const teams = async (request: FastifyRequest) => {
    const page = paging(request.query as Query);
    return collection(
      'Team',
      pageOf([presentTeam()], page),
      page,
      '/api/teams',
      '/api/teams{/id}{?skip,take,ids,partialName,spaces,includeSystem}',
    );
  };
  const team = async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    if (id !== ADMIN_TEAM_ID) throw notFound(`There is no team ${id}; this server has one team, ${ADMIN_TEAM_ID}.`);
    return presentTeam();
  };
  listRoute(app, '/api/teams', teams);
  app.get('/api/teams/:id', team);
  listRoute(app, '/api/:spaceId/teams', teams);
  app.get('/api/:spaceId/teams/:id', team);

  listRoute(app, '/api/spaces', async (request) => {
    const query = request.query as Query;
    const page = paging(query);
    const partialName = queryString(query, 'partialName');
    const ids = queryList(query, 'ids');
    const where = new Where().ids('id', ids).partialName('name', partialName);
    const result = ctx.store.page<SpaceResource>('spaces', where, 'seq', page.skip, page.take);
    return collection(
      'Space',
      { ...result, items: result.items.map(presentSpace) },
      page,
      '/api/spaces',
      '/api/spaces{/id}{?skip,ids,take,partialName}',
      {
        partialName,
        ids: ids?.join(','),
      },
    );
  });

  app.get('/api/spaces/:id', async (request) => {
    const { id } = request.params as { id: string };
    const space = getSpace(ctx.store, id);
    if (!space) throw notFound(`There is no space ${id}.`);
    return presentSpace(space);
  });
}
