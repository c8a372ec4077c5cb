import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, notFound } from '../../errors';
import { getDoc } from '../../resources/repository';
import { TenantVariableContext } from '../../resources/tenantVariables';
import type {
  LibraryVariableSetResource,
  ProjectResource,
  TenantResource,
  VariableTemplateResource,
} from '../../resources/types';
import { Body } from '../body';
import { spaceOf, type ApiContext } from '../context';

/**
 * A tenant's values for variable templates, as Octopus's API has them: the classic
 * `GET/PUT /tenants/{id}/variables` (`TenantVariableResource`) and the newer
 * `GET/PUT /tenants/{id}/projectvariables` and `/commonvariables` (lists of values with their
 * template and environment scope; `?includeMissingVariables=true` adds the unset ones).
 * The shapes and their mapping to what is stored are in `resources/tenantVariables.ts`.
 */
export function tenantVariableRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;

  const contextOf = (request: FastifyRequest) => {
    const space = spaceOf(ctx, request);
    const { id } = request.params as { id: string };
    const tenant = getDoc<TenantResource>(store, 'tenants', space.Id, id);
    if (!tenant) throw notFound(`There is no tenant ${id} in space ${space.Id}.`);
    return new TenantVariableContext(store, tenant);
  };
  const includeMissing = (request: FastifyRequest) => {
    const query = request.query as Record<string, string | undefined>;
    const flag = query.includeMissingVariables ?? query.IncludeMissingVariables;
    return flag === 'true' || flag === 'True';
  };

  app.get('/tenants/:id/variables', async (request) => contextOf(request).classic());
  app.get('/tenants/:id/projectvariables', async (request) => contextOf(request).projectList(includeMissing(request)));
  app.get('/tenants/:id/commonvariables', async (request) => contextOf(request).commonList(includeMissing(request)));

  app.put('/tenants/:id/variables', async (request) => {
    const tenantContext = contextOf(request);
    const body = new Body(request.body);
    const projectVariables = body.raw('ProjectVariables');
    const libraryVariables = body.raw('LibraryVariables');
    body.check();
    const errors: string[] = [];
    const reader = new ValueReader(tenantContext, errors);
    const projects: ProjectResource[] = [];
    const sets: LibraryVariableSetResource[] = [];
    for (const [projectId, entry] of entries(projectVariables, 'ProjectVariables', errors)) {
      const where = `ProjectVariables['${projectId}']`;
      const project = reader.project(projectId, where);
      if (!project) continue;
      projects.push(project);
      for (const [environmentId, byTemplate] of entries(field(entry, 'Variables'), `${where}.Variables`, errors)) {
        const environment = reader.environment(project, environmentId, `${where}.Variables`);
        if (!environment) continue;
        for (const [templateId, value] of entries(byTemplate, `${where}.Variables['${environmentId}']`, errors))
          reader.projectValue(project, templateId, [environment], value, `${where}.Variables['${environmentId}']`);
      }
    }
    for (const [setId, entry] of entries(libraryVariables, 'LibraryVariables', errors)) {
      const where = `LibraryVariables['${setId}']`;
      const set = reader.set(setId, where);
      if (!set) continue;
      sets.push(set);
      for (const [templateId, value] of entries(field(entry, 'Variables'), `${where}.Variables`, errors))
        reader.commonValue(set, templateId, value, `${where}.Variables`);
    }
    if (errors.length) throw badRequest(...errors);
    tenantContext.save(reader.projectValues, reader.commonValues, { projects, sets });
    return tenantContext.classic();
  });

  app.put('/tenants/:id/projectvariables', async (request) => {
    const tenantContext = contextOf(request);
    const errors: string[] = [];
    const reader = new ValueReader(tenantContext, errors);
    variablesList(request.body, errors).forEach((item, index) => {
      const where = `Variables[${index}]`;
      const project = reader.projectOf(item, where);
      if (!project) return;
      const scope = environmentIds(item, where, errors);
      if (scope === undefined) return;
      if (!scope.length) {
        errors.push(`${where}.Scope.EnvironmentIds: name at least one environment the value is for.`);
        return;
      }
      const environments = scope.flatMap((e) => reader.environment(project, e, `${where}.Scope.EnvironmentIds`) ?? []);
      if (environments.length === scope.length)
        reader.projectValue(
          project,
          text(item, 'TemplateId', where, errors),
          environments,
          field(item, 'Value'),
          where,
        );
    });
    if (errors.length) throw badRequest(...errors);
    tenantContext.save(reader.projectValues, [], { projects: 'all', sets: [] });
    return tenantContext.projectList(false);
  });

  app.put('/tenants/:id/commonvariables', async (request) => {
    const tenantContext = contextOf(request);
    const errors: string[] = [];
    const reader = new ValueReader(tenantContext, errors);
    variablesList(request.body, errors).forEach((item, index) => {
      const where = `Variables[${index}]`;
      const set = reader.setOf(item, where);
      if (!set) return;
      const scope = environmentIds(item, where, errors);
      if (scope?.length) {
        errors.push(
          `${where}.Scope.EnvironmentIds: this server keeps one value per common variable template, for every environment; leave the scope empty.`,
        );
        return;
      }
      reader.commonValue(set, text(item, 'TemplateId', where, errors), field(item, 'Value'), where);
    });
    if (errors.length) throw badRequest(...errors);
    tenantContext.save([], reader.commonValues, { projects: [], sets: 'all' });
    return tenantContext.commonList(false);
  });
}

