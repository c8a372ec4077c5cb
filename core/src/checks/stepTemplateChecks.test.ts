import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, atCursor, processDocument, spaceDocument } from '../../../test/support/serviceDocuments';
import { getCompletions } from '../languageService/completion';
import { getHover } from '../languageService/hover';
import { getCodeActions } from '../languageService/codeActions';
import { previewProcess } from '../preview/index';
import { validateProcess, validateSpace } from '../validate';

const SPACE_TEXT = `environments: [Test]
step-templates:
  - name: NuGet Push
    id: ActionTemplates-1241
    version: 4
    action-type: Octopus.Script
    properties:
      Octopus.Action.Script.Syntax: Bash
      Octopus.Action.Script.ScriptBody: 'dotnet nuget push --source "#{NuGetPush.Target.Url}" --api-key "#{NuGetPush.ApiKey}"'
    parameters:
      - { name: NuGetPush.ApiKey, label: API key, control-type: Sensitive }
      - { name: NuGetPush.Target.Url, label: Feed URL, default: "https://api.nuget.org/v3/index.json" }
`;
const space = spaceDocument(SPACE_TEXT, 'file:///space/.octopus/space.yaml');

const process = (properties: string) => `project: Lib
steps:
  - name: Push
    type: script
    properties:
${properties}`;

const findings = (text: string) =>
  validateProcess(text, { space: space.space }).diagnostics.map(
    (d) => `${d.severity} ${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`,
  );

describe('step template checks', () => {
  it('the space file with step templates is valid against the schema', () => {
    assert.deepEqual(validateSpace(SPACE_TEXT, 'space.yaml').diagnostics, []);
  });

  it('a complete use of a declared template, by id or by name, is clean', () => {
    assert.deepEqual(
      findings(
        process(
          '      Octopus.Action.Template.Id: ActionTemplates-1241\n      Octopus.Action.Template.Version: "4"\n      NuGetPush.ApiKey: abc\n',
        ),
      ),
      [],
    );
    assert.deepEqual(
      findings(
        process(
          '      Octopus.Action.Template.Id: NuGet Push\n      Octopus.Action.Template.Version: "4"\n      NuGetPush.ApiKey: abc\n',
        ),
      ),
      [],
    );
  });

  it('reports an unknown template, an unknown parameter, a missing parameter without default, and an old version', () => {
    assert.deepEqual(findings(process('      Octopus.Action.Template.Id: ActionTemplates-1214\n')), [
      'warning unknown-step-template 6:35 Step `Push` uses step template `ActionTemplates-1214`, which the space does not declare (its step templates: NuGet Push (ActionTemplates-1241)). Did you mean `ActionTemplates-1241`?',
    ]);
    const text = process(
      '      Octopus.Action.Template.Id: ActionTemplates-1241\n      Octopus.Action.Template.Version: "2"\n      NuGetPush.Apikey2: abc\n',
    );
    assert.deepEqual(findings(text), [
      'warning missing-template-parameter 6:35 Step `Push` does not set `NuGetPush.ApiKey` (API key), a parameter of step template `NuGet Push` without a default.',
      'information step-template-outdated 7:40 Step `Push` uses version 2 of step template `NuGet Push`; the space has version 4.',
      'warning unknown-template-parameter 8:26 Step template `NuGet Push` has no parameter `NuGetPush.Apikey2` (it has: NuGetPush.ApiKey, NuGetPush.Target.Url). Did you mean `NuGetPush.ApiKey`?',
    ]);
  });

  it('offers to update an out-of-date version', () => {
    const text = process(
      '      Octopus.Action.Template.Id: ActionTemplates-1241\n      Octopus.Action.Template.Version: "2"\n      NuGetPush.ApiKey: abc\n',
    );
    const document = processDocument(text, { space });
    const diagnostics = validateProcess(text, { space: space.space }).diagnostics.filter(
      (d) => d.code === 'step-template-outdated',
    );
    const [action] = getCodeActions(
      document,
      diagnostics[0].range,
      diagnostics.map((d) => ({ ...d, source: 'stepwise' })),
    );
    assert.equal(action.title, 'Update to version 4');
    const fixed = applyEdits(text, Object.values(action.edit.changes)[0]);
    assert.match(fixed, /Octopus\.Action\.Template\.Version: "4"/);
    assert.deepEqual(findings(fixed), []);
  });

  it('reports nothing when the space does not declare step templates (they live on a server)', () => {
    const bare = spaceDocument('environments: [Test]\n', 'file:///bare/.octopus/space.yaml');
    assert.deepEqual(
      validateProcess(process('      Octopus.Action.Template.Id: ActionTemplates-9\n'), { space: bare.space })
        .diagnostics,
      [],
    );
  });

  it('the preview expands the template: its type, script and parameters (default or set) resolved', () => {
    const result = validateProcess(
      process(
        '      Octopus.Action.Template.Id: ActionTemplates-1241\n      Octopus.Action.Template.Version: "4"\n      NuGetPush.ApiKey: abc\n',
      ),
      { space: space.space },
    );
    const preview = previewProcess(result.project!, space.space, { environment: 'Test' });
    const action = preview.steps[0].actions[0];
    assert.equal(action.type, 'Octopus.Script');
    assert.equal(action.runnable, undefined);
    assert.equal(
      action.properties['Octopus.Action.Script.ScriptBody'],
      'dotnet nuget push --source "https://api.nuget.org/v3/index.json" --api-key "abc"',
    );
    assert.equal(action.properties['Octopus.Action.Script.Syntax'], 'Bash');
  });
});

