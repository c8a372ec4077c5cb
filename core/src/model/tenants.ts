/**
 * Tenants as Octopus deploys them: which projects and environments a tenant is connected to, its
 * tags (`Set/Tag`), and the variables it supplies through variable templates — the project's
 * (one value per connected environment) and the included variable sets' (common, one value).
 * A template's default stands in when the tenant gives no value.
 */
import type { NameRef, Project, Space, Tenant, TenantProject, Variable, VariableTemplate } from './types';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function findTenant(space: Space | undefined, name: string): Tenant | undefined {
  return space?.tenants?.find((t) => same(t.name, name));
}

/** Every tag of the space's tag sets, as tenants and steps write it: `Set/Tag`. */
export function canonicalTagNames(space: Space | undefined): string[] {
  return (space?.tagSets ?? []).flatMap((set) => set.tags.map((tag) => `${set.name}/${tag.name}`));
}

/**
 * Whether a tenant's tags satisfy a tag filter (a channel's, a deployment's `TenantTags`), as
 * Octopus matches them: one tag of each tag set the filter names (OR within a set, AND across sets).
 * An empty filter lets every tenant through.
 */
export function tagsMatch(tenantTags: readonly string[], filter: readonly string[]): boolean {
  const bySet = new Map<string, string[]>();
  for (const tag of filter) {
    const set = tag.split('/')[0].toLowerCase();
    bySet.set(set, [...(bySet.get(set) ?? []), tag.toLowerCase()]);
  }
  const mine = tenantTags.map((t) => t.toLowerCase());
  return [...bySet.values()].every((wanted) => mine.some((t) => wanted.includes(t)));
}

/** The tenant's connection to the project, when it has one. */
export function tenantConnection(tenant: Tenant, projectName: string): TenantProject | undefined {
  return tenant.projects.find((p) => same(p.project.name, projectName));
}

/** The tenants connected to the project (in `environment`, when given). */
export function connectedTenants(space: Space | undefined, projectName: string, environment?: string): Tenant[] {
  return (space?.tenants ?? []).filter((t) => {
    const connection = tenantConnection(t, projectName);
    return !!connection && (!environment || connection.environments.some((e) => same(e.name, environment)));
  });
}

/** The common variable templates the project gets from the variable sets it includes, with their set. */
export function commonTemplates(
  project: Project,
  space: Space | undefined,
): { set: string; template: VariableTemplate; include: NameRef }[] {
  return project.variableSets.flatMap((include) => {
    const set = space?.variableSets.find((s) => same(s.name, include.name));
    return (set?.templates ?? []).map((template) => ({ set: set!.name, template, include }));
  });
}

/** Every variable name a tenant may supply to the project: its own templates and the included sets'. */
export function tenantSuppliedNames(project: Project, space: Space | undefined): string[] {
  return [...(project.variableTemplates ?? []), ...commonTemplates(project, space).map((c) => c.template)].map(
    (t) => t.name,
  );
}

/** What the tenant gives one template of the project in one environment: its value, else the default. */
export function projectTemplateValue(
  tenant: Tenant,
  projectName: string,
  template: VariableTemplate,
  environment: string,
): string | undefined {
  const values = tenantConnection(tenant, projectName)?.variables.filter((v) => same(v.template.name, template.name));
  const forEnvironment = values?.find((v) => v.environments.some((e) => same(e.name, environment)));
  const forAll = values?.find((v) => v.environments.length === 0);
  return (forEnvironment ?? forAll)?.value ?? template.default;
}

/** What the tenant gives one template of a variable set: its value, else the default. */
export function commonTemplateValue(tenant: Tenant, setName: string, template: VariableTemplate): string | undefined {
  const values = tenant.commonVariables.find((c) => same(c.variableSet.name, setName))?.values;
  return values?.find((v) => same(v.template.name, template.name))?.value ?? template.default;
}

/**
 * The variables the tenant supplies to a deployment of the project to `environment`, each scoped
 * to the tenant: Octopus ranks the tenant above tenant tags, environment and channel, below
 * step, target and role, so a project value scoped that precisely still wins.
 */
export function tenantVariables(
  project: Project,
  space: Space | undefined,
  tenant: Tenant,
  environment: string,
): Variable[] {
  const scoped = (template: VariableTemplate, value: string, owner: string): Variable => ({
    name: template.name,
    nameRange: template.nameRange,
    sensitive: template.sensitive,
    owner,
    values: [
      {
        value,
        range: template.nameRange,
        entryRange: template.nameRange,
        template: { value, range: template.nameRange, source: undefined },
        scope: { tenant: [{ name: tenant.name, range: tenant.nameRange }] },
      },
    ],
  });
  const out: Variable[] = [];
  for (const { set, template } of commonTemplates(project, space)) {
    const value = commonTemplateValue(tenant, set, template);
    if (value !== undefined) out.push(scoped(template, value, set));
  }
  for (const template of project.variableTemplates ?? []) {
    const value = projectTemplateValue(tenant, project.name, template, environment);
    if (value !== undefined) out.push(scoped(template, value, 'Project'));
  }
  return out;
}