/** Reads written values against what the tenant is connected to, collecting what is wrong. */
class ValueReader {
  readonly projectValues: {
    project: ProjectResource;
    template: VariableTemplateResource;
    environmentId: string;
    value: string;
  }[] = [];
  readonly commonValues: { set: LibraryVariableSetResource; template: VariableTemplateResource; value: string }[] = [];
  private readonly current: TenantVariableContext['projectValues'] extends () => infer R ? R : never;
  private readonly currentCommon: TenantVariableContext['commonValues'] extends () => infer R ? R : never;

  constructor(
    private readonly tenant: TenantVariableContext,
    private readonly errors: string[],
  ) {
    this.current = tenant.projectValues();
    this.currentCommon = tenant.commonValues();
  }

  project(id: string | undefined, where: string): ProjectResource | undefined {
    if (id === undefined) return undefined;
    const found = this.tenant.projects.find((p) => p.project.Id.toLowerCase() === id.toLowerCase())?.project;
    if (!found) this.errors.push(`${where}: tenant '${this.tenant.tenant.Name}' is not connected to project ${id}.`);
    return found;
  }

  environment(project: ProjectResource, idOrName: string, where: string): string | undefined {
    const id = this.tenant.resolveEnvironment(idOrName);
    const connected = this.tenant.projects.find((p) => p.project === project)!.environmentIds;
    if (id && connected.includes(id)) return id;
    this.errors.push(
      id
        ? `${where}: tenant '${this.tenant.tenant.Name}' is not connected to project '${project.Name}' in environment '${this.tenant.environmentName(id)}'.`
        : `${where}: there is no environment ${idOrName}.`,
    );
    return undefined;
  }

  /**
   * The project a listed value is for: its `ProjectId`, else the project whose template its
   * `TemplateId` is (api-client's payload has no `ProjectId`; template ids are unique).
   */
  projectOf(item: unknown, where: string): ProjectResource | undefined {
    const id = field(item, 'ProjectId');
    if (typeof id === 'string' && id) return this.project(id, where);
    const templateId = text(item, 'TemplateId', where, this.errors);
    if (templateId === undefined) return undefined;
    const found = this.tenant.projects.find((p) => hasTemplate(p.project.Templates, templateId))?.project;
    if (!found)
      this.errors.push(
        `${where}: TemplateId ${templateId} is not a variable template of a project tenant '${this.tenant.tenant.Name}' is connected to.`,
      );
    return found;
  }

  /** The library variable set a listed value is for: its `LibraryVariableSetId`, else the set whose template it is. */
  setOf(item: unknown, where: string): LibraryVariableSetResource | undefined {
    const id = field(item, 'LibraryVariableSetId');
    if (typeof id === 'string' && id) return this.set(id, where);
    const templateId = text(item, 'TemplateId', where, this.errors);
    if (templateId === undefined) return undefined;
    const found = this.tenant.sets.find((s) => hasTemplate(s.Templates, templateId));
    if (!found)
      this.errors.push(
        `${where}: TemplateId ${templateId} is not a variable template of a library variable set tenant '${this.tenant.tenant.Name}' gets.`,
      );
    return found;
  }

  set(id: string | undefined, where: string): LibraryVariableSetResource | undefined {
    if (id === undefined) return undefined;
    const found = this.tenant.sets.find((s) => s.Id.toLowerCase() === id.toLowerCase());
    if (!found)
      this.errors.push(
        `${where}: library variable set ${id} is not included by any project tenant '${this.tenant.tenant.Name}' is connected to.`,
      );
    return found;
  }

