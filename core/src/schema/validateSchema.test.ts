import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseYaml } from '../yaml/parseYaml';
import { dereferencedSchema, SCHEMA_FILES, type FileKind, type JsonSchema } from './schemas';
import { closest, createSchemaAjv, validateSchema } from './validateSchema';

const testdata = (name: string) => readFileSync(path.join(__dirname, 'testdata', name), 'utf8');

/** Each diagnostic as: where (1-based line:column), the code, the flagged text, the message. */
function check(text: string, kind: FileKind = 'process') {
  const parsed = parseYaml(text);
  return validateSchema(parsed, kind).map((d) => {
    const start = parsed.lines.offsetAt(d.range.start);
    const end = parsed.lines.offsetAt(d.range.end);
    return {
      at: `${d.range.start.line + 1}:${d.range.start.character + 1}`,
      code: d.code,
      flagged: text.slice(start, end),
      message: d.message,
      ...(d.data?.suggestions ? { suggestions: d.data.suggestions } : {}),
    };
  });
}

describe('the spec examples', () => {
  test('the process file validates clean', () => {
    assert.deepEqual(check(testdata('hello-world.process.yaml')), []);
  });

  test('the space file validates clean', () => {
    assert.deepEqual(check(testdata('space.yaml'), 'space'), []);
  });

  test('every variable form validates clean', () => {
    const text = [
      'project: Forms',
      'variables:',
      '  Plain: Hello',
      '  Number: 3',
      '  Flag: true',
      '  Scoped:',
      '    - { value: a, environment: Test, role: web, target: T1, channel: Hotfix, step: Deploy, tenant-tag: Region/West }',
      '    - { value: b, environment: [Staging, Production] }',
      '  Secret: { sensitive: true, value: "s3cr3t", description: Database password }',
      '  SecretPerEnvironment:',
      '    sensitive: true',
      '    values:',
      '      - { value: t, environment: Test }',
      '      - { value: p, environment: Production }',
      '  Asked: { prompt: { label: Note, description: Shown at deploy time, required: true } }',
      '  OneScoped: { value: x, environment: Test }',
    ].join('\n');
    assert.deepEqual(check(text), []);
  });

  test('an empty space file is a valid space', () => {
    assert.deepEqual(check('', 'space'), []);
  });
});

describe('unknown properties', () => {
  test('flag the key and suggest the closest known one', () => {
    const text = 'project: X\nsteps:\n  - name: Hello\n    type: script\n    scirpt: echo hi\n';
    assert.deepEqual(check(text), [
      {
        at: '5:5',
        code: 'schema-unknown-property',
        flagged: 'scirpt',
        message: 'Unknown property `scirpt` in a step. Did you mean `script`?',
        suggestions: ['script'],
      },
    ]);
  });

  test('say nothing more when no known key is close', () => {
    const text = 'project: X\nsteps:\n  - name: Hello\n    type: script\n    colour: red\n';
    assert.deepEqual(check(text), [
      {
        at: '5:5',
        code: 'schema-unknown-property',
        flagged: 'colour',
        message: 'Unknown property `colour` in a step.',
      },
    ]);
  });

  test('say that YAML 1.1 merge keys are not part of the format', () => {
    const text = 'project: Merge\nx: &d\n  type: script\nsteps:\n  - name: One\n    <<: *d\n    script: echo one\n';
    const merge = check(text).find((f) => f.flagged === '<<');
    assert.deepEqual(merge, {
      at: '6:5',
      code: 'schema-unknown-property',
      flagged: '<<',
      message:
        'Merge keys (`<<: *anchor`) come from YAML 1.1 and are not part of process files (YAML 1.2): write the fields out here.',
    });
  });

  test('suggest a cut-short feature name', () => {
    const text =
      'project: X\nsteps:\n  - name: Web\n    type: deploy-package\n    package: { id: Acme.Web }\n    features:\n      custom-install-dir: /opt/acme\n';
    assert.deepEqual(check(text), [
      {
        at: '7:7',
        code: 'schema-unknown-property',
        flagged: 'custom-install-dir',
        message: 'Unknown feature `custom-install-dir`. Did you mean `custom-install-directory`?',
        suggestions: ['custom-install-directory'],
      },
    ]);
  });

  test('suggest singular scope keys, and not keys already present', () => {
    const text = 'project: X\nvariables:\n  Url:\n    - value: a\n      environment: Test\n      environments: Prod\n';
    assert.deepEqual(check(text), [
      {
        at: '6:7',
        code: 'schema-unknown-property',
        flagged: 'environments',
        message: 'Unknown property `environments` in a value of variable `Url`.',
      },
    ]);
  });

  test('a misspelt required key is reported once, as unknown, not also as missing', () => {
    const text = 'project: X\nsteps:\n  - nmae: Hello\n    type: script\n';
    assert.deepEqual(check(text), [
      {
        at: '3:5',
        code: 'schema-unknown-property',
        flagged: 'nmae',
        message: 'Unknown property `nmae` in a step. Did you mean `name`?',
        suggestions: ['name'],
      },
    ]);
  });
});

