import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTemplate } from './parseTemplate';
import { collectReferences, containsTemplate, isLoopVariableReference } from './references';

function refs(text: string) {
  return collectReferences(parseTemplate(text).nodes).map((r) => ({
    name: r.name,
    at: text.slice(r.span.start, r.span.end),
    loops: r.loopVariables.join(','),
  }));
}

describe('collectReferences', () => {
  it('finds substitutions, filter inputs and nested filter options', () => {
    assert.deepEqual(refs('#{A} #{B | Replace #{C} x}'), [
      { name: 'A', at: 'A', loops: '' },
      { name: 'B', at: 'B', loops: '' },
      { name: 'C', at: 'C', loops: '' },
    ]);
  });

  it('finds condition operands on both sides and symbol indexers', () => {
    assert.deepEqual(refs('#{if Octopus.Step[#{S}].Status != Other | ToLower}x#{/if}'), [
      { name: 'Octopus.Step[#{S}].Status', at: 'Octopus.Step[#{S}].Status', loops: '' },
      { name: 'S', at: 'S', loops: '' },
      { name: 'Other', at: 'Other', loops: '' },
    ]);
  });

  it('prints the canonical name with text indexers', () => {
    assert.deepEqual(
      refs('#{ Octopus.Action[Step A].Output.X }').map((r) => r.name),
      ['Octopus.Action[Step A].Output.X'],
    );
  });

  it('records loop variables in scope; the collection is outside the loop', () => {
    const text = '#{each a in Actions}#{each r in a.Roles}#{r}#{/each}#{/each}#{after}';
    assert.deepEqual(refs(text), [
      { name: 'Actions', at: 'Actions', loops: '' },
      { name: 'a.Roles', at: 'a.Roles', loops: 'a' },
      { name: 'r', at: 'r', loops: 'a,r' },
      { name: 'after', at: 'after', loops: '' },
    ]);
    const [, roles, r, after] = collectReferences(parseTemplate(text).nodes);
    assert.equal(isLoopVariableReference(roles), true);
    assert.equal(isLoopVariableReference(r), true);
    assert.equal(isLoopVariableReference(after), false);
  });

  it('finds calc symbols, braced or not', () => {
    assert.deepEqual(
      refs('#{calc {The/Var} + Count * 2}').map((r) => r.name),
      ['The/Var', 'Count'],
    );
  });

  it('gives segment spans for each part', () => {
    const text = '#{Octopus.Action[Deploy].Output.Ok}';
    const [ref] = collectReferences(parseTemplate(text).nodes);
    assert.deepEqual(
      ref.segments.map((s) => `${s.kind}:${s.text}:${text.slice(s.span.start, s.span.end)}`),
      [
        'identifier:Octopus:Octopus',
        'identifier:Action:Action',
        'index:Deploy:[Deploy]',
        'identifier:Output:Output',
        'identifier:Ok:Ok',
      ],
    );
  });
});

describe('containsTemplate', () => {
  it('is a fast #{ check', () => {
    assert.equal(containsTemplate('plain # text'), false);
    assert.equal(containsTemplate('a #{b}'), true);
  });
});
