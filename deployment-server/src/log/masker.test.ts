import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Masker } from './masker';

describe('Masker', () => {
  it('masks every occurrence of every sensitive value, longest first', () => {
    const masker = new Masker(['abc', 'abcdef', 'a+b(c)']);
    assert.equal(masker.mask('x abcdef y abc z a+b(c)'), 'x ******** y ******** z ********');
  });

  it('ignores empty and blank values, masks multi-line secrets line by line too', () => {
    const masker = new Masker(['', '   ']);
    assert.equal(masker.mask('a b'), 'a b');
    masker.add('-----BEGIN KEY-----\nAAAA1234\n-----END KEY-----');
    assert.equal(masker.mask('line AAAA1234'), 'line ********');
  });
});