describe('misplaced properties', () => {
  test('a step field on an action', () => {
    const text =
      'project: X\nsteps:\n  - name: S\n    actions:\n      - name: A\n        type: script\n        roles: [web]\n';
    assert.deepEqual(check(text), [
      {
        at: '7:9',
        code: 'schema-misplaced-property',
        flagged: 'roles',
        message: '`roles` is a step field; set it on the step, not on one of its actions.',
      },
    ]);
  });

  test('an action field on a step that lists actions', () => {
    const text = 'project: X\nsteps:\n  - name: S\n    script: echo\n    actions:\n      - { name: A, type: script }\n';
    assert.deepEqual(check(text), [
      {
        at: '4:5',
        code: 'schema-misplaced-property',
        flagged: 'script',
        message: '`script` cannot be on a step that lists `actions`; set it on the action it belongs to.',
      },
    ]);
  });

  test('a feature outside `features:`', () => {
    const text =
      'project: X\nsteps:\n  - name: S\n    type: deploy-package\n    package: { id: A }\n    structured-variables: [a.json]\n';
    assert.deepEqual(check(text), [
      {
        at: '6:5',
        code: 'schema-misplaced-property',
        flagged: 'structured-variables',
        message: '`structured-variables` is a feature; put it under `features:`.',
      },
    ]);
  });

  test('a space-file key in a process file, and a process-file key in the space file', () => {
    assert.deepEqual(check('project: X\nenvironments: [Test]\n'), [
      {
        at: '2:1',
        code: 'schema-misplaced-property',
        flagged: 'environments',
        message: '`environments` belongs in the space file (.octopus/space.yaml), not in a process file.',
      },
    ]);
    assert.deepEqual(check('environments: [Test]\nsteps: []\n', 'space'), [
      {
        at: '2:1',
        code: 'schema-misplaced-property',
        flagged: 'steps',
        message: '`steps` belongs in a process file (*.process.yaml), not in the space file.',
      },
    ]);
  });

  test('a per-variable setting on one of its values', () => {
    const text = 'project: X\nvariables:\n  Password:\n    - value: a\n      sensitive: true\n';
    assert.deepEqual(check(text), [
      {
        at: '5:7',
        code: 'schema-misplaced-property',
        flagged: 'sensitive',
        message:
          '`sensitive` applies to the whole variable, not to one of its values; write `Password: { sensitive: …, values: [ … ] }`.',
      },
    ]);
  });

  test('a scope next to `values`', () => {
    const text =
      'project: X\nvariables:\n  Password:\n    sensitive: true\n    environment: Test\n    values: [{ value: a }]\n';
    assert.deepEqual(check(text), [
      {
        at: '5:5',
        code: 'schema-misplaced-property',
        flagged: 'environment',
        message: '`environment` cannot be next to `values`; give each entry of `values` its own scope.',
      },
    ]);
  });
});

