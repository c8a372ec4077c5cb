import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { distance } from 'fastest-levenshtein';
import type { Diagnostic, DiagnosticCode } from '../diagnostics';
import { compareDiagnostics } from '../diagnostics';
import type { Span } from '../text';
import type { ParsedYaml } from '../yaml/parseYaml';
import { collapseErrors } from './collapseErrors';
import { badValueSpan, handleSpan, instancePathSegments, locateInstance, valueSpan } from './instanceLocation';
import { expectedValue, joinWords, objectAt, placeAt, subjectAt, withArticle } from './schemaWording';
import { dereferencedSchema, EDITOR_KEYWORDS, SCHEMA_FILES, type FileKind, type JsonSchema } from './schemas';

export type { FileKind } from './schemas';

/**
 * The codes of structural findings, all errors:
 * - `schema-unknown-property`: a key the format does not have at this place; `data.suggestions`
 *   holds a close known key ("Did you mean `script`?").
 * - `schema-misplaced-property`: a key the format has, but elsewhere: a step field on an action, an
 *   action field on a step that lists `actions`, a feature outside `features:`, a space-file key in
 *   a process file or the other way round.
 * - `schema-missing-property`: a required key is missing; flagged on the key that holds the object
 *   (or a list entry's `- first-key`).
 * - `schema-type`: a value of the wrong kind (text, number, true/false, list, mapping) or none at all.
 * - `schema-enum`: a word that is not one of the allowed ones; `data.suggestions` holds a close one.
 * - `schema-invalid`: any other constraint: an empty name or list, a number below its minimum.
 */
export const SCHEMA_CODES = {
  unknownProperty: 'schema-unknown-property',
  misplacedProperty: 'schema-misplaced-property',
  missingProperty: 'schema-missing-property',
  type: 'schema-type',
  enum: 'schema-enum',
  invalid: 'schema-invalid',
} as const;

/**
 * Checks a parsed process or space file against its JSON schema, one diagnostic per problem, each
 * on the exact key or value. Files with YAML errors are left to the parser's diagnostics.
 */
