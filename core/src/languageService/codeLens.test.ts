import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editorWorkspace, processDocument, spaceDocument } from '../../../test/support/serviceDocuments';
import { getCodeLenses, lifecycleEnvironments } from './codeLens';

describe('code lenses', () => {
  it('above each step: where it runs in each environment of the lifecycle', () => {
    const { app } = editorWorkspace();
    const lenses = getCodeLenses(app);
    const byLine = new Map<number, string[]>();
    for (const lens of lenses)
      byLine.set(lens.range.start.line + 1, [...(byLine.get(lens.range.start.line + 1) ?? []), lens.command!.title]);
    assert.deepEqual(Object.fromEntries(byLine), {
      24: ['Development: skipped', 'Test: TWeb01', 'Production: PWeb01'],
      // Its second action runs on the server on behalf of each target with the step's role, as in Octopus.
      32: [
        'Development: skipped',
        'Test: TWeb01, server on behalf of TWeb01',
        'Production: PWeb01, server on behalf of PWeb01',
      ],
      44: ['Development: skipped', 'Test: skipped', 'Production: server'],
    });
  });

  it('clicking opens that environment’s preview; the tooltip says why', () => {
    const { app } = editorWorkspace();
    const lens = getCodeLenses(app)[0];
    assert.deepEqual(lens.command!.arguments, [app.uri, 'Development']);
    assert.equal(lens.command!.command, 'stepwise.previewProcess');
    assert.match(lens.command!.tooltip!, /no target in Development has role web-server/);
  });

  it('environments come from the project’s lifecycle, in the space’s order', () => {
    const space = spaceDocument(
      'environments: [Dev, Test, Staging, Prod]\nlifecycles:\n  - name: Default\n    phases: [{ name: A, environments: [Prod, Test] }]\n  - name: All\n    phases: [{ name: A, environments: [Dev, Test, Staging, Prod] }]\n',
    );
    assert.deepEqual(lifecycleEnvironments(processDocument('project: x\n', { space }).project, space.space), [
      'Test',
      'Prod',
    ]);
    assert.deepEqual(
      lifecycleEnvironments(processDocument('project: x\nlifecycle: All\n', { space }).project, space.space),
      ['Dev', 'Test', 'Staging', 'Prod'],
    );
  });

  it('no lenses without a space that names environments', () => {
    assert.deepEqual(
      getCodeLenses(
        processDocument('project: x\nsteps:\n  - name: a\n    type: script\n    script: x\n', { space: null }),
      ),
      [],
    );
  });
});
