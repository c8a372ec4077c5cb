import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Where } from '../../db/store';
import { notFound } from '../../errors';
import { getDoc } from '../../resources/repository';
import {
  BUILT_IN_FEED_ID,
  type EnvironmentResource,
  type LibraryVariableSetResource,
  type LifecycleResource,
  type MachineResource,
  type TenantResource,
} from '../../resources/types';
import { spaceOf, type ApiContext } from '../context';
import { getSpaceFileResources } from '../../resources/spaceFileResources';
import { collection, listRoute, pageOf, paging, type Query, queryList, queryString } from '../paging';
import {
  presentEnvironment,
  presentLibraryVariableSet,
  presentLifecycle,
  presentMachine,
  presentTenant,
} from '../present';

/** Environments, lifecycles, deployment targets, library variable sets, tenants and feeds of a space (read-only). */
export function infrastructureRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const named = <T extends { Id: string }>(
    route: string,
    table: 'environments' | 'lifecycles' | 'machines' | 'library_variable_sets' | 'tenants',
    itemType: string,
    present: (doc: T) => unknown,
    what: string,
    extraFilter?: (query: Query, where: Where) => void,
  ) => {
    const order = table === 'environments' ? 'sort_order, seq' : 'seq';
    const list = async (request: FastifyRequest) => {
      const space = spaceOf(ctx, request);
      const query = request.query as Query;
      const page = paging(query);
      const ids = queryList(query, 'ids');
      const partialName = queryString(query, 'partialName');
      const name = queryString(query, 'name');
      const where = new Where().add('space_id = ?', space.Id).ids('id', ids).partialName('name', partialName);
      if (name) where.add('name = ?', name);
      extraFilter?.(query, where);
      const result = ctx.store.page<T>(table, where, order, page.skip, page.take);
      return collection(
        itemType,
        { ...result, items: result.items.map(present) },
        page,
        `/api/${space.Id}/${route}`,
        `/api/${space.Id}/${route}{/id}{?skip,take,ids,partialName,name}`,
        {
          ids: ids?.join(','),
          partialName,
          name,
        },
      );
    };
    listRoute(app, `/${route}`, list);
    app.get(`/${route}/:id`, async (request) => {
      const space = spaceOf(ctx, request);
      const { id } = request.params as { id: string };
      const doc = getDoc<T>(ctx.store, table, space.Id, id);
      if (!doc) throw notFound(`There is no ${what} ${id} in space ${space.Id}.`);
      return present(doc);
    });
    return list;
  };

  const environments = named<EnvironmentResource>(
    'environments',
    'environments',
    'Environment',
    presentEnvironment,
    'environment',
  );
  // The v2 list (api-client's getEnvironmentByName): the same environments, with their Type.
  app.get('/environments/v2', async (request) => {
    const result = (await environments(request)) as ReturnType<
      typeof collection<ReturnType<typeof presentEnvironment>>
    >;
    return {
      ...result,
      Items: result.Items.map((e) => ({ ...e, Type: 'Static' })),
    };
  });
  named<LifecycleResource>('lifecycles', 'lifecycles', 'Lifecycle', presentLifecycle, 'lifecycle');
  named<TenantResource>('tenants', 'tenants', 'Tenant', presentTenant, 'tenant', (query, where) => {
    const projectId = queryString(query, 'projectId');
    const tags = queryList(query, 'tags');
    if (projectId)
      where.add(`json_type(tenants.json, '$.ProjectEnvironments.' || json_quote(?)) IS NOT NULL`, projectId);
    if (tags)
      where.add(
        `EXISTS (SELECT 1 FROM json_each(tenants.json, '$.TenantTags') t WHERE t.value IN (SELECT value FROM json_each(?)))`,
        JSON.stringify(tags),
      );
  });
  named<MachineResource>(
    'machines',
    'machines',
    'DeploymentTarget',
    presentMachine,
    'deployment target',
    (query, where) => {
      const environmentIds = queryList(query, 'environmentIds');
      const roles = queryList(query, 'roles');
      if (environmentIds)
        where.add(
          `EXISTS (SELECT 1 FROM json_each(machines.json, '$.EnvironmentIds') e WHERE e.value IN (SELECT value FROM json_each(?)))`,
          JSON.stringify(environmentIds),
        );
      if (roles)
        where.add(
          `EXISTS (SELECT 1 FROM json_each(machines.json, '$.Roles') r WHERE r.value IN (SELECT value FROM json_each(?)))`,
          JSON.stringify(roles),
        );
    },
  );
  named<LibraryVariableSetResource>(
    'libraryvariablesets',
    'library_variable_sets',
    'LibraryVariableSet',
    presentLibraryVariableSet,
    'library variable set',
  );

  const builtInFeed = (spaceId: string) => ({
    Id: BUILT_IN_FEED_ID,
    SpaceId: spaceId,
    Name: 'Octopus Server (built-in)',
    Slug: 'octopus-server-built-in',
    FeedType: 'BuiltIn',
    IsBuiltInRepoSyncEnabled: false,
    DeleteUnreleasedPackagesAfterDays: 0,
    PackageAcquisitionLocationOptions: ['Server', 'ExecutionTarget'],
    Links: {
      Self: `/api/${spaceId}/feeds/${BUILT_IN_FEED_ID}`,
      ApiPush: `/api/${spaceId}/packages/raw{?replace,overwriteMode}`,
      NuGetPush: `/api/${spaceId}/packages/nuget/nuget-push`,
      BuiltInStatus: `/api/${spaceId}/feeds/stats`,
      NotesTemplate: `/api/${spaceId}/feeds/${BUILT_IN_FEED_ID}/packages/notes{?packageId,version}`,
      SearchTemplate: `/api/${spaceId}/feeds/${BUILT_IN_FEED_ID}/packages/search{?term,take,skip}`,
      SearchPackagesTemplate: `/api/${spaceId}/feeds/${BUILT_IN_FEED_ID}/packages/search{?term,take,skip}`,
      VersionsTemplate: `/api/${spaceId}/feeds/${BUILT_IN_FEED_ID}/packages/versions{?packageIds,includePreRelease,includeReleaseNotes}`,
      SearchPackageVersionsTemplate: `/api/${spaceId}/feeds/${BUILT_IN_FEED_ID}/packages/versions{?packageId,take,skip,includePreRelease,versionRange,preReleaseTag,filter}`,
      Packages: `/api/${spaceId}/packages{?nuGetPackageId,filter,latest,skip,take}`,
    },
  });
  const feedsOf = (spaceId: string) => [builtInFeed(spaceId), ...getSpaceFileResources(ctx.store, spaceId).feeds];
  listRoute(app, '/feeds', async (request) => {
    const space = spaceOf(ctx, request);
    const page = paging(request.query as Query);
    return collection(
      'Feed',
      pageOf(feedsOf(space.Id), page),
      page,
      `/api/${space.Id}/feeds`,
      `/api/${space.Id}/feeds{/id}{?skip,take,ids,partialName,feedType}`,
    );
  });
  app.get('/feeds/:id', async (request) => {
    const space = spaceOf(ctx, request);
    const { id } = request.params as { id: string };
    const feed = feedsOf(space.Id).find((f) => f.Id === id);
    if (!feed)
      throw notFound(
        `There is no feed ${id}; this server has the built-in feed (${BUILT_IN_FEED_ID}) and the feeds of the space file.`,
      );
    return feed;
  });
}