describe('missing properties', () => {
  test('flag a list entry by its dash and first key', () => {
    const text = 'project: X\nsteps:\n  - type: manual\n    instructions: Check it\n';
    assert.deepEqual(check(text), [
      { at: '3:3', code: 'schema-missing-property', flagged: '- type', message: 'A step needs a `name`.' },
    ]);
  });

  test('flag an object held by a key on that key', () => {
    const text = 'project: X\nsteps:\n  - name: S\n    type: deploy-package\n    package:\n      feed: nuget\n';
    assert.deepEqual(check(text), [
      { at: '5:5', code: 'schema-missing-property', flagged: 'package', message: 'The package needs an `id`.' },
    ]);
  });

  test('a step needs a type or actions', () => {
    const text = 'project: X\nsteps:\n  - name: Hello\n    script: echo hi\n';
    assert.deepEqual(check(text), [
      {
        at: '3:3',
        code: 'schema-missing-property',
        flagged: '- name',
        message: 'A step needs a `type`, `actions`, `properties`, or a `process-template`.',
      },
    ]);
  });

  test('a variable mapping needs a value, values or a prompt', () => {
    const text = 'project: X\nvariables:\n  ApiKey: { description: the key }\n';
    assert.deepEqual(check(text), [
      {
        at: '3:3',
        code: 'schema-missing-property',
        flagged: 'ApiKey',
        message: 'Variable `ApiKey` needs a `value`, `values`, a `prompt`, or a `sensitive`.',
      },
    ]);
  });

  test('a sensitive variable may leave its value on the server', () => {
    assert.deepEqual(check('project: X\nvariables:\n  ApiKey: { sensitive: true }\n'), []);
    assert.equal(check('project: X\nvariables:\n  ApiKey: { sensitive: false }\n').length, 1);
  });

  test('an empty file needs a project, flagged at its start', () => {
    assert.deepEqual(check(''), [
      { at: '1:1', code: 'schema-missing-property', flagged: '', message: 'The process file needs a `project`.' },
    ]);
  });

  test('a lifecycle and a phase in the space file', () => {
    const text = 'lifecycles:\n  - phases:\n      - environments: [Test]\n';
    assert.deepEqual(check(text, 'space'), [
      { at: '2:3', code: 'schema-missing-property', flagged: '- phases', message: 'A lifecycle needs a `name`.' },
      { at: '3:7', code: 'schema-missing-property', flagged: '- environments', message: 'A phase needs a `name`.' },
    ]);
  });
});

