import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processDocument, spaceDocument } from '../../../test/support/serviceDocuments';
import { variablesByName, visibleVariables } from './variableInfo';

const SPACE = `environments: [Test, Production]
variable-sets:
  - name: Common
    variables:
      LogLevel: Debug
      Greeting: from the set
`;
const PROCESS = `project: Shop
variable-sets: [Common]
variables:
  Greeting: Hello
steps:
  - name: Deploy
    type: script
    script: 'echo #{Greeting} #{LogLevel}'
`;

describe('visibleVariables', () => {
  it("the process's own variables, then its sets'", () => {
    const document = processDocument(PROCESS, { space: spaceDocument(SPACE) });
    assert.deepEqual(
      visibleVariables(document.project, document.space).map((v) => [v.name, v.values[0].value]),
      [
        ['Greeting', 'Hello'],
        ['LogLevel', 'Debug'],
        ['Greeting', 'from the set'],
      ],
    );
  });

  it('is worked out once per document version and space: the same list, with its index by name', () => {
    const space = spaceDocument(SPACE);
    const document = processDocument(PROCESS, { space });
    const first = visibleVariables(document.project, document.space);
    assert.equal(visibleVariables(document.project, document.space), first);
    assert.equal(variablesByName(visibleVariables(document.project, document.space)), variablesByName(first));
    // A new version of the space file (a new space) gives a new list.
    const edited = spaceDocument(SPACE.replace('LogLevel: Debug', 'LogLevel: Info'));
    const again = visibleVariables(document.project, edited.space);
    assert.notEqual(again, first);
    assert.equal(again.find((v) => v.name === 'LogLevel')!.values[0].value, 'Info');
    // And a new version of the process file too.
    const next = processDocument(PROCESS.replace('Hello', 'Hi'), { space });
    assert.equal(visibleVariables(next.project, next.space)[0].values[0].value, 'Hi');
  });

  it('no project: nothing', () => {
    assert.deepEqual(visibleVariables(undefined, spaceDocument(SPACE).space), []);
  });
});
