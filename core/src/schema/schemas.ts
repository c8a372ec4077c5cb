// The JSON schemas of the two file kinds. They are imported (not read from disk) so that esbuild
// inlines them into dist/server.js and dist/cli.js; the files in schemas/ stay the single source,
// also served to VS Code's YAML tooling through package.json's `yamlValidation`.
import commonSchema from '../../../schemas/common.schema.json';
import processSchema from '../../../schemas/process.schema.json';
import spaceSchema from '../../../schemas/space.schema.json';

export type FileKind = 'process' | 'space';

export type JsonSchema = { [keyword: string]: unknown };

/** File names as the schemas refer to each other (`common.schema.json#/definitions/…`). */
export const SCHEMA_FILES: Readonly<Record<string, JsonSchema>> = {
  'common.schema.json': commonSchema as JsonSchema,
  'process.schema.json': processSchema as JsonSchema,
  'space.schema.json': spaceSchema as JsonSchema,
};

export const SCHEMA_FILE_OF: Readonly<Record<FileKind, string>> = {
  process: 'process.schema.json',
  space: 'space.schema.json',
};

/**
 * Keywords VS Code's JSON and YAML tooling understand beyond draft-07. They only annotate; ajv is
 * told about them so that strict mode accepts them.
 */
export const EDITOR_KEYWORDS = [
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'defaultSnippets',
];

/**
 * One kind's schema with every `$ref` replaced by what it points at (siblings of a `$ref`, such as
 * `description`, win over the target's). Ajv reports an error inside a referenced schema with the
 * target's path, not the path it was reached by; without refs every error's `schemaPath` is a real
 * path from the root, which is how validateSchema tells the branches of a `oneOf` apart.
 */
export function dereferencedSchema(kind: FileKind): JsonSchema {
  const file = SCHEMA_FILE_OF[kind];
  const inlined = inline(SCHEMA_FILES[file], file, []) as JsonSchema;
  delete inlined.definitions;
  return inlined;
}

function inline(node: unknown, file: string, refStack: string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(item, file, refStack));
  if (node === null || typeof node !== 'object') return node;
  const { $ref, ...rest } = node as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(rest)) out[key] = inline(value, file, refStack);
  if (typeof $ref !== 'string') return out;

  const hash = $ref.indexOf('#');
  const targetFile = hash > 0 ? $ref.slice(0, hash) : hash < 0 ? $ref : file;
  const pointer = hash < 0 ? '' : $ref.slice(hash + 1);
  const key = `${targetFile}#${pointer}`;
  if (refStack.includes(key)) throw new Error(`Schema $ref cycle: ${[...refStack, key].join(' → ')}`);
  const document = SCHEMA_FILES[targetFile];
  if (!document) throw new Error(`Schema $ref to an unknown file: ${$ref} (in ${file})`);
  const target = resolvePointer(document, pointer, $ref);
  const resolved = inline(target, targetFile, [...refStack, key]) as JsonSchema;
  return { ...resolved, ...out };
}

function resolvePointer(document: JsonSchema, pointer: string, ref: string): unknown {
  let node: unknown = document;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(segment in node))
      throw new Error(`Schema $ref points nowhere: ${ref}`);
    node = (node as JsonSchema)[segment];
  }
  return node;
}
