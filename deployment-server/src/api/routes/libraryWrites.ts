import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../errors';
import { createChannel, deleteChannel, modifyChannel } from '../../resources/channelWrites';
import {
  createLibraryVariableSet,
  deleteLibraryVariableSet,
  modifyLibraryVariableSet,
} from '../../resources/libraryVariableSetWrites';
import { createLifecycle, deleteLifecycle, modifyLifecycle } from '../../resources/lifecycleWrites';
import { getDoc } from '../../resources/repository';
import type { ChannelResource, LibraryVariableSetResource, LifecycleResource } from '../../resources/types';
import { Body } from '../body';
import { spaceOf, type ApiContext } from '../context';
import { presentChannel, presentLibraryVariableSet, presentLifecycle } from '../present';

/** Creating, changing and deleting lifecycles, channels and library variable sets (Octopus's library routes). */
export function libraryWriteRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;
  const find = <T>(
    request: FastifyRequest,
    table: 'lifecycles' | 'channels' | 'library_variable_sets',
    what: string,
  ): T => {
    const space = spaceOf(ctx, request);
    const { id } = request.params as { id: string };
    const doc = getDoc<T>(store, table, space.Id, id);
    if (!doc) throw notFound(`There is no ${what} ${id} in space ${space.Id}.`);
    return doc;
  };

  const lifecycleInput = (raw: unknown) => {
    const body = new Body(raw);
    const input = {
      name: body.string('Name'),
      description: body.string('Description'),
      phases: body.raw('Phases') ?? undefined,
      releaseRetentionPolicy: body.raw('ReleaseRetentionPolicy'),
      tentacleRetentionPolicy: body.raw('TentacleRetentionPolicy'),
    };
    body.check();
    return input;
  };
  app.post('/lifecycles', async (request, reply) => {
    const space = spaceOf(ctx, request);
    const input = lifecycleInput(request.body);
    void reply.status(201);
    return presentLifecycle(store.transaction(() => createLifecycle(store, space.Id, input)));
  });
  app.put('/lifecycles/:id', async (request) => {
    const input = lifecycleInput(request.body);
    return presentLifecycle(
      store.transaction(() =>
        modifyLifecycle(store, find<LifecycleResource>(request, 'lifecycles', 'lifecycle'), input),
      ),
    );
  });
  app.delete('/lifecycles/:id', async (request, reply) => {
    store.transaction(() => deleteLifecycle(store, find<LifecycleResource>(request, 'lifecycles', 'lifecycle')));
    return reply.status(200).send();
  });

  const channelInput = (raw: unknown) => {
    const body = new Body(raw);
    const lifecycle = body.raw('LifecycleId');
    const input = {
      name: body.string('Name'),
      projectId: body.string('ProjectId'),
      // null or '' (as Octopus sends it): the channel follows its project's lifecycle.
      lifecycleId: lifecycle === undefined ? undefined : (body.string('LifecycleId') ?? null),
      description: body.string('Description'),
      isDefault: body.has('IsDefault') ? body.boolean('IsDefault') : undefined,
      rules: body.raw('Rules') ?? (body.has('Rules') ? [] : undefined),
      tenantTags: body.has('TenantTags') ? body.strings('TenantTags') : undefined,
    };
    body.check();
    return input;
  };
  app.post('/channels', async (request, reply) => {
    const space = spaceOf(ctx, request);
    const input = channelInput(request.body);
    void reply.status(201);
    return presentChannel(store.transaction(() => createChannel(store, space.Id, input)));
  });
  app.put('/channels/:id', async (request) => {
    const input = channelInput(request.body);
    return presentChannel(
      store.transaction(() => modifyChannel(store, find<ChannelResource>(request, 'channels', 'channel'), input)),
    );
  });
  app.delete('/channels/:id', async (request, reply) => {
    store.transaction(() => deleteChannel(store, find<ChannelResource>(request, 'channels', 'channel')));
    return reply.status(200).send();
  });

  const setInput = (raw: unknown) => {
    const body = new Body(raw);
    const templates = body.raw('Templates');
    const input = {
      name: body.string('Name'),
      description: body.string('Description'),
      contentType: body.string('ContentType'),
      templates: Array.isArray(templates) ? templates : undefined,
    };
    body.check();
    return input;
  };
  app.post('/libraryvariablesets', async (request, reply) => {
    const space = spaceOf(ctx, request);
    const input = setInput(request.body);
    void reply.status(201);
    return presentLibraryVariableSet(store.transaction(() => createLibraryVariableSet(store, space.Id, input)));
  });
  app.put('/libraryvariablesets/:id', async (request) => {
    const input = setInput(request.body);
    return presentLibraryVariableSet(
      store.transaction(() =>
        modifyLibraryVariableSet(
          store,
          find<LibraryVariableSetResource>(request, 'library_variable_sets', 'library variable set'),
          input,
        ),
      ),
    );
  });
  app.delete('/libraryvariablesets/:id', async (request, reply) => {
    store.transaction(() =>
      deleteLibraryVariableSet(
        store,
        find<LibraryVariableSetResource>(request, 'library_variable_sets', 'library variable set'),
      ),
    );
    return reply.status(200).send();
  });
}
