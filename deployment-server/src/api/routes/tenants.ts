import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, notFound } from '../../errors';
import { allInSpace, getDoc } from '../../resources/repository';
import { findTenant, saveTenant, tenantResource } from '../../resources/tenants';
import type { EnvironmentResource, ProjectResource, TenantResource } from '../../resources/types';
import { Body } from '../body';
import { spaceOf, type ApiContext } from '../context';
import { presentTenant } from '../present';

/**
 * Creating and changing tenants as Octopus's `TenantResource` (`Name`, `Description`,
 * `TenantTags`, `ProjectEnvironments`: project id → environment ids). Reading them is in
 * infrastructure.ts with the other named resources; their variable values come from the space file.
 */
export function tenantRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;

  const input = (request: FastifyRequest, selfId?: string) => {
    const space = spaceOf(ctx, request);
    const body = new Body(request.body);
    const name = body.string('Name')?.trim();
    const description = body.string('Description');
    const tags = body.has('TenantTags') ? body.strings('TenantTags') : undefined;
    const raw = body.raw('ProjectEnvironments');
    body.check();
    const errors: string[] = [];
    if (!name && !selfId) errors.push("Name is required: the tenant's name.");
    if (name && name.length > 200)
      errors.push(`The tenant's name is ${name.length} characters long; names have at most 200.`);
    const clash = name && findTenant(store, space.Id, name);
    if (clash && clash.Id !== selfId) errors.push(`A tenant named '${name}' already exists in this space.`);
    for (const tag of tags ?? [])
      if (!/^[^/]+\/[^/]+$/.test(tag)) errors.push(`TenantTags: '${tag}' is not a canonical tag name ('Tag set/Tag').`);
    let projectEnvironments: Record<string, string[]> | undefined;
    if (raw !== undefined && raw !== null) {
      if (typeof raw !== 'object' || Array.isArray(raw))
        errors.push('ProjectEnvironments must be an object: project id → environment ids.');
      else {
        projectEnvironments = {};
        for (const [projectId, envIds] of Object.entries(raw as Record<string, unknown>)) {
          const project = getDoc<ProjectResource>(store, 'projects', space.Id, projectId);
          if (!project) {
            errors.push(`ProjectEnvironments: there is no project ${projectId} in space ${space.Id}.`);
            continue;
          }
          if (!Array.isArray(envIds) || envIds.some((e) => typeof e !== 'string')) {
            errors.push(`ProjectEnvironments['${projectId}'] must be a list of environment ids.`);
            continue;
          }
          const environments = allInSpace<EnvironmentResource>(store, 'environments', space.Id);
          projectEnvironments[project.Id] = (envIds as string[]).flatMap((id) => {
            const env = environments.find((e) => e.Id.toLowerCase() === id.toLowerCase());
            if (!env)
              errors.push(`ProjectEnvironments['${projectId}']: there is no environment ${id} in space ${space.Id}.`);
            return env ? [env.Id] : [];
          });
        }
      }
    }
    if (errors.length) throw badRequest(...errors);
    return { spaceId: space.Id, fields: { name: name ?? '', description, tags, projectEnvironments } };
  };

  app.post('/tenants', async (request, reply) => {
    const { spaceId, fields } = input(request);
    const tenant = store.transaction(() => {
      const created = tenantResource(store.nextId('Tenants').id, spaceId, fields);
      saveTenant(store, created, { projects: [], common: [] });
      return created;
    });
    void reply.status(201);
    return presentTenant(tenant);
  });

  app.put('/tenants/:id', async (request) => {
    const { id } = request.params as { id: string };
    const space = spaceOf(ctx, request);
    const existing = getDoc<TenantResource>(store, 'tenants', space.Id, id);
    if (!existing) throw notFound(`There is no tenant ${id} in space ${space.Id}.`);
    const { fields } = input(request, existing.Id);
    const tenant = tenantResource(
      existing.Id,
      existing.SpaceId,
      { ...fields, name: fields.name || existing.Name },
      existing,
    );
    store.transaction(() => saveTenant(store, tenant));
    return presentTenant(tenant);
  });
}
