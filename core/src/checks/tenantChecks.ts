/**
 * Tenant checks. In the space file: tenants' tags against the tag sets, their connected
 * environments and variable sets, template values for templates that do not exist, and (when the
 * caller knows the workspace's projects) connected projects. In a process file: steps', channels' and scoped
 * values' tenant tags, and templates a connected tenant leaves without a value and without a
 * default (Octopus will not deploy that tenant until it has one).
 */
import type { DiagnosticCode, DiagnosticData, Severity } from '../diagnostics';
import type { NameRef, Space } from '../model/types';
import {
  canonicalTagNames,
  commonTemplates,
  commonTemplateValue,
  connectedTenants,
  projectTemplateValue,
  tenantConnection,
} from '../model/tenants';
import type { Range } from '../text';
import type { ProcessCheckContext } from './checkContext';
import { reportUnknown } from './nameChecks';
import { closestNames, didYouMean } from './suggest';

type Report = (severity: Severity, code: DiagnosticCode, message: string, range: Range, data?: DiagnosticData) => void;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A tag not among the space's tag sets (written `Set/Tag`); nothing when the space has no `tag-sets`. */
function checkTag(space: Space, ref: NameRef, report: Report): void {
  if (!space.defines.tagSets) return;
  const known = canonicalTagNames(space);
  if (known.some((k) => same(k, ref.name))) return;
  const suggestions = closestNames(ref.name, known);
  const form = ref.name.includes('/') ? '' : ' Tags are written `Set/Tag`.';
  report(
    'error',
    'unknown-tenant-tag',
    `Unknown tenant tag \`${ref.name}\`: no tag set of the space has it.${form}${didYouMean(suggestions) || (known.length ? ` Known tags: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}.` : '')}`,
    ref.range,
    { suggestions },
  );
}

/** `projects`: the names of the workspace's projects, when known (else connected projects are not checked). */
export function checkTenantsInSpace(space: Space, report: Report, projects?: string[]): void {
  const environments = space.defines.environments ? space.environments.map((e) => e.name) : undefined;
  const seen = new Map<string, NameRef>();
  for (const tenant of space.tenants ?? []) {
    const first = seen.get(tenant.name.toLowerCase());
    if (first)
      report(
        'error',
        'duplicate-tenant',
        `Another tenant is already named \`${tenant.name}\` (line ${first.range.start.line + 1}).`,
        tenant.nameRange,
      );
    else seen.set(tenant.name.toLowerCase(), { name: tenant.name, range: tenant.nameRange });
    for (const tag of tenant.tags) checkTag(space, tag, report);
    for (const connection of tenant.projects) {
      if (projects && !projects.some((p) => same(p, connection.project.name))) {
        const suggestions = closestNames(connection.project.name, projects);
        report(
          'warning',
          'unknown-project',
          `Tenant \`${tenant.name}\` is connected to \`${connection.project.name}\`, but no process file in the workspace has that \`project:\`.${didYouMean(suggestions)}`,
          connection.project.range,
          { suggestions },
        );
      }
      if (environments)
        for (const e of connection.environments) reportUnknown({ report }, 'environment', e, environments);
      for (const value of connection.variables)
        if (environments) for (const e of value.environments) reportUnknown({ report }, 'environment', e, environments);
    }
    for (const common of tenant.commonVariables) {
      const set = space.variableSets.find((s) => same(s.name, common.variableSet.name));
      if (!set) {
        if (space.defines.variableSets)
          reportUnknown(
            { report },
            'variable set',
            common.variableSet,
            space.variableSets.map((s) => s.name),
          );
        continue;
      }
      const templates = (set.templates ?? []).map((t) => t.name);
      for (const value of common.values) {
        if (templates.some((t) => same(t, value.template.name))) continue;
        const suggestions = closestNames(value.template.name, templates);
        report(
          'warning',
          'unknown-variable-template',
          `Variable set \`${set.name}\` has no variable template \`${value.template.name}\`, so this value is never used.${didYouMean(suggestions)}`,
          value.template.range,
          { suggestions },
        );
      }
    }
  }
}

/** The process file's tenant tags, and connected tenants' missing values for its templates. */
export function checkTenants(ctx: ProcessCheckContext): void {
  const { project, space } = ctx;
  if (!space) return;
  const report: Report = ctx.report.bind(ctx);
  for (const step of project.process.steps)
    for (const action of step.actions) for (const tag of action.tenantTags) checkTag(space, tag, report);
  for (const channel of project.channels) for (const tag of channel.tenantTags ?? []) checkTag(space, tag, report);
  for (const variable of project.variables)
    for (const value of variable.values)
      for (const tag of value.scope['tenant-tag'] ?? []) checkTag(space, tag, report);

  if (!space.defines.tenants || !project.name) return;
  const tenants = connectedTenants(space, project.name);
  for (const template of project.variableTemplates ?? []) {
    for (const tenant of tenants) {
      const environments = tenantConnection(tenant, project.name)!.environments.filter(
        (e) => projectTemplateValue(tenant, project.name, template, e.name) === undefined,
      );
      if (!environments.length) continue;
      report(
        'warning',
        'missing-tenant-value',
        `Tenant \`${tenant.name}\` gives \`${template.name}\` no value for ${environments.map((e) => e.name).join(', ')}, and the template has no default: Octopus will not deploy the tenant there until it does.`,
        template.nameRange,
      );
    }
  }
  for (const { set, template, include } of commonTemplates(project, space)) {
    for (const tenant of tenants) {
      if (commonTemplateValue(tenant, set, template) !== undefined) continue;
      report(
        'warning',
        'missing-tenant-value',
        `Tenant \`${tenant.name}\` gives the common variable \`${template.name}\` (variable set \`${set}\`) no value, and the template has no default: Octopus will not deploy the tenant until it does.`,
        include.range,
      );
    }
  }
}
