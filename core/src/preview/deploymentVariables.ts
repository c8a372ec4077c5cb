import type { Action, Project, Space, Step, Target, Tenant, Variable } from '../model/types';
import { findTenant, tenantVariables } from '../model/tenants';
import { VariableDictionary } from '../template/index';
import { resolveScopedValue, type ScopeContext } from '../variables/resolveScopedValue';
import { slugify } from '../model/slug';
import {
  DEFAULT_CHANNEL,
  LATEST_PACKAGE_VERSION,
  LOCAL_SERVER_URI,
  MASK,
  type DeploymentContext,
} from './deploymentContext';
import { findFeed } from '../model/spaceResources';
import { isBuiltInFeed } from './localExecution';
import { BUILT_IN_FEED_ID } from '../octopus/apiResources';

/** Where in the process a template is evaluated: the step, the action, and the target it runs on. */
export interface EvaluationSite {
  step?: Step;
  stepIndex?: number;
  action?: Action;
  actionIndex?: number;
  target?: Target;
}

export interface DeploymentVariables {
  /** Flat name → value, as Octostache binds them. */
  values: Map<string, string>;
  /** The real values of sensitive variables that applied, for masking in logs. */
  sensitiveValues: string[];
}

/**
 * The variables a template sees at one place in one deployment: project and included-set
 * variables resolved by scope, prompted values, and the Octopus system variables known then.
 * Variables scoped only by environment/channel/tenant are resolved once per deployment; those
 * with step, role or target scopes are resolved again per site.
 */
export class DeploymentVariableSet {
  private readonly variables: Variable[];
  private readonly siteDependent: Variable[];
  private readonly base = new Map<string, string>();
  private readonly baseSensitive: string[] = [];
  private baseDictionary: VariableDictionary | undefined;
  /** Site-dependent winners, per variable, per the parts of the site its scopes look at. */
  private readonly winners = new Map<Variable, Map<string, { value: string; sensitive?: string } | null>>();
  /** Which parts of a site a variable's scopes look at: step 4, target 2, role 1. */
  private readonly scopeUse = new Map<Variable, number>();
  /** The step/action, target and role names some site-dependent value is scoped to (lower case). */
  private readonly scoped = { steps: new Set<string>(), targets: new Set<string>(), roles: new Set<string>() };
  /**
   * The deployment-wide dictionary with the site-dependent winners laid over it, per combination
   * of scoped names a site has: sites that differ only in names no scope mentions share one.
   * Never changed once made: each site's own values go into an overlay of it.
   */
  private readonly scopeDictionaries = new Map<string, { dictionary: VariableDictionary; sensitive: string[] }>();

  /** The tenant of a tenanted deployment, with its index in the space (for its id). */
  private readonly tenant: { tenant: Tenant; index: number; variables: Variable[] } | undefined;

  constructor(
    readonly project: Project,
    readonly space: Space | undefined,
    readonly context: DeploymentContext,
    /** False resolves every site afresh (what the cache must equal; for tests). */
    private readonly cacheByScope = true,
  ) {
    const tenant = context.tenant ? findTenant(space, context.tenant) : undefined;
    this.tenant = tenant && {
      tenant,
      index: space!.tenants!.indexOf(tenant),
      variables: tenantVariables(project, space, tenant, context.environment),
    };
    const sets = project.variableSets
      .map((ref) => space?.variableSets.find((s) => s.name.toLowerCase() === ref.name.toLowerCase()))
      .filter((s) => s !== undefined);
    // Library set variables first, so project variables of the same name win (as in Octopus).
    this.variables = withTenantValues([...sets.flatMap((s) => s.variables), ...project.variables], this.tenant);
    this.siteDependent = this.variables.filter((v) =>
      v.values.some((value) => value.scope.step || value.scope.role || value.scope.target),
    );
    for (const variable of this.siteDependent)
      for (const { scope } of variable.values) {
        for (const name of scope.step ?? []) this.scoped.steps.add(name.name.toLowerCase());
        for (const name of scope.target ?? []) this.scoped.targets.add(name.name.toLowerCase());
        for (const name of scope.role ?? []) this.scoped.roles.add(name.name.toLowerCase());
      }
    const independent = this.variables.filter((v) => !this.siteDependent.includes(v));
    this.resolveInto(independent, this.scopeContext({}), this.base, this.baseSensitive);
    for (const [name, value] of Object.entries(this.systemVariables())) this.base.set(name, value);
  }

