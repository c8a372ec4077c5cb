import { findTenant } from '../model/tenants';
import type { Space } from '../model/types';

/** One deployment of a project to an environment, as far as it is known before it runs. */
export interface DeploymentContext {
  environment: string;
  /** Default: `Default`. */
  channel?: string;
  /** `Octopus.Release.Number`; unknown (left unresolved) when absent. */
  releaseNumber?: string;
  /** Deploy to this target only (Octopus's "specific machines"). */
  target?: string;
  /** `Octopus.Release.Notes`; empty when absent (a release without notes). */
  releaseNotes?: string;
  /** `Octopus.Web.ServerUri`: the server deployed to; default the space's server, else the local Stepwise server. */
  serverUri?: string;
  /** A tenanted deployment's tenant (its name in the space); absent for an untenanted deployment. */
  tenant?: string;
  /** A tenanted deployment's tenant tags (`Set/Tag`); default the tenant's. */
  tenantTags?: string[];
  /**
   * The release's package versions (Octopus `SelectedPackages`): by action name and package
   * reference name (`''` for the primary package). A package with no version here reads `latest`,
   * the version Create Release picks by default.
   */
  packageVersions?: PackageVersion[];
  /** Prompted values and overrides (`--var K=V`): they win over every scoped value. */
  variables?: Record<string, string>;
  /** Further system variables known to the caller (the deployment server's ids, task id, …). */
  systemVariables?: Record<string, string>;
  /** Default true: sensitive values read `********` in everything returned. */
  maskSensitive?: boolean;
}

/**
 * The context with a tenant's tags filled in (`tenantTags`), as run conditions and scoping see a
 * tenanted deployment; the same context when there is no tenant or its tags are given.
 */
export function withTenantTags(context: DeploymentContext, space: Space | undefined): DeploymentContext {
  if (!context.tenant || context.tenantTags) return context;
  const tenant = findTenant(space, context.tenant);
  return tenant ? { ...context, tenantTags: tenant.tags.map((t) => t.name) } : context;
}

export interface PackageVersion {
  action: string;
  /** The reference's name; `''` for the primary package. */
  package: string;
  version: string;
}

/** The version a preview shows for a package the release has not fixed. */
export const LATEST_PACKAGE_VERSION = 'latest';

export const MASK = '********';
export const DEFAULT_CHANNEL = 'Default';

/** Where `stepwise server` listens by default: the server a preview without one stands for. */
export const LOCAL_SERVER_URI = 'http://127.0.0.1:8065';