export function validateSchema(parsed: ParsedYaml, kind: FileKind): Diagnostic[] {
  const document = parsed.document;
  if (!document || document.errors.length > 0 || parsed.value === undefined) return [];
  const data = parsed.value ?? {}; // an empty file is an empty mapping: "needs a `project`"
  const validate = validatorFor(kind);
  if (validate(data)) return [];

  const context: Context = { kind, parsed, data, document };
  const findings = collapseErrors(validate.errors ?? []).flatMap((finding) => {
    const diagnostic = diagnose(finding, context);
    return diagnostic ? [{ finding, diagnostic }] : [];
  });
  // "Unknown property `nmae` in a step. Did you mean `name`?" already says that `name` is missing.
  const suggested = new Set(
    findings
      .filter(({ diagnostic }) => diagnostic.code === SCHEMA_CODES.unknownProperty)
      .flatMap(({ finding, diagnostic }) =>
        (diagnostic.data?.suggestions ?? []).map((s) => `${finding.instancePath}\u0000${s}`),
      ),
  );
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const { finding, diagnostic } of findings) {
    if (missingOf(finding).some((m) => suggested.has(`${finding.instancePath}\u0000${m}`))) continue;
    const { start, end } = diagnostic.range;
    const key = `${diagnostic.code}|${start.line}:${start.character}-${end.line}:${end.character}|${diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(diagnostic);
  }
  return diagnostics.sort(compareDiagnostics);
}

// Compiling costs a few hundred milliseconds; it happens once per kind, on first use, never per keystroke.
let ajv: Ajv | undefined;
const validators = new Map<FileKind, ValidateFunction>();

/** The ajv instance the schemas are checked with: strict mode, plus VS Code's annotation keywords. */
export function createSchemaAjv(): Ajv {
  const instance = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  instance.addVocabulary(EDITOR_KEYWORDS);
  return instance;
}

function validatorFor(kind: FileKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    ajv ??= createSchemaAjv();
    validate = ajv.compile(dereferencedSchema(kind));
    validators.set(kind, validate);
  }
  return validate;
}

interface Context {
  kind: FileKind;
  parsed: ParsedYaml;
  data: unknown;
  document: NonNullable<ParsedYaml['document']>;
}

function diagnose(finding: ErrorObject, context: Context): Diagnostic | undefined {
  const { kind } = context;
  const segments = instancePathSegments(finding.instancePath);
  const params = finding.params as Record<string, unknown>;
  const at = (span: Span | undefined, code: DiagnosticCode, message: string, suggestions?: string[]): Diagnostic => ({
    severity: 'error',
    code,
    message,
    range: context.parsed.lines.rangeOf(span ?? nearestSpan(context, segments)),
    ...(suggestions?.length ? { data: { suggestions } } : {}),
  });
  const location = locateInstance(context.document, segments);
  const text = context.parsed.text;
  const subject = subjectAt(kind, segments);
  const value = valueAt(context.data, segments);
  const field = segments[segments.length - 1];

  const enumDiagnostic = (allowed: string[]): Diagnostic => {
    const suggestion = typeof value === 'string' ? closest(value, allowed) : undefined;
    const didYouMean = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
    const suggestions = suggestion ? [suggestion] : undefined;
    const span = badValueSpan(location, text);
    if (field === 'condition' && isConditionPlace(kind, segments))
      return at(span, SCHEMA_CODES.enum, `${CONDITION_MESSAGE}${didYouMean}`, suggestions);
    const words = allowed.length === 1 ? allowed[0] : `one of ${joinWords(allowed, 'or')}`;
    return at(span, SCHEMA_CODES.enum, `${subject} must be ${words}.${didYouMean}`, suggestions);
  };

  switch (finding.keyword) {
    case 'additionalProperties': {
      const property = String(params.additionalProperty);
      const keyLocation = locateInstance(context.document, [...segments, property]);
      const span = valueSpan(keyLocation.key) ?? handleSpan(location, text);
      const misplaced = misplacedReason(kind, segments, property);
      if (misplaced) return at(span, SCHEMA_CODES.misplacedProperty, misplaced);
      if (property === '<<') {
        // YAML 1.1 merge keys are not part of YAML 1.2, which these files are: say so, not "unknown".
        return at(
          span,
          SCHEMA_CODES.unknownProperty,
          'Merge keys (`<<: *anchor`) come from YAML 1.1 and are not part of process files (YAML 1.2): write the fields out here.',
        );
      }
      const known = Object.keys((finding.parentSchema?.properties as JsonSchema | undefined) ?? {});
      const present = new Set(isRecord(value) ? Object.keys(value) : []);
      const suggestion = closest(
        property,
        known.filter((k) => !present.has(k)),
      );
      const word = placeAt(kind, segments).unknownKeyWord;
      const base = word
        ? `Unknown ${word} \`${property}\`.`
        : `Unknown property \`${property}\` in ${objectAt(kind, segments)}.`;
      return at(
        span,
        SCHEMA_CODES.unknownProperty,
        suggestion ? `${base} Did you mean \`${suggestion}\`?` : base,
        suggestion ? [suggestion] : undefined,
      );
    }
    case 'false schema':
      return at(
        valueSpan(location.key) ?? badValueSpan(location, text),
        SCHEMA_CODES.misplacedProperty,
        excludedKeyMessage(finding.schemaPath, field),
      );
    case 'required': {
      const alternatives = Array.isArray(params.alternatives)
        ? params.alternatives.map(String)
        : [String(params.missingProperty)];
      const needs = joinWords(alternatives.map(withArticle), 'or');
      return at(handleSpan(location, text), SCHEMA_CODES.missingProperty, `${subject} needs ${needs}.`);
    }
    case 'type': {
      const types = typeList(params.type);
      const span = badValueSpan(location, text);
      // `start: 3`: the words it may be say more than "must be text".
      const words = finding.parentSchema?.enum;
      if (Array.isArray(words) && value !== null) return enumDiagnostic(words.map(String));
      if (field === 'condition' && isConditionPlace(kind, segments))
        return at(span, SCHEMA_CODES.type, CONDITION_MESSAGE);
      const expected = expectedValue(kind, segments, types);
      if (value === null) return at(span, SCHEMA_CODES.type, `${subject} has no value; it must be ${expected}.`);
      return at(
        span,
        SCHEMA_CODES.type,
        `${subject} must be ${expected}.${typeHint(kind, segments, types, value, finding.parentSchema)}`,
      );
    }
    case 'enum':
    case 'const': {
      const allowed = (finding.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue]).map(
        String,
      );
      return enumDiagnostic(allowed);
    }
    case 'minLength':
      return at(
        badValueSpan(location, text),
        SCHEMA_CODES.invalid,
        Number(params.limit) <= 1
          ? `${subject} must not be empty.`
          : `${subject} must be at least ${params.limit} characters long.`,
      );
    case 'minItems': {
      const isVariable = /^variable `/.test(placeAt(kind, segments).noun ?? '');
      const message = isVariable
        ? `${subject} needs at least one value.`
        : Number(params.limit) <= 1
          ? `${subject} must not be an empty list.`
          : `${subject} must list at least ${params.limit} entries.`;
      return at(badValueSpan(location, text), SCHEMA_CODES.invalid, message);
    }
    case 'minimum':
      return at(badValueSpan(location, text), SCHEMA_CODES.invalid, `${subject} must be ${params.limit} or more.`);
    case 'propertyNames': {
      const keyLocation = locateInstance(context.document, [...segments, String(params.propertyName)]);
      const what =
        { 'the variables': 'A variable name', 'the properties': 'A property name' }[
          placeAt(kind, segments).noun ?? ''
        ] ?? `A key in ${objectAt(kind, segments)}`;
      return at(
        valueSpan(keyLocation.key) ?? handleSpan(location, text),
        SCHEMA_CODES.invalid,
        `${what} must not be empty.`,
      );
    }
    default:
      return at(
        badValueSpan(location, text),
        SCHEMA_CODES.invalid,
        `${subject} is not valid here (${finding.message ?? finding.keyword}).`,
      );
  }
}

/** For a path the YAML does not show as nodes (merge keys, odd keys): the closest ancestor that it does. */
function nearestSpan(context: Context, segments: readonly string[]): Span {
  for (let length = segments.length - 1; length >= 0; length--) {
    const span = handleSpan(locateInstance(context.document, segments.slice(0, length)), context.parsed.text);
    if (span) return span;
  }
  return { start: 0, end: 0 };
}

const CONDITION_MESSAGE = '`condition` must be one of success, failure, always, or { variable: "#{…}" }.';

function isConditionPlace(kind: FileKind, segments: readonly string[]): boolean {
  return kind === 'process' && segments.length === 3 && segments[0] === 'steps';
}

/** A hint after "… must be X." for the common slips: an unquoted number or true/false, a bare name or value in a list. */
function typeHint(
  kind: FileKind,
  segments: readonly string[],
  types: readonly string[],
  value: unknown,
  schema: JsonSchema | undefined,
): string {
  const scalar = typeof value === 'number' || typeof value === 'boolean';
  const inList = /^\d+$/.test(segments[segments.length - 1] ?? '');
  const required = Array.isArray(schema?.required) ? schema.required : [];
  if (inList && typeof value === 'string' && types.includes('object') && required.includes('name'))
    return ` Write \`- name: ${value}\`.`;
  if (scalar && types.includes('string') && !types.includes(typeof value))
    return ` Write it in quotes: \`"${String(value)}"\`.`;
  const place = placeAt(kind, segments).noun ?? '';
  if (/^a value of variable /.test(place) && (scalar || typeof value === 'string')) {
    return ` For an unscoped value write \`- value: ${String(value)}\`.`;
  }
  return '';
}

