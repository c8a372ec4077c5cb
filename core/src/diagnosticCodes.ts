/**
 * Every code a Stepwise diagnostic can carry: stable, kebab-case, what users search for and what
 * quick fixes match on. docs/checks.md documents each one (diagnosticCodes.test.ts holds both
 * lists to each other).
 */
export const DIAGNOSTIC_CODES = [
  // Reading the file
  'yaml-syntax',
  'file-too-large',
  'invalid-encoding',
  'nesting-too-deep',
  'yaml-alias-limit',
  'ocl-syntax',
  // Structure (the JSON Schemas)
  'schema-unknown-property',
  'schema-misplaced-property',
  'schema-missing-property',
  'schema-type',
  'schema-enum',
  'schema-invalid',
  // Steps and actions
  'duplicate-step-name',
  'duplicate-action-name',
  'unknown-action-type',
  'missing-required-field',
  'email-teams-only',
  'unknown-step-template',
  'unknown-template-parameter',
  'missing-template-parameter',
  'step-template-outdated',
  'invalid-start',
  'invalid-condition',
  'environments-and-excluded',
  // Names from the space and the project
  'unknown-environment',
  'unknown-lifecycle',
  'unknown-variable-set',
  'unknown-target',
  'unknown-channel',
  'unknown-step',
  'role-without-target',
  // Tenants
  'unknown-tenant-tag',
  'unknown-project',
  'unknown-variable-template',
  'missing-tenant-value',
  'unknown-feed',
  'unknown-worker-pool',
  'unknown-account',
  'unknown-certificate',
  'typed-variable-mismatch',
  // Variables and templates
  'template-syntax',
  'unknown-variable',
  'unknown-step-reference',
  'step-reference-order',
  'ambiguous-variable-value',
  'template-cut-by-comment',
  // The space file
  'duplicate-environment',
  'duplicate-lifecycle',
  'duplicate-target',
  'duplicate-variable-set',
  'duplicate-tenant',
  'duplicate-space-resource',
  // A check that failed unexpectedly
  'internal-error',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export function isDiagnosticCode(code: unknown): code is DiagnosticCode {
  return typeof code === 'string' && (DIAGNOSTIC_CODES as readonly string[]).includes(code);
}