describe('wrong types', () => {
  test('flag the value and say what it must be', () => {
    const text = 'project: X\nsteps:\n  - name: S\n    type: script\n    roles: web-server\n';
    assert.deepEqual(check(text), [
      { at: '5:12', code: 'schema-type', flagged: 'web-server', message: '`roles` must be a list of role names.' },
    ]);
  });

  test('an entry of a list of names', () => {
    const text = 'targets:\n  - name: T\n    roles: [web, 5]\n';
    assert.deepEqual(check(text, 'space'), [
      {
        at: '3:18',
        code: 'schema-type',
        flagged: '5',
        message: 'Each entry of `roles` must be a role name. Write it in quotes: `"5"`.',
      },
    ]);
  });

  test('an unquoted true in raw properties', () => {
    const text =
      'project: X\nsteps:\n  - name: S\n    type: script\n    properties:\n      Octopus.Action.RunOnServer: true\n';
    assert.deepEqual(check(text), [
      {
        at: '6:35',
        code: 'schema-type',
        flagged: 'true',
        message: '`Octopus.Action.RunOnServer` must be text. Write it in quotes: `"true"`.',
      },
    ]);
  });

  test('a key with nothing after it is flagged on the key', () => {
    const text = 'project: X\nsteps:\n  - name: S\n    type: script\n    script:\n';
    assert.deepEqual(check(text), [
      { at: '5:5', code: 'schema-type', flagged: 'script', message: '`script` has no value; it must be text.' },
    ]);
  });

  test('a variable without a value: one message for every form it could take', () => {
    const text = 'project: X\nvariables:\n  Greeting:\n';
    assert.deepEqual(check(text), [
      {
        at: '3:3',
        code: 'schema-type',
        flagged: 'Greeting',
        message:
          'Variable `Greeting` has no value; it must be text, a number, true or false, a list of scoped values, or a mapping with `value:`.',
      },
    ]);
  });

  test('a bare value in a list of scoped values', () => {
    const text = 'project: X\nvariables:\n  LogLevel: [Debug]\n';
    assert.deepEqual(check(text), [
      {
        at: '3:14',
        code: 'schema-type',
        flagged: 'Debug',
        message:
          'A value of variable `LogLevel` must be a mapping like `{ value: …, environment: … }`. For an unscoped value write `- value: Debug`.',
      },
    ]);
  });

  test('a bare name where a list entry needs `name:`', () => {
    assert.deepEqual(check('targets: [TWeb01]\n', 'space'), [
      {
        at: '1:11',
        code: 'schema-type',
        flagged: 'TWeb01',
        message: 'A target must be a mapping with `name:`, `environments:` and `roles:`. Write `- name: TWeb01`.',
      },
    ]);
  });

  test('an empty list entry is flagged on its dash', () => {
    const text = 'project: X\nsteps:\n  -\n  - name: B\n    type: script\n';
    assert.deepEqual(check(text), [
      {
        at: '3:3',
        code: 'schema-type',
        flagged: '-',
        message: 'A step has no value; it must be a mapping with `name:` and `type:`.',
      },
    ]);
  });

  test('a mapping spanning several lines is flagged on its key', () => {
    const text = 'project: X\nsteps:\n  name: S\n  type: script\n';
    assert.deepEqual(check(text), [
      { at: '2:1', code: 'schema-type', flagged: 'steps', message: '`steps` must be a list of steps.' },
    ]);
  });

  test('a file that is not a mapping', () => {
    assert.deepEqual(check('- name: S\n'), [
      {
        at: '1:1',
        code: 'schema-type',
        flagged: '- name: S',
        message: 'The process file must be a mapping with `project:` and `steps:`.',
      },
    ]);
  });

  test('an alias is flagged where it is used', () => {
    const text = 'project: X\nsteps:\n  - name: &n S\n    type: script\n    roles: *n\n';
    assert.deepEqual(check(text), [
      { at: '5:12', code: 'schema-type', flagged: '*n', message: '`roles` must be a list of role names.' },
    ]);
  });
});

describe('allowed words', () => {
  test('list them and suggest the closest', () => {
    const text = 'project: X\nsteps:\n  - name: S\n    type: script\n    syntax: Bash\n';
    assert.deepEqual(check(text), [
      {
        at: '5:13',
        code: 'schema-enum',
        flagged: 'Bash',
        message: '`syntax` must be one of bash, powershell, python, csharp, or fsharp. Did you mean `bash`?',
        suggestions: ['bash'],
      },
    ]);
  });

  test('a number where a word is expected gets the words, not "must be text"', () => {
    const text = 'project: X\nsteps:\n  - name: S\n    type: script\n    start: 3\n';
    assert.deepEqual(check(text), [
      {
        at: '5:12',
        code: 'schema-enum',
        flagged: '3',
        message: '`start` must be one of after-previous or with-previous.',
      },
    ]);
  });

  test('a condition: the words or a variable expression', () => {
    const text = 'project: X\nsteps:\n  - name: S\n    type: script\n    condition: sucess\n';
    assert.deepEqual(check(text), [
      {
        at: '5:16',
        code: 'schema-enum',
        flagged: 'sucess',
        message:
          '`condition` must be one of success, failure, always, or { variable: "#{…}" }. Did you mean `success`?',
        suggestions: ['success'],
      },
    ]);
    assert.deepEqual(check(text.replace('sucess', '[success]')), [
      {
        at: '5:16',
        code: 'schema-type',
        flagged: '[success]',
        message: '`condition` must be one of success, failure, always, or { variable: "#{…}" }.',
      },
    ]);
  });

  test('a variable condition with a misspelt key', () => {
    const text = 'project: X\nsteps:\n  - name: S\n    type: script\n    condition: { varible: "#{Run}" }\n';
    assert.deepEqual(check(text), [
      {
        at: '5:18',
        code: 'schema-unknown-property',
        flagged: 'varible',
        message: 'Unknown property `varible` in the condition. Did you mean `variable`?',
        suggestions: ['variable'],
      },
    ]);
  });

  test('an unknown short action type is left to the semantic checks', () => {
    assert.deepEqual(check('project: X\nsteps:\n  - name: S\n    type: scrpt\n'), []);
    assert.deepEqual(check('project: X\nsteps:\n  - name: S\n    type: Octopus.KubernetesDeployRawYaml\n'), []);
  });
});