describe('no false unknown-variable warnings', () => {
  it('an action property of the same action, a template parameter, and process-template outputs are known', () => {
    const text = `project: Lib
variables:
  Known: x
steps:
  - name: Find namespace
    type: script
    script: echo hi
  - name: Delete
    condition: { variable: "#{unless Octopus.Deployment.Error}#{Octopus.ProcessTemplate.Action[Find namespace].Output.NamespaceExists}#{/unless}" }
    type: script
    script: 'kubectl delete ns #{Template.Cluster.Namespace} #{NuGetPush.Target.Url}'
    properties:
      Template.Cluster.Namespace: "#{Octopus.Project.Slug}-#{Octopus.Environment.Slug}"
      Octopus.Action.Template.Id: ActionTemplates-1241
      Octopus.Action.Template.Version: "4"
      NuGetPush.ApiKey: abc
  - name: Elsewhere
    type: script
    script: 'echo #{Template.Cluster.Namespace}'
`;
    const found = validateProcess(text, { space: space.space })
      .diagnostics.filter((d) => d.code === 'unknown-variable')
      .map((d) => d.message.split(':')[0]);
    // Only the use in another action is unknown: Octopus binds action properties to their own action.
    assert.deepEqual(found, ['Unknown variable `Template.Cluster.Namespace`']);
  });
});

describe('step template parameters in the editor', () => {
  it("completes the parameters not yet set under the action's properties, with their defaults", () => {
    const { text, position } = atCursor(
      process('      Octopus.Action.Template.Id: ActionTemplates-1241\n      NuGetPush.ApiKey: abc\n      ‸\n'),
    );
    const items = getCompletions(processDocument(text, { space }), position).items.filter((i) =>
      i.label.startsWith('NuGetPush.'),
    );
    assert.deepEqual(
      items.map((i) => [i.label, i.detail, i.textEdit && 'newText' in i.textEdit ? i.textEdit.newText : '']),
      [['NuGetPush.Target.Url', 'Feed URL', 'NuGetPush.Target.Url: "https://api.nuget.org/v3/index.json"']],
    );
  });

  it('hovers a parameter with its label, template, control type and default', () => {
    const text = process('      Octopus.Action.Template.Id: ActionTemplates-1241\n      NuGetPush.ApiKey: abc\n');
    const document = processDocument(text, { space });
    const hover = getHover(document, document.parsed.lines.positionAt(text.indexOf('NuGetPush.ApiKey') + 3));
    assert.equal(
      hover?.contents.value,
      '**API key** — parameter `NuGetPush.ApiKey` of step template **NuGet Push** (version 4)\n\ncontrol: Sensitive · no default: the action must set it · sensitive',
    );
  });
});
