import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../errors';
import { getDoc, getProjectByIdOrSlug } from '../../resources/repository';
import type { EnvironmentResource, MachineResource, ProjectResource } from '../../resources/types';
import {
  createEnvironment,
  createMachine,
  createProject,
  deleteEnvironment,
  deleteMachine,
  deleteProject,
  modifyEnvironment,
  modifyMachine,
  modifyProject,
} from '../../resources/writes';
import { Body } from '../body';
import { spaceOf, type ApiContext } from '../context';
import { presentEnvironment, presentMachine, presentProject } from '../present';

/** Creating, changing and deleting projects, environments and deployment targets (Octopus's resource routes). */
export function resourceWriteRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  const find = <T>(request: FastifyRequest, table: 'projects' | 'environments' | 'machines', what: string): T => {
    const space = spaceOf(ctx, request);
    const doc =
      table === 'projects'
        ? getProjectByIdOrSlug<T>(store, space.Id, idOf(request))
        : getDoc<T>(store, table, space.Id, idOf(request));
    if (!doc) throw notFound(`There is no ${what} ${idOf(request)} in space ${space.Id}.`);
    return doc;
  };

  const projectInput = (raw: unknown) => {
    const body = new Body(raw);
    const input = {
      name: body.string('Name'),
      description: body.string('Description'),
      lifecycleId: body.string('LifecycleId'),
      isDisabled: body.has('IsDisabled') ? body.boolean('IsDisabled') : undefined,
      includedLibraryVariableSetIds: body.has('IncludedLibraryVariableSetIds')
        ? body.strings('IncludedLibraryVariableSetIds')
        : undefined,
    };
    body.check();
    return input;
  };
  app.post('/projects', async (request, reply) => {
    const space = spaceOf(ctx, request);
    const input = projectInput(request.body);
    void reply.status(201);
    return presentProject(store.transaction(() => createProject(store, space.Id, input)));
  });
  app.put('/projects/:id', async (request) => {
    const input = projectInput(request.body);
    return presentProject(
      store.transaction(() => modifyProject(store, find<ProjectResource>(request, 'projects', 'project'), input)),
    );
  });
  app.delete('/projects/:id', async (request, reply) => {
    store.transaction(() => deleteProject(store, find<ProjectResource>(request, 'projects', 'project')));
    return reply.status(200).send();
  });

  const environmentInput = (raw: unknown) => {
    const body = new Body(raw);
    const sortOrder = body.raw('SortOrder');
    const input = {
      name: body.string('Name'),
      description: body.string('Description'),
      sortOrder: typeof sortOrder === 'number' && Number.isInteger(sortOrder) ? sortOrder : undefined,
      useGuidedFailure: body.has('UseGuidedFailure') ? body.boolean('UseGuidedFailure') : undefined,
    };
    body.check();
    return input;
  };
  app.post('/environments', async (request, reply) => {
    const space = spaceOf(ctx, request);
    const input = environmentInput(request.body);
    void reply.status(201);
    return presentEnvironment(store.transaction(() => createEnvironment(store, space.Id, input)));
  });
  app.put('/environments/:id', async (request) => {
    const input = environmentInput(request.body);
    return presentEnvironment(
      store.transaction(() =>
        modifyEnvironment(store, find<EnvironmentResource>(request, 'environments', 'environment'), input),
      ),
    );
  });
  app.delete('/environments/:id', async (request, reply) => {
    store.transaction(() =>
      deleteEnvironment(store, find<EnvironmentResource>(request, 'environments', 'environment')),
    );
    return reply.status(200).send();
  });

  const machineInput = (raw: unknown) => {
    const body = new Body(raw);
    const input = {
      name: body.string('Name'),
      roles: body.has('Roles') ? body.strings('Roles') : undefined,
      environmentIds: body.has('EnvironmentIds') ? body.strings('EnvironmentIds') : undefined,
      isDisabled: body.has('IsDisabled') ? body.boolean('IsDisabled') : undefined,
    };
    body.check();
    return input;
  };
  app.post('/machines', async (request, reply) => {
    const space = spaceOf(ctx, request);
    const input = machineInput(request.body);
    void reply.status(201);
    return presentMachine(store.transaction(() => createMachine(store, space.Id, input)));
  });
  app.put('/machines/:id', async (request) => {
    const input = machineInput(request.body);
    return presentMachine(
      store.transaction(() =>
        modifyMachine(store, find<MachineResource>(request, 'machines', 'deployment target'), input),
      ),
    );
  });
  app.delete('/machines/:id', async (request, reply) => {
    store.transaction(() => deleteMachine(store, find<MachineResource>(request, 'machines', 'deployment target')));
    return reply.status(200).send();
  });
}