describe('other constraints', () => {
  test('empty names, empty lists, numbers below their minimum', () => {
    const text = 'project: ""\nsteps:\n  - name: S\n    actions: []\n';
    assert.deepEqual(check(text), [
      { at: '1:10', code: 'schema-invalid', flagged: '""', message: '`project` must not be empty.' },
      { at: '4:14', code: 'schema-invalid', flagged: '[]', message: '`actions` must not be an empty list.' },
    ]);
    const space = 'lifecycles:\n  - name: L\n    phases:\n      - name: P\n        minimum-environments: -1\n';
    assert.deepEqual(check(space, 'space'), [
      { at: '5:31', code: 'schema-invalid', flagged: '-1', message: '`minimum-environments` must be 0 or more.' },
    ]);
  });

  test('a file with YAML errors is left to the parser', () => {
    assert.deepEqual(check('project: X\nsteps: [\n'), []);
  });
});

describe('the schemas', () => {
  test('compile under ajv strict mode as published, with their relative $refs', () => {
    const ajv = createSchemaAjv();
    ajv.addSchema(SCHEMA_FILES['common.schema.json'], 'common.schema.json');
    for (const file of ['process.schema.json', 'space.schema.json']) {
      assert.equal(ajv.validateSchema(SCHEMA_FILES[file]), true, `${file}: ${ajv.errorsText()}`);
      assert.doesNotThrow(() => ajv.compile(SCHEMA_FILES[file]), file);
    }
  });

  test('every property says what it is and the Octopus property it maps to', () => {
    for (const kind of ['process', 'space'] as const) {
      for (const { path: where, schema } of propertySchemas(dereferencedSchema(kind))) {
        assert.equal(typeof schema.description, 'string', `${kind}: ${where} has no description`);
        assert.match(String(schema.description), /Octopus/, `${kind}: ${where} does not name its Octopus property`);
      }
    }
  });

  test('every enum describes each of its values', () => {
    for (const kind of ['process', 'space'] as const) {
      for (const { path: where, schema } of allSchemas(dereferencedSchema(kind))) {
        if (!Array.isArray(schema.enum)) continue;
        assert.equal(
          (schema.enumDescriptions as unknown[] | undefined)?.length,
          schema.enum.length,
          `${kind}: ${where} enumDescriptions`,
        );
        assert.equal(
          (schema.markdownEnumDescriptions as unknown[] | undefined)?.length,
          schema.enum.length,
          `${kind}: ${where} markdownEnumDescriptions`,
        );
      }
    }
  });

  test('a step takes every action field, and none of them when it lists actions', () => {
    const definitions = SCHEMA_FILES['process.schema.json'].definitions as Record<string, JsonSchema>;
    // `name` and `slug` are the step's own on a step (and its single action's too).
    const actionFields = Object.keys(definitions.action.properties as JsonSchema).filter(
      (k) => k !== 'name' && k !== 'slug',
    );
    const stepFields = Object.keys(definitions.step.properties as JsonSchema);
    const forbidden = (definitions.step.dependencies as Record<string, JsonSchema>).actions.properties as JsonSchema;
    for (const field of actionFields) assert.ok(stepFields.includes(field), `step lacks ${field}`);
    assert.deepEqual(Object.keys(forbidden).sort(), [...actionFields].sort());
  });

  test('yaml-language-server resolves them and agrees the spec examples are valid', async () => {
    const { readFile } = await import('node:fs/promises');
    const { pathToFileURL, fileURLToPath } = await import('node:url');
    const { getLanguageService } = await import('yaml-language-server');
    const { TextDocument } = await import('vscode-languageserver-textdocument');
    const schemaUri = (file: string) => pathToFileURL(path.resolve(__dirname, '../../../schemas', file)).toString();
    const service = getLanguageService({
      schemaRequestService: (uri: string) => readFile(fileURLToPath(uri), 'utf8'),
      // As the YAML extension does: relative `$ref`s resolve against the referring schema's URI.
      workspaceContext: {
        resolveRelativePath: (relative: string, resource: string) => new URL(relative, resource).toString(),
      },
    });
    service.configure({
      validate: true,
      hover: true,
      completion: true,
      schemas: [
        { uri: schemaUri('process.schema.json'), fileMatch: ['*.process.yaml'] },
        { uri: schemaUri('space.schema.json'), fileMatch: ['space.yaml'] },
      ],
    });
    const validate = (name: string, text: string) =>
      service.doValidation(TextDocument.create(`file:///w/${name}`, 'yaml', 1, text), false);

    assert.deepEqual(await validate('hello.process.yaml', testdata('hello-world.process.yaml')), []);
    assert.deepEqual(await validate('.octopus/space.yaml', testdata('space.yaml')), []);
    const broken = await validate(
      'broken.process.yaml',
      'project: X\nsteps:\n  - name: S\n    type: script\n    scirpt: x\n',
    );
    assert.deepEqual(
      broken.map((d) => d.range.start),
      [{ line: 4, character: 4 }],
    );
    // A description from common.schema.json shows, so the relative $ref was followed.
    const document = TextDocument.create(
      'file:///w/hover.process.yaml',
      'yaml',
      1,
      'project: X\nvariables:\n  A: { value: 1, environment: Test }\n',
    );
    const hover = await service.doHover(document, { line: 2, character: 20 });
    assert.match(JSON.stringify(hover?.contents), /Scope\.Environment/);
  });
});

