import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateTemplate } from './evaluate';
import { VariableDictionary } from './variables';

describe('VariableDictionary', () => {
  it('looks names up case-insensitively, keeping the name as first written and the value set last', () => {
    const d = new VariableDictionary({ Greeting: 'Hello' });
    d.set('GREETING', 'Hi');
    assert.equal(d.getRaw('greeting'), 'Hi');
    assert.deepEqual(d.names(), ['Greeting']);
    assert.equal(evaluateTemplate('#{greeting}', d).result, 'Hi');
  });

  it('an overlay sees its base plus its overrides, in the order first set', () => {
    const base = new VariableDictionary({ A: '1', B: '2' });
    const overlay = VariableDictionary.overlay(base, [
      ['b', 'two'],
      ['C', '3'],
    ]);
    assert.deepEqual(overlay.names(), ['A', 'B', 'C']);
    assert.equal(overlay.size, 3);
    assert.equal(overlay.getRaw('B'), 'two');
    assert.equal(overlay.has('c'), true);
    assert.equal(evaluateTemplate('#{A}#{B}#{C}', overlay).result, '1two3');
  });

  it('setting a variable on an overlay never changes its base or a sibling overlay', () => {
    const base = new VariableDictionary({ Name: 'base', 'Octopus.Step.Name': 'Deploy' });
    const first = VariableDictionary.overlay(base, [['Extra', 'x']]);
    const second = VariableDictionary.overlay(base, []);
    first.set('Name', 'changed');
    first.set('octopus.step.name', 'Other');
    assert.equal(first.getRaw('Name'), 'changed');
    assert.equal(evaluateTemplate('#{Name} #{Octopus.Step.Name}', first).result, 'changed Other');
    assert.equal(base.getRaw('Name'), 'base');
    assert.equal(second.getRaw('Name'), 'base');
    assert.equal(evaluateTemplate('#{Name} #{Octopus.Step.Name}', base).result, 'base Deploy');
    assert.equal(evaluateTemplate('#{Name} #{Octopus.Step.Name}', second).result, 'base Deploy');
  });

  it('an overlay of an overlay resolves through both', () => {
    const base = new VariableDictionary({ A: 'a', 'P.Q': 'q' });
    const middle = VariableDictionary.overlay(base, [['P.R', 'r']]);
    const top = VariableDictionary.overlay(middle, [['A', 'top']]);
    assert.deepEqual(top.names(), ['A', 'P.Q', 'P.R']);
    assert.equal(evaluateTemplate('#{A} #{P.Q} #{P.R}', top).result, 'top q r');
    assert.equal(evaluateTemplate('#{A}', middle).result, 'a');
  });
});
