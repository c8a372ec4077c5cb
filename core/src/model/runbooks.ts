/**
 * A project's runbooks: finding one, where it may run (its environment scope) and how many runs
 * it keeps. A runbook has the same steps as a deployment process; it runs in an environment
 * without a release, so previewing or running one is the project with the runbook's process.
 */
import type { PlainValue, Project, Runbook } from './types';
import { slugify } from './slug';

/** The runbook a user names, by name or slug (case-insensitive). */
export function findRunbook(project: Project, written: string): Runbook | undefined {
  const w = written.trim().toLowerCase();
  return project.runbooks.find(
    (r) => r.name.toLowerCase() === w || r.slug.toLowerCase() === w || slugify(r.name) === w,
  );
}

/**
 * The environments a runbook may run in: `All` (the default), `Specified` (its `environments`),
 * or `FromProjectLifecycles` (the environments of the project's lifecycles). Octopus:
 * `Runbook.EnvironmentScope` and `Runbook.Environments`.
 */
export function runbookEnvironmentScope(runbook: Runbook): { scope: string; environments: string[] } {
  const scope = text(runbook.settings['environment-scope']) ?? 'All';
  const list = runbook.settings.environments;
  const environments = Array.isArray(list) ? list.map((e) => text(e) ?? '').filter(Boolean) : [];
  return { scope, environments };
}

/** Why the runbook may not run in `environment`, or undefined when it may. */
export function runbookScopeRefusal(runbook: Runbook, environment: string): string | undefined {
  const { scope, environments } = runbookEnvironmentScope(runbook);
  if (scope.toLowerCase() !== 'specified') return undefined;
  const e = environment.toLowerCase();
  if (environments.some((n) => n.toLowerCase() === e || slugify(n) === e || n.toLowerCase() === slugify(environment)))
    return undefined;
  return `Runbook '${runbook.name}' may run only in ${environments.join(', ') || 'no environment'} (its environment scope), not in ${environment}.`;
}

/**
 * How many runs of the runbook are kept per environment: `{ unit: 'Items' | 'Days', quantity }`,
 * or undefined for Octopus's default (keep 100 runs). Octopus: `Runbook.RunRetentionPolicy`
 * (OCL `run_retention_policy { type, quantity_to_keep, unit }`).
 */
export function runbookRetention(runbook: Runbook): { unit: string; quantity: number } | undefined {
  const policy = runbook.settings['run-retention-policy'];
  if (!policy || typeof policy !== 'object' || Array.isArray(policy)) return undefined;
  const quantity = Number(policy['quantity-to-keep']);
  if (!Number.isFinite(quantity) || quantity <= 0) return undefined;
  return { unit: text(policy.unit) ?? text(policy.type) ?? 'Items', quantity };
}

/** The project as the runbook runs: its steps in place of the deployment process. */
export function runbookProject(project: Project, runbook: Runbook): Project {
  return { ...project, process: runbook.process };
}

function text(value: PlainValue | undefined): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