  /** The variables at a site; the overrides of `context.variables` win over everything. */
  at(site: EvaluationSite, extra?: Record<string, string>): DeploymentVariables {
    const { overrides, sensitiveValues } = this.overridesAt(site, extra);
    const values = new Map(this.base);
    for (const [name, value] of overrides) values.set(name, value);
    return { values, sensitiveValues };
  }

  /** The same variables as `at`, bound for evaluation; shares the deployment-wide part between sites. */
  dictionaryAt(site: EvaluationSite, extra?: Record<string, string>): VariableDictionary {
    this.baseDictionary ??= new VariableDictionary(this.base);
    if (!this.cacheByScope)
      return VariableDictionary.overlay(this.baseDictionary, this.overridesAt(site, extra).overrides);
    return VariableDictionary.overlay(this.scopeDictionary(site).dictionary, this.siteOverrides(site, extra));
  }

  /** The deployment-wide variables with the site-dependent winners for the scoped names `site` has. */
  private scopeDictionary(site: EvaluationSite): { dictionary: VariableDictionary; sensitive: string[] } {
    const key = this.scopeKey(site);
    let found = this.scopeDictionaries.get(key);
    if (!found) {
      const { overrides, sensitiveValues } = this.winnersAt(site);
      found = { dictionary: VariableDictionary.overlay(this.baseDictionary!, overrides), sensitive: sensitiveValues };
      this.scopeDictionaries.set(key, found);
    }
    return found;
  }

  /**
   * Which scoped names a site has. A name no value is scoped to cannot change which value
   * applies (scopes match by name), so sites with the same key get the same winners.
   */
  private scopeKey(site: EvaluationSite): string {
    const { steps, targets, roles } = this.scoped;
    const mentioned = (names: (string | undefined)[], set: Set<string>) =>
      names
        .filter((n): n is string => n !== undefined && set.has(n.toLowerCase()))
        .map((n) => n.toLowerCase())
        .sort()
        .join('\u0000');
    return [
      mentioned([site.step?.name, site.action?.name], steps),
      mentioned([site.target?.name], targets),
      mentioned(site.target?.roles.map((r) => r.name) ?? [], roles),
    ].join('\u0001');
  }

  private overridesAt(
    site: EvaluationSite,
    extra?: Record<string, string>,
  ): { overrides: [string, string][]; sensitiveValues: string[] } {
    const { overrides, sensitiveValues } = this.winnersAt(site);
    overrides.push(...this.siteOverrides(site, extra));
    return { overrides, sensitiveValues };
  }

  /** The values a site sets itself (step, action, target), then `extra`, then the deployment's overrides. */
  private siteOverrides(site: EvaluationSite, extra?: Record<string, string>): [string, string][] {
    return [
      ...Object.entries(this.siteVariables(site)),
      ...Object.entries(extra ?? {}),
      ...Object.entries(this.context.variables ?? {}),
    ];
  }

  /** The winners of the site-dependent variables at a site, with the sensitive values that applied. */
  private winnersAt(site: EvaluationSite): { overrides: [string, string][]; sensitiveValues: string[] } {
    const overrides: [string, string][] = [];
    const sensitiveValues = [...this.baseSensitive];
    const scope = this.scopeContext(site);
    const mask = this.context.maskSensitive ?? true;
    const keys: (string | undefined)[] = [];
    for (const variable of this.siteDependent) {
      const winner = this.cacheByScope ? this.siteWinner(variable, scope, keys) : winnerOf(variable, scope);
      if (!winner) continue;
      if (winner.sensitive !== undefined) {
        if (winner.sensitive) sensitiveValues.push(winner.sensitive);
        overrides.push([variable.name, mask ? MASK : winner.sensitive]);
      } else overrides.push([variable.name, winner.value]);
    }
    return { overrides, sensitiveValues };
  }

