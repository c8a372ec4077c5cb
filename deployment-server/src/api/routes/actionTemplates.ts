import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors';
import { getSpaceFileResources } from '../../resources/spaceFileResources';
import { spaceOf, type ApiContext } from '../context';
import { collection, listRoute, pageOf, paging, type Query, queryList, queryString } from '../paging';

/** The space's step templates, from its space file (read-only): `/actiontemplates`, `/all`, by id. */
export function actionTemplateRoutes(app: FastifyInstance, ctx: ApiContext): void {
  listRoute(app, '/actiontemplates', async (request) => {
    const space = spaceOf(ctx, request);
    const query = request.query as Query;
    const page = paging(query);
    const ids = queryList(query, 'ids');
    const partialName = queryString(query, 'partialName')?.toLowerCase();
    const items = getSpaceFileResources(ctx.store, space.Id).actionTemplates.filter(
      (t) => (!ids?.length || ids.includes(t.Id)) && (!partialName || t.Name.toLowerCase().includes(partialName)),
    );
    return collection(
      'ActionTemplate',
      pageOf(items, page),
      page,
      `/api/${space.Id}/actiontemplates`,
      `/api/${space.Id}/actiontemplates{/id}{?skip,take,ids,partialName}`,
    );
  });
  app.get('/actiontemplates/:id', async (request) => {
    const space = spaceOf(ctx, request);
    const { id } = request.params as { id: string };
    const template = getSpaceFileResources(ctx.store, space.Id).actionTemplates.find((t) => t.Id === id);
    if (!template)
      throw notFound(
        `There is no step template ${id} in ${space.Name}; this server has the step templates of the space file (step-templates:).`,
      );
    return template;
  });
}
