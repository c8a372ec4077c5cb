import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyEdit,
  atCursor,
  editorWorkspace,
  processDocument,
  spaceDocument,
} from '../../../test/support/serviceDocuments';
import { getCompletions } from './completion';
import type { CompletionItem } from './types';

const base = `project: Demo
variable-sets: [Common]
variables:
  Greeting: Hello
  ApiKey: { sensitive: true, value: "s3cr3t" }
  Servers: '[{"Name":"a"}]'
steps:
  - name: Build
    roles: [web-server]
    type: script
    script: |
      echo "#{Greeting}"
      set_octopusvariable "Ready" "yes"
`;

/** Completions at the `‸` in `text` (deploying into the checks fixture's space). */
function complete(
  text: string,
  options: Parameters<typeof getCompletions>[2] = {},
): { items: CompletionItem[]; text: string; apply(label: string): string } {
  const { text: source, position } = atCursor(text);
  const { items } = getCompletions(processDocument(source), position, options);
  return {
    items,
    text: source,
    apply(label: string) {
      const item = items.find((i) => i.label === label);
      assert.ok(item, `no item ${label} in ${items.map((i) => i.label).join(', ')}`);
      return applyEdit(source, item.textEdit);
    },
  };
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

describe('completion: keys from the schema', () => {
  it('offers a step’s missing keys with their descriptions, the type’s fields first', () => {
    const { items } = complete(base + '  - name: Deploy\n    type: email\n    ‸\n');
    assert.ok(!labels(items).includes('name') && !labels(items).includes('type'), 'present keys are left out');
    assert.ok(!labels(items).includes('actions'), 'a step with `type` cannot have `actions`');
    const to = items.find((i) => i.label === 'to')!;
    assert.match(to.documentation!.value, /Octopus.Action.Email.To/);
    const sorted = [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    assert.deepEqual(labels(sorted).slice(0, 3), ['body', 'subject', 'to']);
  });

  it('completes a partly typed key and inserts a value placeholder', () => {
    const c = complete(base + '  - name: Deploy\n    ty‸\n');
    const type = c.items.find((i) => i.label === 'type')!;
    assert.equal(type.textEdit.newText, 'type: $0');
    assert.deepEqual(type.textEdit.range, { start: { line: 14, character: 4 }, end: { line: 14, character: 6 } });
    assert.equal(type.command?.command, 'editor.action.triggerSuggest');
    const start = c.items.find((i) => i.label === 'start')!;
    assert.equal(start.textEdit.newText, 'start: ${1|after-previous,with-previous|}');
  });

  it('offers root keys in an empty file, and the new-file snippet', () => {
    const { items } = complete('‸');
    assert.deepEqual(labels(items).slice(0, 6), [
      'project',
      'lifecycle',
      'channels',
      'variable-sets',
      'variables',
      'steps',
    ]);
    assert.ok(labels(items).includes('New process file'));
  });

  it('offers keys of a scoped value inside a variable', () => {
    const { items } = complete(base.replace('  Greeting: Hello\n', '  Greeting:\n    - value: Hi\n      ‸\n'));
    assert.deepEqual(labels(items).sort(), [
      'channel',
      'description',
      'environment',
      'process',
      'prompt',
      'role',
      'step',
      'target',
      'tenant-tag',
    ]);
  });
});

describe('completion: snippets for a new step of each type', () => {
  it('after `- ` under steps: one snippet per step type, as block YAML', () => {
    const c = complete(base + '  - ‸\n');
    for (const label of [
      'Script step',
      'Manual intervention step',
      'Email step',
      'Deploy a package step',
      'Step with several actions',
    ]) {
      assert.ok(labels(c.items).includes(label), label);
    }
    const script = c.items.find((i) => i.label === 'Script step')!;
    assert.equal(script.insertTextMode, 1, 'our indentation, as is');
    assert.equal(
      script.textEdit.newText,
      'name: ${1:Run a script}\n    roles: [${2:web-server}]\n    type: script\n    syntax: ${3|bash,powershell,python,csharp,fsharp|}\n    script: |\n      ${4:echo "Hello from #{Octopus.Machine.Name\\}"}',
    );
  });

  it('on a blank line at the list’s dash column, the snippet brings its own `- `', () => {
    const { items } = complete(base + '  ‸\n');
    const email = items.find((i) => i.label === 'Email step')!;
    assert.ok(email.textEdit.newText.startsWith('- name: ${1:Tell the team}\n    type: email\n'));
    assert.match(
      email.textEdit.newText,
      /subject: "\$\{3:#\{Octopus\.Project\.Name\\\} #\{Octopus\.Release\.Number\\\}\}"/,
    );
  });
});

describe('completion: values', () => {
  it('action types bring the fields each needs', () => {
    const c = complete(base + '  - name: Deploy\n    type: ‸\n');
    const manual = c.items.find((i) => i.label === 'manual')!;
    assert.equal(
      manual.textEdit.newText,
      'manual\n    instructions: ${1:Check the release before it goes out.}\n    responsible-teams: [${2:Release Managers}]',
    );
    assert.match(manual.detail!, /Octopus.Manual/);
    assert.ok(labels(c.items).includes('Octopus.KubernetesDeployRawYaml'));
  });

  it('enum values with their descriptions', () => {
    const { items } = complete(base + '  - name: Deploy\n    type: script\n    script: x\n    run-on: ‸\n');
    assert.deepEqual(labels(items), ['server', 'targets', 'worker']);
    assert.match(items[0].documentation!.value, /RunOnServer/);
  });

  it('environments from the space, leaving out those already listed', () => {
    const c = complete(base + '  - name: Deploy\n    type: script\n    script: x\n    environments: [Test, ‸]\n');
    assert.deepEqual(labels(c.items), ['Development', 'Staging', 'Production']);
    assert.match(c.items[0].detail!, /environment/);
    assert.equal(c.apply('Production').split('\n')[16], '    environments: [Test, Production]');
  });

  it('offers the entry being edited, in a flow list or a block list: only the others count as listed', () => {
    const flow = complete(
      base + '  - name: Deploy\n    type: script\n    script: x\n    environments: [Test, Pro‸duction]\n',
    );
    assert.deepEqual(labels(flow.items), ['Development', 'Staging', 'Production']);
    assert.equal(flow.apply('Production').split('\n')[16], '    environments: [Test, Production]');
    const block = complete(
      base +
        '  - name: Deploy\n    type: script\n    script: x\n    environments:\n      - Test\n      - Pro‸duction\n',
    );
    assert.deepEqual(labels(block.items), ['Development', 'Staging', 'Production']);
    // A second `Test` is still a duplicate of the first.
    assert.deepEqual(
      labels(
        complete(base + '  - name: Deploy\n    type: script\n    script: x\n    environments: [Test, Te‸st]\n').items,
      ),
      ['Development', 'Staging', 'Production'],
    );
  });

  it('roles, targets, channels and steps in scopes', () => {
    assert.deepEqual(labels(complete(base + '  - name: Deploy\n    roles:\n      - ‸\n').items), [
      'web-server',
      'db-migrator',
    ]);
    const scoped = (key: string) =>
      labels(complete(base.replace('  Greeting: Hello\n', `  Greeting:\n    - value: Hi\n      ${key}: ‸\n`)).items);
    assert.deepEqual(scoped('target'), ['TWeb01', 'PWeb01']);
    assert.deepEqual(scoped('channel'), ['Default']);
    assert.deepEqual(scoped('step'), ['Build']);
    assert.deepEqual(labels(complete('project: x\nlifecycle: ‸\n').items), ['Default', 'Hotfix']);
    assert.deepEqual(labels(complete('project: x\nvariable-sets: [‸]\n').items), ['Common']);
  });

  it('quotes a name YAML would misread', () => {
    const space = `environments: ["Prod: EU", Test]\n`;
    const { text, position } = atCursor(
      'project: x\nsteps:\n  - name: a\n    type: script\n    script: x\n    environments: [‸]\n',
    );
    const items = getCompletions(processDocument(text, { space: spaceDocument(space) }), position).items;
    assert.equal(items.find((i) => i.label === 'Prod: EU')!.textEdit.newText, '"Prod: EU"');
  });

  it('inside a flow mapping: its keys, and values after `key: `', () => {
    assert.deepEqual(
      labels(complete(base + '  - name: Deploy\n    type: deploy-package\n    package: { id: a, ‸ }\n').items),
      ['feed'],
    );
    assert.deepEqual(
      labels(complete(base + '  - name: Deploy\n    type: deploy-package\n    package: { id: a, feed: ‸ }\n').items),
      ['octopus-server-built-in'],
    );
    assert.deepEqual(labels(complete('project: x\nvariables:\n  V: { value: a, environment: ‸ }\n').items), [
      'Development',
      'Test',
      'Staging',
      'Production',
    ]);
  });

  it('offers nothing for names when there is no space file', () => {
    const { text, position } = atCursor(
      base + '  - name: Deploy\n    type: script\n    script: x\n    environments: [‸]\n',
    );
    assert.deepEqual(getCompletions(processDocument(text, { space: null }), position).items, []);
  });
});

describe('completion: inside #{', () => {
  it('variables of the project and its sets, output variables, system variables', () => {
    const c = complete(base + '  - name: Deploy\n    type: script\n    script: echo "#{‸}"\n');
    const names = labels(c.items);
    for (const n of [
      'Greeting',
      'ApiKey',
      'Servers',
      'LogLevel',
      'Octopus.Action[Build].Output.Ready',
      'Octopus.Environment.Name',
    ])
      assert.ok(names.includes(n), n);
    assert.ok(!names.includes('Octopus.Template.Each.Index'), 'loop specials only inside #{each}');
    const apiKey = c.items.find((i) => i.label === 'ApiKey')!;
    assert.match(apiKey.detail!, /\*{8}/);
    assert.doesNotMatch(apiKey.documentation!.value, /s3cr3t/);
    const logLevel = c.items.find((i) => i.label === 'LogLevel')!;
    assert.match(logLevel.documentation!.value, /Debug.*environment Development, Test/s);
    assert.equal(c.apply('Greeting').split('\n')[15], '    script: echo "#{Greeting}"');
  });

  it('replaces the whole dotted name typed so far', () => {
    const c = complete(base + '  - name: Deploy\n    type: script\n    script: |\n      echo #{Octopus.Env‸}\n');
    const env = c.items.find((i) => i.label === 'Octopus.Environment.Name')!;
    assert.deepEqual(env.textEdit.range, { start: { line: 16, character: 13 }, end: { line: 16, character: 24 } });
    assert.equal(c.apply('Octopus.Environment.Name').split('\n')[16], '      echo #{Octopus.Environment.Name}');
  });

  it('documented names with placeholders become snippets', () => {
    const c = complete(base + '  - name: Deploy\n    type: script\n    script: "#{Octopus.Action[Build].Ou‸}"\n');
    const output = c.items.find((i) => i.label === 'Octopus.Action[name].Output.property')!;
    assert.equal(output.textEdit.newText, 'Octopus.Action[Build].Output.${1:property}');
  });

  it('loop variables inside #{each}, with the loop’s own system variables', () => {
    const c = complete(base + '  - name: Deploy\n    type: script\n    script: "#{each s in Servers}#{‸}#{/each}"\n');
    assert.equal(c.items[0].label, 's');
    assert.match(c.items[0].detail!, /loop variable over Servers/);
    assert.ok(labels(c.items).includes('Octopus.Template.Each.First'));
  });

  it('filters after `|`, with their options as tab stops', () => {
    const c = complete(base + '  - name: Deploy\n    type: script\n    script: "#{Greeting | ‸}"\n');
    const truncate = c.items.find((i) => i.label === 'Truncate')!;
    assert.equal(truncate.detail, 'Truncate length [suffix]');
    assert.equal(truncate.textEdit.newText, 'Truncate ${1:length}');
    const tight = complete(base + '  - name: Deploy\n    type: script\n    script: "#{Greeting|To‸}"\n');
    assert.equal(tight.items.find((i) => i.label === 'ToUpper')!.textEdit.newText, ' ToUpper');
    assert.deepEqual(
      labels(complete(base + '  - name: Deploy\n    type: script\n    script: "#{Greeting | Trim ‸}"\n').items),
      ['start', 'end'],
    );
  });

  it('keywords and closers, fitting an auto-closed `}`', () => {
    const c = complete(base + '  - name: Deploy\n    type: script\n    script: "#{‸}"\n');
    const ifItem = c.items.find((i) => i.label === 'if')!;
    assert.equal(ifItem.textEdit.newText, 'if ${1:Condition}}$0#{/if');
    const closer = complete(base + '  - name: Deploy\n    type: script\n    script: "#{if Greeting}hi#{/‸"\n');
    assert.deepEqual(labels(closer.items), ['/if']);
    assert.equal(closer.items[0].textEdit.newText, '/if}');
  });

  it('step and action names inside Octopus.Action[', () => {
    const { items } = complete(base + '  - name: Deploy\n    type: script\n    script: "#{Octopus.Action[‸}"\n');
    assert.deepEqual(labels(items), ['Build', 'Deploy']);
    assert.equal(items[0].textEdit.newText, 'Build]');
  });

  it('completes a template YAML cut off as a comment (the diagnostic says to quote it)', () => {
    const c = complete(base + '  - name: Deploy\n    type: script\n    script: echo #{Gree‸\n');
    assert.ok(labels(c.items).includes('Greeting'));
  });

  it('escapes a name inserted into a double-quoted string', () => {
    const { text, position } = atCursor(
      'project: x\nvariables:\n  Say "hi": x\nsteps:\n  - name: a\n    type: script\n    script: "#{Sa‸}"\n',
    );
    const item = getCompletions(processDocument(text), position).items.find((i) => i.label === 'Say "hi"')!;
    assert.equal(item.textEdit.newText, 'Say \\"hi\\"');
  });

  it('shows what the caller knows per environment in the detail', () => {
    const { text, position } = atCursor(base + '  - name: Deploy\n    type: script\n    script: "#{‸}"\n');
    const items = getCompletions(processDocument(text), position, {
      summarizeVariable: (vs) => (vs[0].name === 'Greeting' ? 'Test: Hello' : undefined),
    }).items;
    assert.equal(items.find((i) => i.label === 'Greeting')!.detail, 'Test: Hello');
  });
});

describe('completion: trigger characters', () => {
  it('a typed space opens completion only where a value starts', () => {
    assert.deepEqual(
      complete(base + '  - name: Deploy\n    type: script\n    script: echo hello ‸\n', { triggerCharacter: ' ' })
        .items,
      [],
    );
    assert.ok(complete(base + '  - name: Deploy\n    start: ‸\n', { triggerCharacter: ' ' }).items.length === 2);
  });
});

describe('completion: space file', () => {
  it('offers space keys and environments in lifecycle phases', () => {
    const { space } = editorWorkspace();
    const text = space.parsed.text.replace('        environments: [Test]', '        environments: [Test, ‸]');
    const { text: source, position } = atCursor(text);
    const items = getCompletions(spaceDocument(source, space.uri), position).items;
    assert.deepEqual(labels(items), ['Development', 'Production']);
  });
});
