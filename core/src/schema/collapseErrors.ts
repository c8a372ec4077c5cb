import type { ErrorObject } from 'ajv';

/**
 * Reduces ajv's errors (allErrors, verbose, against a schema without `$ref`s) to the ones worth
 * telling a user. A failed `oneOf`/`anyOf` reports every branch's errors plus a summary; only the
 * branch that fits the value's shape is kept:
 * - branches whose own `type` rejects the value do not fit; of the rest, the one with the fewest errors wins;
 * - when no branch fits, one `type` error naming every type the branches allow takes their place;
 * - when every branch only misses a property, one `required` error lists the alternatives
 *   (`params.alternatives`), e.g. a step needs a `type` or `actions`.
 * A `oneOf`/`anyOf` next to a `type` that already failed adds nothing and is dropped, and so are
 * `enum`, `minLength` and the like on a value whose type is wrong.
 */
export function collapseErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  // Errors inside `propertyNames` carry the offending name; the `propertyNames` summary says it all.
  let remaining = errors.filter((e) => e.keyword === 'propertyNames' || e.propertyName === undefined);
  const summaries = remaining
    .filter(isCombinator)
    .sort((a, b) => depth(a.instancePath) - depth(b.instancePath) || a.schemaPath.length - b.schemaPath.length);

  for (const summary of summaries) {
    if (!remaining.includes(summary)) continue; // it sat in a branch that was dropped
    const prefix = `${summary.schemaPath}/`;
    const inBranch = (e: ErrorObject) =>
      e !== summary && e.schemaPath.startsWith(prefix) && isWithin(e.instancePath, summary.instancePath);
    const branchErrors = remaining.filter(inBranch);
    remaining = remaining.filter((e) => e !== summary && !inBranch(e));
    if (remaining.some((e) => e.keyword === 'type' && e.instancePath === summary.instancePath)) continue;
    remaining.push(...chooseBranch(summary, branchErrors));
  }
  // Once a value has the wrong type, what it should have contained besides is noise.
  const mistyped = new Set(remaining.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  return remaining.filter(
    (e) => e.keyword === 'type' || !VALUE_KEYWORDS.has(e.keyword) || !mistyped.has(e.instancePath),
  );
}

const VALUE_KEYWORDS = new Set([
  'enum',
  'const',
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
]);

function chooseBranch(summary: ErrorObject, branchErrors: ErrorObject[]): ErrorObject[] {
  // Two branches passing a `oneOf` is a fault of the schema, not of the file.
  if (summary.keyword === 'oneOf' && summary.params.passingSchemas) return [];
  const prefix = `${summary.schemaPath}/`;
  const branchSchemas = Array.isArray(summary.schema) ? (summary.schema as unknown[]) : [];
  const branches = branchSchemas.map(() => [] as ErrorObject[]);
  for (const error of branchErrors) {
    const index = Number(error.schemaPath.slice(prefix.length).split('/')[0]);
    branches[index]?.push(error);
  }

  const fitting = branches
    .map((errors, index) => ({ errors, index }))
    .filter(
      ({ errors, index }) =>
        !errors.some(
          (e) =>
            e.keyword === 'type' &&
            e.instancePath === summary.instancePath &&
            e.schemaPath === `${prefix}${index}/type`,
        ),
    );

  if (fitting.length === 0) {
    const types = [...new Set(branchSchemas.flatMap((schema) => typesOf(schema)))];
    return [{ ...summary, keyword: 'type', params: { type: types }, message: `must be ${types.join(' or ')}` }];
  }
  const onlyMissing = fitting.every(
    ({ errors }) =>
      errors.length > 0 && errors.every((e) => e.keyword === 'required' && e.instancePath === summary.instancePath),
  );
  if (onlyMissing && fitting.length > 1) {
    const alternatives = [
      ...new Set(fitting.flatMap(({ errors }) => errors.map((e) => String(e.params.missingProperty)))),
    ];
    return [
      {
        ...summary,
        keyword: 'required',
        params: { missingProperty: alternatives[0], alternatives },
        message: `must have ${alternatives.join(' or ')}`,
      },
    ];
  }
  return fitting.reduce((best, branch) => (branch.errors.length < best.errors.length ? branch : best)).errors;
}

function typesOf(schema: unknown): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const type = (schema as { type?: unknown }).type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.map(String) : [];
}

function isCombinator(error: ErrorObject): boolean {
  return error.keyword === 'oneOf' || error.keyword === 'anyOf';
}

function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

function depth(instancePath: string): number {
  return instancePath === '' ? 0 : instancePath.split('/').length - 1;
}