  projectValue(
    project: ProjectResource,
    templateId: string | undefined,
    environmentIds: string[],
    raw: unknown,
    where: string,
  ): void {
    const template = this.template(project.Templates, templateId, `project '${project.Name}'`, where);
    if (!template) return;
    for (const environmentId of environmentIds) {
      if (
        this.projectValues.some(
          (v) => v.project === project && v.template === template && v.environmentId === environmentId,
        )
      ) {
        this.errors.push(
          `${where}: a second value for template '${template.Name}' of project '${project.Name}' in environment '${this.tenant.environmentName(environmentId)}'.`,
        );
        continue;
      }
      const kept = () =>
        this.current.find(
          (v) => v.project.Id === project.Id && v.template.Id === template.Id && v.environmentId === environmentId,
        )?.value;
      const value = this.value(raw, where, kept);
      if (value !== undefined) this.projectValues.push({ project, template, environmentId, value });
    }
  }

  commonValue(set: LibraryVariableSetResource, templateId: string | undefined, raw: unknown, where: string): void {
    const template = this.template(set.Templates, templateId, `library variable set '${set.Name}'`, where);
    if (!template) return;
    if (this.commonValues.some((v) => v.set === set && v.template === template)) {
      this.errors.push(
        `${where}: a second value for template '${template.Name}' of library variable set '${set.Name}'.`,
      );
      return;
    }
    const kept = () => this.currentCommon.find((v) => v.set.Id === set.Id && v.template.Id === template.Id)?.value;
    const value = this.value(raw, where, kept);
    if (value !== undefined) this.commonValues.push({ set, template, value });
  }

  private template(
    templates: VariableTemplateResource[],
    id: string | undefined,
    owner: string,
    where: string,
  ): VariableTemplateResource | undefined {
    if (id === undefined) return undefined;
    const found = templates.find((t) => t.Id.toLowerCase() === id.toLowerCase());
    if (!found)
      this.errors.push(
        `${where}: ${owner} has no variable template ${id}${templates.length ? ` (it has ${templates.map((t) => `${t.Id} '${t.Name}'`).join(', ')})` : ''}.`,
      );
    return found;
  }

  /**
   * A written value: a string; null or `{ HasValue: false }` to clear it; `{ NewValue: "…" }` to
   * set a sensitive one; `{ HasValue: true, NewValue: null }` to keep the stored one. Undefined = no value.
   */
  private value(raw: unknown, where: string, kept: () => string | undefined): string | undefined {
    if (typeof raw === 'string') return raw;
    if (raw === null || raw === undefined) return undefined;
    if (typeof raw === 'object' && !Array.isArray(raw)) {
      const newValue = field(raw, 'NewValue');
      const hasValue = field(raw, 'HasValue');
      if (typeof newValue === 'string') return newValue;
      if ((newValue === null || newValue === undefined) && typeof hasValue === 'boolean')
        return hasValue ? kept() : undefined;
    }
    this.errors.push(
      `${where}: a value is a string, null, or a sensitive value { "HasValue": true|false, "NewValue": "…"|null }; got ${JSON.stringify(raw)}.`,
    );
    return undefined;
  }
}

/** A field of a JSON object, its name matched without case (as Octopus binds them). */
function field(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const key = Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (value as Record<string, unknown>)[key];
}

function entries(value: unknown, where: string, errors: string[]): [string, unknown][] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push(`${where} must be an object keyed by id.`);
    return [];
  }
  return Object.entries(value);
}

function text(item: unknown, name: string, where: string, errors: string[]): string | undefined {
  const value = field(item, name);
  if (typeof value === 'string' && value) return value;
  errors.push(
    `${where}.${name} is required: ${value === undefined ? 'it is missing' : `got ${JSON.stringify(value)}`}.`,
  );
  return undefined;
}

const hasTemplate = (templates: VariableTemplateResource[], id: string) =>
  templates.some((t) => t.Id.toLowerCase() === id.toLowerCase());

/** The values of a PUT: `{ Variables: [...] }` (Octopus's command), or the bare list api-client sends. */
function variablesList(raw: unknown, errors: string[]): unknown[] {
  let list: unknown = raw;
  if (!Array.isArray(raw)) {
    const body = new Body(raw);
    list = body.raw('Variables');
    body.check();
  }
  if (!Array.isArray(list)) {
    errors.push(
      'Variables must be a list of values: { TemplateId, Value, Scope } (ProjectId or LibraryVariableSetId optional).',
    );
    return [];
  }
  return list.filter((item, index) => {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) return true;
    errors.push(`Variables[${index}] must be an object.`);
    return false;
  });
}

function environmentIds(item: unknown, where: string, errors: string[]): string[] | undefined {
  const scope = field(item, 'Scope');
  if (scope === undefined || scope === null) return [];
  const ids = field(scope, 'EnvironmentIds');
  if (ids === undefined || ids === null) return [];
  if (Array.isArray(ids) && ids.every((e) => typeof e === 'string')) return ids as string[];
  errors.push(`${where}.Scope.EnvironmentIds must be a list of environment ids.`);
  return undefined;
}
