import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonCollection, PresentedJson } from './presentedJson';

describe('PresentedJson: list items served as cached JSON text', () => {
  it('presents an unchanged document once, a changed one again', () => {
    const cache = new PresentedJson<{ Id: string; Name: string }>((d) => ({ ...d, Links: { Self: `/x/${d.Id}` } }));
    const a = JSON.stringify({ Id: 'A-1', Name: 'a' });
    const b = JSON.stringify({ Id: 'B-1', Name: 'b' });
    for (let i = 0; i < 8; i++) {
      assert.equal(cache.text('A-1', a), '{"Id":"A-1","Name":"a","Links":{"Self":"/x/A-1"}}');
      cache.text('B-1', b);
    }
    assert.equal(cache.presented, 2, 'eight reads of two documents present each once');
    const renamed = JSON.stringify({ Id: 'A-1', Name: 'renamed' });
    assert.match(cache.text('A-1', renamed), /"Name":"renamed"/);
    assert.equal(cache.presented, 3);
  });

  it('stays within its bound', () => {
    const cache = new PresentedJson<{ n: number }>((d) => d, 4);
    for (let i = 0; i < 8; i++) cache.text(`K-${i}`, JSON.stringify({ n: i }));
    for (let i = 4; i < 8; i++) cache.text(`K-${i}`, JSON.stringify({ n: i }));
    assert.equal(cache.presented, 8, 'the newest four are still cached');
    cache.text('K-0', JSON.stringify({ n: 0 }));
    assert.equal(cache.presented, 9, 'the oldest was dropped');
  });

  it('writes an envelope around serialized items as valid JSON', () => {
    const text = jsonCollection({ ItemType: 'Project', TotalResults: 2, Links: { Self: '/p' } }, [
      '{"a":1}',
      '{"b":2}',
    ]);
    assert.deepEqual(JSON.parse(text), {
      ItemType: 'Project',
      TotalResults: 2,
      Links: { Self: '/p' },
      Items: [{ a: 1 }, { b: 2 }],
    });
    assert.deepEqual(JSON.parse(jsonCollection({ ItemType: 'Project' }, [])).Items, []);
  });
});
