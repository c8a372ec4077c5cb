/**
 * Tenants (Octopus `TenantResource`) and what they supply: their values for variable templates,
 * kept beside the resource sealed with the master key (a template may be sensitive), by project,
 * set and template name as the space file writes them. Also the templates themselves, as Octopus
 * keeps them on projects and library variable sets.
 */
import type { NameRef, Range, Tenant, VariableTemplate } from '@stepwise/core';
import { slugify } from '@stepwise/core';
import type { Store } from '../db/store';
import { seqOf } from './repository';
import type { TenantResource, VariableTemplateResource } from './types';

/** A tenant's values for variable templates (plain when read, sealed when stored). */
export interface TenantValues {
  /** Project template values; no environments = every connected environment. */
  projects: { project: string; template: string; environments: string[]; value: string }[];
  common: { set: string; template: string; value: string }[];
}

export const NO_VALUES: TenantValues = { projects: [], common: [] };

export function tenantResource(
  id: string,
  spaceId: string,
  input: { name: string; description?: string; tags?: string[]; projectEnvironments?: Record<string, string[]> },
  existing?: TenantResource,
): TenantResource {
  return {
    Id: id,
    SpaceId: spaceId,
    Name: input.name,
    Slug: slugify(input.name),
    Description: input.description ?? existing?.Description ?? '',
    TenantTags: input.tags ?? existing?.TenantTags ?? [],
    ProjectEnvironments: input.projectEnvironments ?? existing?.ProjectEnvironments ?? {},
    IsDisabled: existing?.IsDisabled ?? false,
    ClonedFromTenantId: null,
  };
}

/** Saves the tenant; its template values too when given (else they stay as they are). */
export function saveTenant(store: Store, tenant: TenantResource, values?: TenantValues): void {
  const sealed = values && {
    projects: values.projects.map((v) => ({ ...v, value: store.secrets.seal(v.value) })),
    common: values.common.map((v) => ({ ...v, value: store.secrets.seal(v.value) })),
  };
  store.run(
    `INSERT INTO tenants (id, seq, space_id, name, json, variables) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, json = excluded.json${sealed ? ', variables = excluded.variables' : ''}`,
    tenant.Id,
    seqOf(tenant.Id),
    tenant.SpaceId,
    tenant.Name,
    JSON.stringify(tenant),
    JSON.stringify(sealed ?? NO_VALUES),
  );
}

/** A tenant by id or name (Octopus's API takes either in deployment commands). */
export function findTenant(store: Store, spaceId: string, idOrName: string): TenantResource | undefined {
  return store.doc<TenantResource>(
    'SELECT json FROM tenants WHERE space_id = ? AND (id = ? COLLATE NOCASE OR name = ?)',
    spaceId,
    idOrName,
    idOrName,
  );
}

export function tenantValues(store: Store, tenantId: string): TenantValues {
  const row = store.rows<{ variables: string }>('SELECT variables FROM tenants WHERE id = ?', tenantId)[0];
  const stored = row ? (JSON.parse(row.variables) as TenantValues) : NO_VALUES;
  return {
    projects: stored.projects.map((v) => ({ ...v, value: store.secrets.open(v.value) })),
    common: stored.common.map((v) => ({ ...v, value: store.secrets.open(v.value) })),
  };
}

/** The space file's templates as Octopus keeps them; a sensitive default is sealed. */
export function templateResources(
  store: Store,
  ownerId: string,
  templates: readonly VariableTemplate[],
): VariableTemplateResource[] {
  return templates.map((t) => ({
    Id: `${ownerId}-${slugify(t.name)}`,
    Name: t.name,
    Label: t.label ?? t.name,
    HelpText: t.help ?? '',
    DefaultValue: t.default === undefined ? null : t.sensitive ? store.secrets.seal(t.default) : t.default,
    DisplaySettings: { 'Octopus.ControlType': t.sensitive ? 'Sensitive' : (t.controlType ?? 'SingleLineText') },
  }));
}

/** What the API sends: a sensitive default is never sent (Octopus: `{ HasValue, NewValue: null }`). */
export function presentTemplates(templates: VariableTemplateResource[]): VariableTemplateResource[] {
  return templates.map((t) =>
    t.DisplaySettings['Octopus.ControlType'] === 'Sensitive' && t.DefaultValue !== null
      ? { ...t, DefaultValue: { HasValue: true, NewValue: null } }
      : t,
  );
}

const NO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const ref = (name: string): NameRef => ({ name, range: NO_RANGE });

/** Stored templates as the engine's model, defaults opened. */
export function toVariableTemplates(store: Store, templates: readonly VariableTemplateResource[]): VariableTemplate[] {
  return templates.map((t) => {
    const sensitive = t.DisplaySettings['Octopus.ControlType'] === 'Sensitive';
    return {
      name: t.Name,
      nameRange: NO_RANGE,
      label: t.Label,
      help: t.HelpText || undefined,
      default: typeof t.DefaultValue === 'string' ? store.secrets.open(t.DefaultValue) : undefined,
      controlType: t.DisplaySettings['Octopus.ControlType'],
      sensitive,
    };
  });
}

/** The tenant as the engine's model, connected to one project (by name) in the given environments. */
export function toModelTenant(
  tenant: TenantResource,
  values: TenantValues,
  project: { id: string; name: string },
  environmentName: (id: string) => string,
): Tenant {
  const environments = (tenant.ProjectEnvironments[project.id] ?? []).map((id) => ref(environmentName(id)));
  const value = (template: string, v: string, envs: string[]) => ({
    template: ref(template),
    value: v,
    range: NO_RANGE,
    environments: envs.map(ref),
  });
  const commonSets = [...new Set(values.common.map((v) => v.set))];
  return {
    name: tenant.Name,
    nameRange: NO_RANGE,
    description: tenant.Description,
    tags: tenant.TenantTags.map(ref),
    projects: [
      {
        project: ref(project.name),
        environments,
        variables: values.projects
          .filter((v) => v.project.toLowerCase() === project.name.toLowerCase())
          .map((v) => value(v.template, v.value, v.environments)),
      },
    ],
    commonVariables: commonSets.map((set) => ({
      variableSet: ref(set),
      values: values.common.filter((v) => v.set === set).map((v) => value(v.template, v.value, [])),
    })),
    range: NO_RANGE,
  };
}