describe('closest', () => {
  test('forgives case, a swapped or missing letter, and a cut-short word', () => {
    assert.equal(closest('Script', ['script', 'syntax']), 'script');
    assert.equal(closest('tpye', ['type', 'to']), 'type');
    assert.equal(closest('enviroment', ['environment']), 'environment');
    assert.equal(closest('excluded-env', ['excluded-environments', 'environments']), 'excluded-environments');
    assert.equal(closest('colour', ['script', 'syntax']), undefined);
  });
});

/** Every schema under a `properties` keyword, with a readable path. */
function propertySchemas(root: JsonSchema): Array<{ path: string; schema: JsonSchema }> {
  return allSchemas(root).flatMap(({ path: where, schema }) =>
    Object.entries((schema.properties as Record<string, unknown> | undefined) ?? {})
      // `{ value: true }` in an `anyOf` and `{ script: false }` in `dependencies` only name keys.
      .filter(([, property]) => typeof property === 'object' && property !== null)
      .map(([name, property]) => ({ path: `${where}.${name}`, schema: property as JsonSchema })),
  );
}

function allSchemas(root: JsonSchema, where = '#'): Array<{ path: string; schema: JsonSchema }> {
  const out = [{ path: where, schema: root }];
  for (const [keyword, value] of Object.entries(root)) {
    if (['examples', 'default', 'defaultSnippets', 'enum'].includes(keyword)) continue;
    if (keyword === 'properties' || keyword === 'dependencies') {
      for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
        if (typeof child === 'object' && child !== null)
          out.push(...allSchemas(child as JsonSchema, `${where}.${name}`));
      }
    } else if (Array.isArray(value)) {
      value.forEach((child, i) => {
        if (typeof child === 'object' && child !== null)
          out.push(...allSchemas(child as JsonSchema, `${where}/${keyword}/${i}`));
      });
    } else if (typeof value === 'object' && value !== null) {
      out.push(...allSchemas(value as JsonSchema, `${where}/${keyword}`));
    }
  }
  return out;
}