/** For a key forbidden by a `dependencies` entry, e.g. `script` on a step that lists `actions`. */
function excludedKeyMessage(schemaPath: string, key: string): string {
  const dependency = /\/dependencies\/([^/]+)\//.exec(schemaPath)?.[1]?.replace(/~1/g, '/').replace(/~0/g, '~');
  if (dependency === 'actions')
    return `\`${key}\` cannot be on a step that lists \`actions\`; set it on the action it belongs to.`;
  if (dependency === 'values' && key === 'value')
    return '`value` cannot be next to `values`; put every value in the `values` list.';
  if (dependency === 'values')
    return `\`${key}\` cannot be next to \`values\`; give each entry of \`values\` its own scope.`;
  return `\`${key}\` cannot be used together with \`${dependency ?? 'another key'}\`.`;
}

const VARIABLE_SETTINGS = ['sensitive', 'description', 'prompt'];
const STEP_ONLY_FIELDS = ['roles', 'condition', 'start', 'package-requirement', 'actions'];
const SPACE_ONLY_KEYS = ['environments', 'lifecycles', 'targets'];
const PROCESS_ONLY_KEYS = ['project', 'lifecycle', 'channels', 'steps', 'variables'];

/** Why a key that exists elsewhere in the format is wrong here, or undefined when it exists nowhere. */
function misplacedReason(kind: FileKind, parent: readonly string[], key: string): string | undefined {
  if (parent.length === 0) {
    if (kind === 'process' && SPACE_ONLY_KEYS.includes(key))
      return `\`${key}\` belongs in the space file (.octopus/space.yaml), not in a process file.`;
    if (kind === 'space' && PROCESS_ONLY_KEYS.includes(key)) {
      const where = key === 'variables' ? ' Shared variables go in a `variable-sets:` entry.' : '';
      return `\`${key}\` belongs in a process file (*.process.yaml), not in the space file.${where}`;
    }
    return undefined;
  }
  const entryOf = /^a value of variable `(.*)`$/.exec(placeAt(kind, parent).noun ?? '')?.[1];
  if (entryOf !== undefined && VARIABLE_SETTINGS.includes(key)) {
    return `\`${key}\` applies to the whole variable, not to one of its values; write \`${entryOf}: { ${key}: …, values: [ … ] }\`.`;
  }
  if (kind !== 'process' || parent[0] !== 'steps') return undefined;
  const onAction = parent.length === 4 && parent[2] === 'actions';
  const onStep = parent.length === 2;
  if (onAction && STEP_ONLY_FIELDS.includes(key))
    return `\`${key}\` is a step field; set it on the step, not on one of its actions.`;
  if ((onAction || onStep) && featureNames().includes(key))
    return `\`${key}\` is a feature; put it under \`features:\`.`;
  if ((onAction || onStep) && packageFieldNames().includes(key) && key !== 'name')
    return `\`${key}\` belongs under \`package:\`, as in \`package: { id: Acme.Web, feed: … }\`.`;
  return undefined;
}

