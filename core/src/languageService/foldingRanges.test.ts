import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processDocument } from '../../../test/support/serviceDocuments';
import { getFoldingRanges } from './foldingRanges';

describe('folding ranges', () => {
  it('entries that span lines, template blocks inside scripts, comment runs and regions', () => {
    const text = [
      '# A comment',
      '# over two lines',
      'project: x',
      'steps:',
      '  - name: Build', // 4
      '    type: script',
      '    script: |', // 6
      '      #{if Octopus.Deployment.Error}',
      '      echo failed',
      '      echo again',
      '      #{/if}',
      '      echo done',
      '# region extra',
      '# endregion',
      '',
    ].join('\n');
    const ranges = getFoldingRanges(processDocument(text, { space: null })).map(
      (r) => `${r.startLine}-${r.endLine}${r.kind ? ` ${r.kind}` : ''}`,
    );
    assert.deepEqual(ranges, ['0-1 comment', '3-11', '4-11', '6-11', '7-9 region', '12-13 region', '12-13 comment']);
  });
});