  /** `keys` caches, for one site, the cache key of each combination of scopes a variable may use. */
  private siteWinner(
    variable: Variable,
    scope: ScopeContext,
    keys: (string | undefined)[],
  ): { value: string; sensitive?: string } | null {
    let cache = this.winners.get(variable);
    if (!cache) this.winners.set(variable, (cache = new Map()));
    // Only the parts of the site this variable's scopes look at make a difference.
    let uses = this.scopeUse.get(variable);
    if (uses === undefined) this.scopeUse.set(variable, (uses = scopeUse(variable)));
    const key = (keys[uses] ??=
      `${uses & 4 ? `${scope.step}\u0000${scope.action}` : ''}\u0001${uses & 2 ? scope.target : ''}\u0001${uses & 1 ? scope.roles?.join(',') : ''}`);
    let winner = cache.get(key);
    if (winner === undefined) cache.set(key, (winner = winnerOf(variable, scope)));
    return winner;
  }

  scopeContext(site: EvaluationSite): ScopeContext {
    return {
      environment: this.context.environment,
      channel: this.context.channel ?? DEFAULT_CHANNEL,
      tenant: this.tenant?.tenant.name,
      tenantTags: this.tenantTags(),
      step: site.step?.name,
      action: site.action?.name,
      target: site.target?.name,
      roles: site.target?.roles.map((r) => r.name),
    };
  }

  private resolveInto(
    variables: Variable[],
    scope: ScopeContext,
    into: Map<string, string>,
    sensitive: string[],
  ): void {
    const mask = this.context.maskSensitive ?? true;
    for (const variable of variables) {
      const winner = resolveScopedValue(variable, scope).value;
      if (!winner) continue;
      if (variable.sensitive) {
        if (winner.value) sensitive.push(winner.value);
        into.set(variable.name, mask ? MASK : winner.value);
      } else into.set(variable.name, winner.value);
    }
  }

  private systemVariables(): Record<string, string> {
    const { project, space, context } = this;
    const environments = space?.environments.map((e) => e.name) ?? [];
    const vars: Record<string, string> = {
      'Octopus.Project.Name': project.name,
      'Octopus.Environment.Name': context.environment,
      'Octopus.Release.Channel.Name': context.channel ?? DEFAULT_CHANNEL,
      'Octopus.Space.Name': space?.name ?? 'Default',
      'Octopus.Deployment.Error': '',
      'Octopus.Deployment.ErrorDetail': '',
      'Octopus.Project.Slug': slugify(project.name),
      'Octopus.Environment.Slug': slugify(context.environment),
      'Octopus.Release.Notes': context.releaseNotes ?? '',
      'Octopus.Web.ServerUri': context.serverUri ?? serverOrigin(space?.origin) ?? LOCAL_SERVER_URI,
    };
    const order = environments.findIndex((e) => e.toLowerCase() === context.environment.toLowerCase());
    if (order >= 0) vars['Octopus.Environment.SortOrder'] = String(order);
    if (context.releaseNumber) vars['Octopus.Release.Number'] = context.releaseNumber;
    if (this.tenant) {
      // The local server's ids follow the space file's order (it imports tenants in that order).
      vars['Octopus.Deployment.Tenant.Id'] = `Tenants-${this.tenant.index + 1}`;
      vars['Octopus.Deployment.Tenant.Name'] = this.tenant.tenant.name;
    }
    const tags = this.tenantTags();
    if (tags) vars['Octopus.Deployment.Tenant.Tags'] = tags.join(',');
    if (space?.defines.targets) {
      const inEnvironment = targetsInEnvironment(space, context.environment);
      const roles = new Set(inEnvironment.flatMap((t) => t.roles.map((r) => r.name)));
      for (const role of roles) {
        vars[`Octopus.Environment.MachinesInRole[${role}]`] = inEnvironment
          .filter((t) => t.roles.some((r) => r.name === role))
          .map((t) => t.name)
          .join(',');
      }
    }
    return { ...vars, ...context.systemVariables };
  }

  /** The deployment's tenant tags: as given, else its tenant's; undefined when untenanted. */
  tenantTags(): string[] | undefined {
    return this.context.tenantTags ?? this.tenant?.tenant.tags.map((t) => t.name);
  }

