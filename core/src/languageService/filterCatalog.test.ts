import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtInFilterNames } from '../template/filters/index';
import { TEMPLATE_KEYWORDS } from '../template/keywords';
import { FILTER_DOCS, TEMPLATE_KEYWORD_DOCS } from './filterCatalog';

describe('the filter and keyword docs follow the engine’s lists', () => {
  it('documents every built-in filter, by its documented name, and no other', () => {
    assert.deepEqual(FILTER_DOCS.map((f) => f.name).sort(), [...builtInFilterNames].sort());
  });

  it('documents every tag word but `in` (part of `#{each}`), and no other', () => {
    assert.deepEqual(Object.keys(TEMPLATE_KEYWORD_DOCS).sort(), TEMPLATE_KEYWORDS.filter((w) => w !== 'in').sort());
  });
});
