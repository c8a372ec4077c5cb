import { readFileSync, writeFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';

/**
 * Octopus's structured configuration variables for JSON and YAML files: a variable whose name is
 * a path into the file (`Logging:LogLevel:Default`, `Servers:0:Host`; `:` between keys and array
 * indexes, keys matched case-insensitively) replaces what is there. Only existing paths are
 * replaced, never added. A value that is JSON other than a string (a number, true/false, null,
 * an object or an array) is written as that; anything else as a string.
 */
export interface StructuredResult {
  format: 'json' | 'yaml';
  replaced: string[];
}

export class StructuredVariablesError extends Error {}

export function replaceStructuredVariables(file: string, variables: Map<string, string>): StructuredResult {
  const lookup = new Map<string, string>();
  for (const [name, value] of variables) lookup.set(name.toLowerCase(), value);
  const text = readFileSync(file, 'utf8');
  const format = /\.ya?ml$/i.test(file) ? 'yaml' : /\.json$/i.test(file) ? 'json' : sniff(text);
  if (!format) {
    throw new StructuredVariablesError(
      `${file} is neither JSON nor YAML; the Stepwise server applies structured variables to JSON and YAML files only (not XML or .properties).`,
    );
  }
  return format === 'json' ? replaceJson(file, text, lookup) : replaceYaml(file, text, lookup);
}

function sniff(text: string): 'json' | 'yaml' | undefined {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'json';
  if (trimmed.startsWith('<')) return undefined;
  return /^[\w"'-][^=\n]*:\s/m.test(text) ? 'yaml' : undefined;
}

function typed(value: string): unknown {
  const trimmed = value.trim();
  if (/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)$/.test(trimmed) || /^[[{]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return value;
}

function replaceJson(file: string, text: string, lookup: Map<string, string>): StructuredResult {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new StructuredVariablesError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const replaced: string[] = [];
  const walk = (node: unknown, path: string[]): unknown => {
    if (path.length) {
      const key = path.join(':');
      const value = lookup.get(key.toLowerCase());
      if (value !== undefined) {
        replaced.push(key);
        return typed(value);
      }
    }
    if (Array.isArray(node)) return node.map((child, i) => walk(child, [...path, String(i)]));
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, [...path, k])]));
    return node;
  };
  const result = walk(document, []);
  if (replaced.length) {
    const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
    writeFileSync(file, `${JSON.stringify(result, null, indent)}${text.endsWith('\n') ? '\n' : ''}`);
  }
  return { format: 'json', replaced };
}

function replaceYaml(file: string, text: string, lookup: Map<string, string>): StructuredResult {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.some((d) => d.errors.length)) {
    const errors = Array.isArray(documents) ? documents.flatMap((d) => d.errors) : [];
    throw new StructuredVariablesError(`${file} is not valid YAML: ${errors[0]?.message ?? 'it could not be read'}`);
  }
  const replaced: string[] = [];
  for (const doc of documents) replaceInYamlDocument(doc, lookup, replaced);
  if (replaced.length) writeFileSync(file, documents.map((d) => d.toString()).join(''));
  return { format: 'yaml', replaced };
}

function replaceInYamlDocument(doc: Document, lookup: Map<string, string>, replaced: string[]): void {
  const visit = (node: unknown, path: string[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const childPath = [...path, key];
        const value = lookup.get(childPath.join(':').toLowerCase());
        if (value !== undefined) {
          pair.value = replacement(doc, pair.value, value);
          replaced.push(childPath.join(':'));
        } else visit(pair.value, childPath);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const childPath = [...path, String(i)];
        const value = lookup.get(childPath.join(':').toLowerCase());
        if (value !== undefined) {
          node.items[i] = replacement(doc, item, value);
          replaced.push(childPath.join(':'));
        } else visit(item, childPath);
      });
    }
  };
  visit(doc.contents, []);
}

/** The new node for a replaced value; a scalar replaced by a scalar keeps its comments. */
function replacement(doc: Document, old: unknown, value: string): unknown {
  const next = typed(value);
  if (isScalar(old) && (next === null || typeof next !== 'object')) {
    old.value = next;
    return old;
  }
  return doc.createNode(next);
}