function featureNames(): string[] {
  return Object.keys(definition('features').properties ?? {});
}

function packageFieldNames(): string[] {
  return Object.keys(definition('package').properties ?? {});
}

function definition(name: string): { properties?: Record<string, unknown> } {
  const definitions = SCHEMA_FILES['process.schema.json'].definitions as Record<
    string,
    { properties?: Record<string, unknown> }
  >;
  return definitions[name] ?? {};
}

/** The known word closest to `word`, when it is close enough to be a slip: case, a swapped or missing letter, a cut-short word. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = word.length <= 3 ? 1 : word.length <= 8 ? 2 : 3;
  if (bestDistance <= limit) return best;
  // A cut-short word: `custom-install-dir` for `custom-install-directory`.
  const prefixed = lower.length >= 4 ? candidates.filter((c) => c.toLowerCase().startsWith(lower)) : [];
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

function typeList(type: unknown): string[] {
  if (Array.isArray(type)) return type.map(String);
  return String(type).split(',');
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
  let node = data;
  for (const segment of segments) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isRecord(node)) node = node[segment];
    else return undefined;
  }
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function missingOf(finding: ErrorObject): string[] {
  if (finding.keyword !== 'required') return [];
  const params = finding.params as Record<string, unknown>;
  return Array.isArray(params.alternatives) ? params.alternatives.map(String) : [String(params.missingProperty)];
}
