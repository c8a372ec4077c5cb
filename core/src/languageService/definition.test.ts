import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editorWorkspace, positionOf } from '../../../test/support/serviceDocuments';
import { getDefinition, getDocumentHighlights, getReferences } from './definition';
import type { Location, ServiceDocument } from './types';

const { app, other, space, all } = editorWorkspace();

/** `file:line:col text` for each location, 1-based, with the text it covers. */
function describeLocations(locations: Location[], documents: ServiceDocument[] = all): string[] {
  const byUri = new Map(documents.map((d) => [d.uri, d]));
  return locations.map((l) => {
    const d = byUri.get(l.uri)!;
    const lines = d.parsed.lines;
    const text = d.parsed.text.slice(lines.offsetAt(l.range.start), lines.offsetAt(l.range.end));
    return `${l.uri.split('/').pop()}:${l.range.start.line + 1}:${l.range.start.character + 1} ${text}`;
  });
}

const at = (d: ServiceDocument, needle: string, offset = 1, n = 0) => positionOf(d.parsed.text, needle, offset, n);

describe('go to definition', () => {
  it('a variable reference → its key under `variables:`', () => {
    assert.deepEqual(describeLocations(getDefinition(app, at(app, '#{Greeting}', 3), all)), [
      'app.process.yaml:9:3 Greeting',
    ]);
  });

  it('a library set’s variable → its definition in the space file', () => {
    assert.deepEqual(describeLocations(getDefinition(app, at(app, '#{LogLevel', 3), all)), [
      'space.yaml:24:7 LogLevel',
    ]);
  });

  it('Octopus.Action[Name] → the step', () => {
    assert.deepEqual(describeLocations(getDefinition(app, at(app, 'Action[Build]', 8), all)), [
      'app.process.yaml:24:11 Build',
    ]);
  });

  it('a `step:` scope → the action', () => {
    assert.deepEqual(describeLocations(getDefinition(app, at(app, 'step: Deploy', 7), all)), [
      'app.process.yaml:32:11 Deploy',
    ]);
  });

  it('an environment → the space file’s list', () => {
    assert.deepEqual(describeLocations(getDefinition(app, at(app, 'environments: [Test, Production]', 22), all)), [
      'space.yaml:2:35 Production',
    ]);
  });

  it('a role → every target that has it', () => {
    assert.deepEqual(describeLocations(getDefinition(app, at(app, 'roles: [web-server]', 9), all)), [
      'space.yaml:16:13 web-server',
      'space.yaml:19:13 web-server',
    ]);
  });

  it('nothing for a system variable', () => {
    assert.deepEqual(getDefinition(app, at(app, 'Octopus.Machine.Name', 9), all), []);
  });
});

describe('find references', () => {
  it('a variable: its key and every template that uses it, in any string style', () => {
    assert.deepEqual(describeLocations(getReferences(app, at(app, 'Greeting:', 1), all)), [
      'app.process.yaml:9:3 Greeting',
      'app.process.yaml:20:17 Greeting',
      'app.process.yaml:28:15 Greeting',
    ]);
  });

  it('a set variable: the space file and every process file including the set', () => {
    assert.deepEqual(describeLocations(getReferences(space, at(space, 'LogLevel', 1), all)), [
      'space.yaml:24:7 LogLevel',
      'app.process.yaml:28:34 LogLevel',
      'other.process.yaml:9:21 LogLevel',
    ]);
  });

  it('an environment, across the process files and the space file', () => {
    const refs = describeLocations(getReferences(space, at(space, 'Development', 1), all, false));
    assert.deepEqual(refs, [
      'space.yaml:8:21 Development',
      'space.yaml:25:41 Development',
      'other.process.yaml:10:29 Development',
    ]);
  });

  it('skips a loop variable that shadows a variable of the same name', () => {
    const text =
      'project: x\nvariables:\n  item: a\n  List: "a,b"\nsteps:\n  - name: s\n    type: script\n    script: "#{item} #{each item in List}#{item}#{/each}"\n';
    const { app: doc } = editorWorkspace(text);
    assert.deepEqual(
      describeLocations(getReferences(doc, at(doc, 'item: a', 1), [doc]), [doc]).map((l) =>
        l.replace(/^app.process.yaml:/, ''),
      ),
      ['3:3 item', '8:16 item'],
    );
  });

  it('document highlights: in this file only, the definition marked as written', () => {
    const highlights = getDocumentHighlights(app, at(app, '#{Greeting}', 3));
    assert.deepEqual(
      highlights.map((h) => `${h.range.start.line + 1}:${h.kind}`),
      ['9:3', '20:2', '28:2'],
    );
  });

  it('the other process file’s own view of the shared set', () => {
    assert.equal(getReferences(other, at(other, '#{LogLevel', 3), all).length, 3);
  });
});