  /**
   * `Octopus.Action.Package[name].PackageId`, `.FeedId`, `.PackageVersion` of each package
   * reference (`Octopus.Action.Package.*` for the primary one), as Octopus sets them for the
   * action; the feed as its id when the space knows it. The files and paths they are acquired to
   * are known only when the deployment runs.
   */
  packageVariables(action: Action): Record<string, string> {
    const vars: Record<string, string> = {};
    for (const reference of action.packages) {
      const prefix = reference.name ? `Octopus.Action.Package[${reference.name}]` : 'Octopus.Action.Package';
      const version =
        this.context.packageVersions?.find(
          (p) =>
            p.action.toLowerCase() === action.name.toLowerCase() &&
            p.package.toLowerCase() === reference.name.toLowerCase(),
        )?.version ?? LATEST_PACKAGE_VERSION;
      const feed = isBuiltInFeed(reference.feed)
        ? BUILT_IN_FEED_ID
        : (findFeed(this.space, reference.feed)?.id ?? reference.feed);
      vars[`${prefix}.PackageId`] = reference.id;
      vars[`${prefix}.FeedId`] = feed;
      vars[`${prefix}.PackageVersion`] = version;
    }
    return vars;
  }

  private siteVariables(site: EvaluationSite): Record<string, string> {
    const vars: Record<string, string> = {};
    if (site.step) {
      vars['Octopus.Step.Name'] = site.step.name;
      if (site.stepIndex !== undefined) vars['Octopus.Step.Number'] = String(site.stepIndex + 1);
    }
    if (site.action) {
      vars['Octopus.Action.Name'] = site.action.name;
      if (site.stepIndex !== undefined)
        vars['Octopus.Action.Number'] = site.step?.inlineAction
          ? String(site.stepIndex + 1)
          : `${site.stepIndex + 1}.${(site.actionIndex ?? 0) + 1}`;
      // An action's own properties are variables too (`#{Octopus.Action.Package.CustomInstallationDirectory}`).
      for (const [property, text] of site.action.properties) vars[property] = text.value;
      Object.assign(vars, this.packageVariables(site.action));
      if (site.step?.roles.length) vars['Octopus.Action.TargetRoles'] = site.step.roles.map((r) => r.name).join(',');
    }
    if (site.target) {
      vars['Octopus.Machine.Name'] = site.target.name;
      vars['Octopus.Machine.Roles'] = site.target.roles.map((r) => r.name).join(',');
    }
    return vars;
  }
}

/** The server a space came from, when it came from one (its origin is then a URL). */
function serverOrigin(origin: string | undefined): string | undefined {
  if (!origin || !/^https?:\/\//i.test(origin)) return undefined;
  try {
    return new URL(origin).origin;
  } catch {
    return undefined;
  }
}

export function targetsInEnvironment(space: Space, environment: string): Target[] {
  const env = environment.toLowerCase();
  return space.targets.filter((t) => t.environments.some((e) => e.name.toLowerCase() === env));
}

function winnerOf(variable: Variable, scope: ScopeContext): { value: string; sensitive?: string } | null {
  const value = resolveScopedValue(variable, scope).value;
  return !value ? null : variable.sensitive ? { value: MASK, sensitive: value.value } : { value: value.value };
}

function scopeUse(variable: Variable): number {
  const uses = (key: 'step' | 'target' | 'role') => variable.values.some((v) => v.scope[key]);
  return (uses('step') ? 4 : 0) | (uses('target') ? 2 : 0) | (uses('role') ? 1 : 0);
}

/**
 * The variables with the tenant's values added: a value scoped to the tenant joins the variable of
 * the same name (the project's over a set's), so scoping decides between them as in Octopus.
 */
function withTenantValues(variables: Variable[], tenant: { variables: Variable[] } | undefined): Variable[] {
  if (!tenant?.variables.length) return variables;
  const out = [...variables];
  for (const supplied of tenant.variables) {
    let at = -1;
    for (let i = out.length - 1; i >= 0 && at < 0; i--)
      if (out[i].name.toLowerCase() === supplied.name.toLowerCase()) at = i;
    if (at < 0) out.push(supplied);
    else
      out[at] = {
        ...out[at],
        sensitive: out[at].sensitive || supplied.sensitive,
        values: [...out[at].values, ...supplied.values],
      };
  }
  return out;
}
