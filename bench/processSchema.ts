import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../test/support/paths';

export interface ProcessSchema {
  path: string;
  /** True when schemas/process.schema.json did not exist and a stand-in was written instead. */
  placeholder: boolean;
}

/** The project's process schema, or — until it exists — a stand-in written into `tempDir`. */
export function resolveProcessSchema(tempDir: string): ProcessSchema {
  const real = path.join(repoRoot, 'schemas', 'process.schema.json');
  if (existsSync(real)) return { path: real, placeholder: false };
  const stand = path.join(tempDir, 'process.placeholder.schema.json');
  writeFileSync(stand, JSON.stringify(placeholderProcessSchema(), null, 2));
  return { path: stand, placeholder: true };
}

/**
 * A JSON schema (draft-07) for process files written from the spec alone, so that a
 * schema-validating server has comparable work to do before the real schema lands.
 */
export function placeholderProcessSchema(): object {
  const names = { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
  const nameList = { type: 'array', items: { type: 'string' } };
  const scope = {
    environment: names,
    role: names,
    target: names,
    channel: names,
    step: names,
    'tenant-tag': names,
  };
  const scopedValue = {
    type: 'object',
    required: ['value'],
    additionalProperties: false,
    properties: { value: { type: 'string' }, ...scope },
  };
  const variable = {
    oneOf: [
      { type: ['string', 'number', 'boolean'] },
      { type: 'array', items: scopedValue },
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          value: { type: 'string' },
          values: { type: 'array', items: scopedValue },
          sensitive: { type: 'boolean' },
          prompt: {
            type: 'object',
            additionalProperties: false,
            properties: { label: { type: 'string' }, description: { type: 'string' }, required: { type: 'boolean' } },
          },
          ...scope,
        },
      },
    ],
  };
  const actionFields = {
    type: {
      type: 'string',
      anyOf: [{ enum: ['script', 'manual', 'email', 'deploy-package'] }, { pattern: '^Octopus\\.' }],
    },
    environments: nameList,
    'excluded-environments': nameList,
    channels: nameList,
    'tenant-tags': nameList,
    disabled: { type: 'boolean' },
    required: { type: 'boolean' },
    'run-on': { enum: ['server', 'targets', 'worker'] },
    script: { type: 'string' },
    syntax: { enum: ['bash', 'powershell', 'python', 'csharp', 'fsharp'] },
    instructions: { type: 'string' },
    'responsible-teams': nameList,
    to: { type: 'string' },
    subject: { type: 'string' },
    body: { type: 'string' },
    package: {
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: { id: { type: 'string' }, feed: { type: 'string' } },
    },
    features: { type: 'object' },
    properties: { type: 'object', additionalProperties: { type: 'string' } },
  };
  const stepFields = {
    name: { type: 'string', minLength: 1 },
    roles: nameList,
    condition: {
      oneOf: [
        { enum: ['success', 'failure', 'always'] },
        {
          type: 'object',
          required: ['variable'],
          additionalProperties: false,
          properties: { variable: { type: 'string' } },
        },
      ],
    },
    start: { enum: ['after-previous', 'with-previous'] },
    'package-requirement': { enum: ['let-octopus-decide', 'before-package-acquisition', 'after-package-acquisition'] },
  };
  const action = {
    type: 'object',
    required: ['name', 'type'],
    additionalProperties: false,
    properties: { name: { type: 'string', minLength: 1 }, ...actionFields },
  };
  const step = {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: { ...stepFields, ...actionFields, actions: { type: 'array', minItems: 1, items: action } },
    oneOf: [
      { required: ['actions'], not: { required: ['type'] } },
      { required: ['type'], not: { required: ['actions'] } },
    ],
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Stepwise process file (benchmark placeholder)',
    type: 'object',
    required: ['project'],
    additionalProperties: false,
    properties: {
      project: { type: 'string', minLength: 1 },
      lifecycle: { type: 'string' },
      channels: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string' }, lifecycle: { type: 'string' } },
        },
      },
      'variable-sets': nameList,
      variables: { type: 'object', additionalProperties: variable },
      steps: { type: 'array', items: step },
    },
  };
}
