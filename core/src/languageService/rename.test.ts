import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, editorWorkspace, positionOf, processDocument } from '../../../test/support/serviceDocuments';
import { getReferences } from './definition';
import { validateProcess, validateSpace } from '../validate';
import { prepareRename, rename } from './rename';
import { LanguageServiceError, type ServiceDocument, type WorkspaceEdit } from './types';

const { app, other, space, all } = editorWorkspace();
const at = (d: ServiceDocument, needle: string, offset = 1, n = 0) => positionOf(d.parsed.text, needle, offset, n);

/** Each file's text after the edit, by file name (only files the edit touches). */
function applied(edit: WorkspaceEdit, documents: ServiceDocument[] = all): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [uri, edits] of Object.entries(edit.changes)) {
    const document = documents.find((d) => d.uri === uri)!;
    out[uri.split('/').pop()!] = applyEdits(document.parsed.text, edits);
  }
  return out;
}

/** The result still checks cleanly: the rename kept every reference intact. */
function assertClean(files: Record<string, string>): void {
  const spaceText = files['space.yaml'] ?? space.parsed.text;
  const spaceModel = validateSpace(spaceText, space.uri);
  assert.deepEqual(
    spaceModel.diagnostics.map((d) => d.message),
    [],
  );
  for (const [name, text] of Object.entries({
    'app.process.yaml': app.parsed.text,
    'other.process.yaml': other.parsed.text,
    ...files,
  })) {
    if (name === 'space.yaml') continue;
    assert.deepEqual(
      validateProcess(text, { space: spaceModel.space }).diagnostics.map((d) => `${name}: ${d.message}`),
      [],
    );
  }
}

