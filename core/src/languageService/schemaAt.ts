/**
 * The JSON schema at a YAML path, for key completion and hover text. The schemas in `schemas/`
 * hold a description for every key and enum value; this walks their dereferenced form along
 * keys and indexes, through `oneOf`/`anyOf` branches.
 */
import { dereferencedSchema, type FileKind, type JsonSchema } from '../schema/schemas';
import type { PathSegment } from './yamlPath';

const roots = new Map<FileKind, JsonSchema>();

export function rootSchema(kind: FileKind): JsonSchema {
  let root = roots.get(kind);
  if (!root) {
    root = dereferencedSchema(kind);
    roots.set(kind, root);
  }
  return root;
}

/** Every schema that may describe the value at `path` (one per `oneOf`/`anyOf` branch that fits). */
export function schemasAt(kind: FileKind, path: readonly PathSegment[]): JsonSchema[] {
  let current = expand(rootSchema(kind));
  for (const segment of path) {
    const next: JsonSchema[] = [];
    for (const schema of current) {
      if (typeof segment === 'number') {
        const items = schema.items;
        if (items && typeof items === 'object' && !Array.isArray(items)) next.push(...expand(items as JsonSchema));
      } else {
        const properties = schema.properties as Record<string, JsonSchema> | undefined;
        const property = properties?.[segment];
        if (property && typeof property === 'object') next.push(...expand(property));
        else if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
          next.push(...expand(schema.additionalProperties as JsonSchema));
      }
    }
    current = next;
    if (!current.length) break;
  }
  return current;
}

/** A schema and its `oneOf`/`anyOf`/`allOf` branches, flattened (the parent's own keywords first). */
function expand(schema: JsonSchema): JsonSchema[] {
  const out: JsonSchema[] = [schema];
  for (const keyword of ['oneOf', 'anyOf', 'allOf']) {
    const branches = schema[keyword];
    if (Array.isArray(branches))
      for (const branch of branches)
        if (branch && typeof branch === 'object') out.push(...expand(branch as JsonSchema));
  }
  return out;
}

export interface PropertyInfo {
  name: string;
  schema: JsonSchema;
  /** The parent's schema title, for hovers ("Step"). */
  parentTitle: string | undefined;
  required: boolean;
}

/** Keys a mapping at `path` may have, from every branch that is an object. */
export function propertiesAt(kind: FileKind, path: readonly PathSegment[]): PropertyInfo[] {
  const seen = new Map<string, PropertyInfo>();
  for (const schema of schemasAt(kind, path)) {
    const properties = schema.properties as Record<string, JsonSchema> | undefined;
    if (!properties) continue;
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    for (const [name, property] of Object.entries(properties)) {
      // `"value": true` in an anyOf branch only says "has this key"; the real one is elsewhere.
      if (typeof property !== 'object' || (seen.has(name) && !hasText(property))) continue;
      if (seen.has(name) && hasText(seen.get(name)!.schema)) continue;
      seen.set(name, {
        name,
        schema: property,
        parentTitle: schema.title as string | undefined,
        required: required.has(name),
      });
    }
  }
  return [...seen.values()];
}

/** The schema of one key of the mapping at `path`. */
export function propertyAt(kind: FileKind, path: readonly PathSegment[], key: string): PropertyInfo | undefined {
  return propertiesAt(kind, path).find((p) => p.name === key);
}

export interface EnumValue {
  value: string;
  description: string | undefined;
}

/** Allowed words for the value at `path` (enums, true/false), with their descriptions. */
export function enumValuesAt(kind: FileKind, path: readonly PathSegment[]): EnumValue[] {
  const out = new Map<string, EnumValue>();
  for (const schema of schemasAt(kind, path)) {
    const values = schema.enum;
    if (Array.isArray(values)) {
      const descriptions = (schema.markdownEnumDescriptions ?? schema.enumDescriptions) as string[] | undefined;
      values.forEach((v, i) => {
        if (typeof v === 'string' && !out.has(v)) out.set(v, { value: v, description: descriptions?.[i] });
      });
    }
    if (schema.type === 'boolean') {
      for (const v of ['true', 'false'])
        if (!out.has(v))
          out.set(v, { value: v, description: schema.default === (v === 'true') ? 'The default.' : undefined });
    }
  }
  return [...out.values()];
}

/** Example values of the schemas at `path` (e.g. full Octopus action types). */
export function examplesAt(kind: FileKind, path: readonly PathSegment[]): string[] {
  const out = new Set<string>();
  for (const schema of schemasAt(kind, path)) {
    if (Array.isArray(schema.examples)) for (const e of schema.examples) if (typeof e === 'string') out.add(e);
  }
  return [...out];
}

/** The best description of a schema: markdown when there is one. */
export function describe(schema: JsonSchema): string | undefined {
  return (schema.markdownDescription ?? schema.description) as string | undefined;
}

function hasText(schema: JsonSchema): boolean {
  return (
    typeof schema.description === 'string' ||
    typeof schema.markdownDescription === 'string' ||
    typeof schema.type === 'string' ||
    Array.isArray(schema.type)
  );
}

/** What kind of value a schema wants, for the text inserted after a completed key. */
export function valueShape(schemas: JsonSchema[]): 'object' | 'array' | 'scalar' | 'nameOrNames' | 'unknown' {
  const types = new Set<string>();
  for (const schema of schemas) {
    const t = schema.type;
    if (typeof t === 'string') types.add(t);
    else if (Array.isArray(t)) for (const x of t) types.add(String(x));
    else if (schema.properties) types.add('object');
  }
  if (types.has('string') && types.has('array')) return 'nameOrNames';
  if (types.has('array') && types.size === 1) return 'array';
  if (types.has('object') && !types.has('string')) return 'object';
  if (types.size) return 'scalar';
  return 'unknown';
}
