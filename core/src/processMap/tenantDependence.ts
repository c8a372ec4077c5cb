/**
 * Which tenants would see the same process map column in one environment, so the map previews
 * once per kind of tenant rather than once per tenant (30 tenants on two tags cost two previews).
 *
 * A map cell says whether a step runs, why, and on which targets; its properties are never
 * evaluated. Of the tenant, only two things reach that: its tags (an action's tenant-tag filter)
 * and, for steps with a variable run condition, the variables the condition may read — the
 * values the tenant supplies, variables scoped to the tenant or its tags, and the
 * `Octopus.Deployment.Tenant.*` system variables. Tenants alike in all that share a preview.
 */
import { tenantVariables } from '../model/tenants';
import type { Project, Space, Tenant } from '../model/types';

/** A function giving each tenant a key: tenants with equal keys get equal map columns in `environment`. */
export function tenantPreviewKey(
  project: Project,
  space: Space | undefined,
  environment: string,
): (tenant: Tenant) => string {
  const filters = project.process.steps.flatMap((s) =>
    s.actions.filter((a) => a.tenantTags.length).map((a) => a.tenantTags.map((t) => t.name.toLowerCase())),
  );
  const tagsMatched = (tenant: Tenant) => {
    const tags = new Set(tenant.tags.map((t) => t.name.toLowerCase()));
    return filters.map((filter) => (filter.some((t) => tags.has(t)) ? '1' : '0')).join('');
  };
  const conditions = project.process.steps
    .filter((s) => s.condition.kind === 'variable')
    .map((s) => s.condition.expression?.value ?? '');
  if (!conditions.length) return tagsMatched;

  const variables = [
    ...project.variables,
    ...project.variableSets.flatMap(
      (ref) => space?.variableSets.find((s) => s.name.toLowerCase() === ref.name.toLowerCase())?.variables ?? [],
    ),
  ];
  const values = variables.flatMap((v) => v.values);
  // The tenant's own name or id can reach a condition: then no two tenants are alike.
  const byName =
    values.some((v) => v.scope.tenant?.length) ||
    [...conditions, ...values.map((v) => v.value)].some((text) => /Octopus\.Deployment\.Tenant/i.test(text));
  // Its tags reach a condition only through values scoped to tenant tags.
  const byTags = values.some((v) => v.scope['tenant-tag']?.length);
  return (tenant) =>
    JSON.stringify([
      tagsMatched(tenant),
      byTags ? tenant.tags.map((t) => t.name.toLowerCase()).sort() : [],
      tenantVariables(project, space, tenant, environment).map((v) => [v.name, v.values[0]?.value]),
      byName ? tenant.name.toLowerCase() : '',
    ]);
}

/** The tenants in groups whose map columns are equal in `environment`, in the order given. */
export function tenantsAlike(
  project: Project,
  space: Space | undefined,
  environment: string,
  tenants: readonly Tenant[],
): Tenant[][] {
  const keyOf = tenantPreviewKey(project, space, environment);
  const groups = new Map<string, Tenant[]>();
  for (const tenant of tenants) {
    const key = keyOf(tenant);
    const group = groups.get(key);
    if (group) group.push(tenant);
    else groups.set(key, [tenant]);
  }
  return [...groups.values()];
}