describe('rename', () => {
  it('a project variable: its key and every reference', () => {
    const files = applied(rename(app, at(app, '#{Greeting}', 3), 'Salutation', all));
    assert.deepEqual(Object.keys(files), ['app.process.yaml']);
    const text = files['app.process.yaml'];
    assert.match(text, /^  Salutation:$/m);
    assert.match(text, /value: "#\{Salutation\} from/);
    assert.match(text, /echo "#\{Salutation\}, level/);
    assertClean(files);
  });

  it('a library set’s variable: the space file and every process file that includes the set', () => {
    const files = applied(rename(app, at(app, '#{LogLevel', 3), 'Verbosity', all));
    assert.deepEqual(Object.keys(files).sort(), ['app.process.yaml', 'other.process.yaml', 'space.yaml']);
    assert.match(files['space.yaml'], /^ {6}Verbosity:$/m);
    assert.match(files['other.process.yaml'], /echo "#\{Verbosity\}"/);
    assertClean(files);
  });

  it('a step: its name, Octopus.Action[…] references and `step:` scopes', () => {
    const files = applied(rename(app, at(app, 'name: Build', 7), 'Compile', all));
    const text = files['app.process.yaml'];
    assert.match(text, /- name: Compile\n/);
    assert.match(text, /#\{Octopus\.Action\[Compile\]\.Output\.Ready\}/);
    assertClean(files);
    const scoped = applied(rename(app, at(app, 'name: Deploy\n', 7), 'Ship', all))['app.process.yaml'];
    assert.match(scoped, /step: Ship/);
    assert.match(scoped, /- name: Ship\n/);
  });

  it('an environment: the space file, lists, scopes and lifecycle phases, in every process file', () => {
    const files = applied(rename(space, at(space, 'Development', 1), 'Dev', all));
    assert.match(files['space.yaml'], /environments: \[Dev, Test, Production\]/);
    assert.match(files['space.yaml'], /automatic: \[Dev\]/);
    assert.match(files['space.yaml'], /environment: \[Dev, Test\]/);
    assert.match(files['other.process.yaml'], /excluded-environments: \[Dev\]/);
    assertClean(files);
  });

  it('a role and a target', () => {
    const files = applied(rename(app, at(app, 'roles: [web-server]', 9), 'frontend', all));
    assert.equal(files['space.yaml'].match(/frontend/g)?.length, 2);
    assert.equal(files['app.process.yaml'].match(/roles: \[frontend\]/g)?.length, 2);
    assertClean(files);
    const target = applied(rename(space, at(space, 'TWeb01', 1), 'TWeb02', all));
    assert.match(target['space.yaml'], /name: TWeb02/);
  });

  it('quotes a new name YAML would misread, and escapes it inside quoted strings', () => {
    const files = applied(rename(app, at(app, 'name: Build', 7), 'Build: "all"', all));
    const text = files['app.process.yaml'];
    assert.match(text, /- name: "Build: \\"all\\""\n/);
    assert.match(text, /#\{Octopus\.Action\[Build: \\"all\\"\]\.Output\.Ready\}/);
    assertClean(files);
  });

  it('refuses a name that clashes, saying with what', () => {
    assert.throws(
      () => rename(app, at(app, '#{Greeting}', 3), 'apikey', all),
      (e: Error) =>
        e instanceof LanguageServiceError &&
        /already a variable named `ApiKey` \(project variable, line 15\)/.test(e.message),
    );
    assert.throws(
      () => rename(app, at(app, '#{Greeting}', 3), 'LogLevel', all),
      /already a variable named `LogLevel` \(in variable set Common\)/,
    );
    assert.throws(
      () => rename(app, at(app, 'name: Build', 7), 'Smoke test', all),
      /already a step named `Smoke test` \(action, line 39\)/,
    );
    assert.throws(
      () => rename(space, at(space, 'Development', 1), 'test', all),
      /already an environment named `Test` \(in the space file\)/,
    );
    assert.throws(() => rename(app, at(app, 'roles: [web-server]', 9), 'db-migrator', all), /db-migrator/);
  });

  it('refuses names a template cannot hold, and system variables', () => {
    assert.throws(() => rename(app, at(app, '#{Greeting}', 3), 'Hi}there', all), /cannot be referenced/);
    assert.throws(() => rename(app, at(app, '#{Greeting}', 3), 'Octopus.Environment.Name', all), /system variable/);
    assert.throws(() => rename(app, at(app, 'name: Build', 7), 'Build [1]', all), /Octopus\.Action/);
  });

  it('a case-only rename is allowed; the same name is no edit', () => {
    assert.ok(Object.keys(rename(app, at(app, '#{Greeting}', 3), 'GREETING', all).changes).length > 0);
    assert.deepEqual(rename(app, at(app, '#{Greeting}', 3), 'Greeting', all), { changes: {} });
  });

  it('prepareRename: the name’s range (inside quotes), or why not', () => {
    const prepared = prepareRename(app, at(app, '#{Greeting}', 3), all);
    assert.equal(prepared.placeholder, 'Greeting');
    assert.throws(() => prepareRename(app, at(app, 'Octopus.Machine.Name', 9), all), LanguageServiceError);
    const quoted = editorWorkspace(app.parsed.text.replace('  - name: Build\n', '  - name: "Build"\n')).app;
    const range = prepareRename(quoted, at(quoted, '"Build"', 2), [quoted]).range;
    assert.equal(range.end.character - range.start.character, 5);
  });
});

describe('steps referred to by slug', () => {
  const text = `project: Slugs
steps:
  - name: Deploy web
    type: script
    script: echo "#{Octopus.Action[deploy-web].Output.Url}"
  - name: Smoke test
    slug: smoke
    type: script
    script: |
      echo "#{Octopus.Action[deploy-web].Output.Url} #{Octopus.Step[smoke].Status.Code}"
`;
  const document = processDocument(text, { uri: 'file:///slugs.process.yaml' });

  it('a reference by the slug Octopus derives from the name finds the step', () => {
    const position = positionOf(text, '[deploy-web]', 1);
    assert.deepEqual(
      getReferences(document, position, [document]).map((l) => l.range.start.line + 1),
      [3, 5, 10],
    );
  });

  it('renames a written slug with its references, and refuses to rename a derived one', () => {
    const edit = rename(document, positionOf(text, 'slug: smoke', 6), 'smoke-test', [document]);
    assert.equal(applyEdits(text, edit.changes['file:///slugs.process.yaml']).match(/smoke-test/g)?.length, 2);
    assert.throws(
      () => prepareRename(document, positionOf(text, '[deploy-web]', 1), [document]),
      /`deploy-web` is the slug Octopus derives from the name `Deploy web`; no file writes it/,
    );
  });
});
