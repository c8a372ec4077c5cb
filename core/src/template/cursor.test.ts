import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateCursorAt, templateElementAt, tokenStartAt, type TemplateElement } from './cursor';
import { parseTemplate } from './parseTemplate';

/** The cursor at the end of `text`, or at the `|` marker in it. */
function cursorIn(marked: string) {
  const at = marked.indexOf('|¦');
  const value = at >= 0 ? marked.replace('|¦', '') : marked;
  return templateCursorAt(value, at >= 0 ? at : value.length);
}

/** What sits at the `¦` marker of a complete template. */
function elementIn(marked: string): TemplateElement | undefined {
  const at = marked.indexOf('¦');
  const value = marked.replace('¦', '');
  return templateElementAt(parseTemplate(value).nodes, at);
}

describe('the cursor while typing a template (templateCursorAt)', () => {
  it('in a variable name: the path typed so far and the whole name it replaces', () => {
    assert.deepEqual(cursorIn('echo #{Octopus.Env'), {
      kind: 'symbol',
      partial: 'Octopus.Env',
      replace: { start: 7, end: 18 },
      atTokenStart: true,
      loopVariables: [],
      openBlocks: [],
      closed: false,
    });
    const inside = cursorIn('#{Na|¦me}');
    assert.equal(inside?.kind, 'symbol');
    assert.deepEqual(inside?.kind === 'symbol' && [inside.partial, inside.replace, inside.closed], [
      'Na',
      { start: 2, end: 6 },
      true,
    ]);
  });

  it('in an index: the step name typed inside Octopus.Action[…]', () => {
    assert.deepEqual(cursorIn('#{Octopus.Action[Dep'), {
      kind: 'stepIndex',
      partial: 'Dep',
      replace: { start: 17, end: 20 },
      bracketClosed: false,
    });
    const closed = cursorIn('#{Octopus.Step[De|¦ploy].Status}');
    assert.deepEqual(closed, {
      kind: 'stepIndex',
      partial: 'De',
      replace: { start: 15, end: 21 },
      bracketClosed: true,
    });
    assert.equal(cursorIn('#{Other[Dep'), undefined);
  });

  it('after `|`: a filter name', () => {
    assert.deepEqual(cursorIn('#{A | '), { kind: 'filter', partial: '', replace: { start: 6, end: 6 } });
    assert.deepEqual(cursorIn('#{A | Form'), { kind: 'filter', partial: 'Form', replace: { start: 6, end: 10 } });
    // A `|` inside an index or a string is no filter bar.
    assert.notEqual(cursorIn('#{A["x|y"].B')?.kind, 'filter');
    assert.notEqual(cursorIn('#{A[x|y].B')?.kind, 'filter');
  });

  it('in filter arguments: which filter, which argument', () => {
    assert.deepEqual(cursorIn('#{A | Format yy'), {
      kind: 'filterOption',
      filter: 'Format',
      optionIndex: 0,
      partial: 'yy',
      replace: { start: 13, end: 15 },
    });
    assert.equal((cursorIn('#{A | Replace a b') as { optionIndex: number }).optionIndex, 1);
  });

  it('after `#{if`, `#{unless`, `#{elseif`, `#{calc` and `#{each x in`: an expression, not a keyword', () => {
    for (const [text, partial] of [
      ['#{if Fo', 'Fo'],
      ['#{unless Fo', 'Fo'],
      ['#{if A}#{elseif Fo', 'Fo'],
      ['#{IF A == Fo', 'Fo'],
      ['#{calc 1 + X', 'X'],
      ['#{each x in Ser', 'Ser'],
    ]) {
      const cursor = cursorIn(text);
      assert.equal(cursor?.kind, 'symbol', text);
      assert.equal(cursor?.kind === 'symbol' && cursor.partial, partial, text);
      assert.equal(cursor?.kind === 'symbol' && cursor.atTokenStart, false, text);
    }
    // Naming the loop variable: nothing to complete.
    assert.equal(cursorIn('#{each x'), undefined);
    assert.equal(cursorIn('#{each x i'), undefined);
  });

  it('in a closing tag: the blocks still open', () => {
    assert.deepEqual(cursorIn('#{if A}#{each x in B}#{/'), {
      kind: 'closer',
      partial: '/',
      replace: { start: 23, end: 24 },
      openBlocks: ['if', 'each'],
      closed: false,
    });
  });

  it('in an escaped `##{`: not a template; `###{` is `#` and then one', () => {
    assert.equal(cursorIn('##{Na'), undefined);
    assert.equal(cursorIn('a ##{b} ##{Na'), undefined);
    assert.equal(cursorIn('###{Na')?.kind, 'symbol');
    assert.equal(cursorIn('##{a} #{Na')?.kind, 'symbol');
  });

  it('where the parser puts the token: calc braces and `#{` inside an escaped-quoted option', () => {
    // calc's `{A}` closes no token.
    const calc = cursorIn('#{calc {A} + B');
    assert.equal(calc?.kind === 'symbol' && calc.partial, 'B');
    // `\"#{x\"` is a string option of the outer token, not a token of its own.
    const inString = cursorIn('#{A | Replace \\"#{x|¦\\" y}');
    assert.equal(inString?.kind === 'filterOption' && inString.filter, 'Replace');
    assert.equal(tokenStartAt('#{A | Replace \\"#{x\\" y}', 19), 0);
  });

  it('in an unclosed `#{`, and not after a closed one or on a later line', () => {
    assert.equal(cursorIn('a #{Na')?.kind, 'symbol');
    assert.equal(cursorIn('#{A}#{B} x'), undefined);
    assert.equal(cursorIn('#{A\nB'), undefined);
  });

  it('in nested templates: the innermost open `#{`, with the loops around it', () => {
    const inner = cursorIn('#{A[#{B');
    assert.equal(inner?.kind === 'symbol' && inner.partial, 'B');
    assert.deepEqual(inner?.kind === 'symbol' && inner.replace, { start: 6, end: 7 });
    const inLoop = cursorIn('#{each s in Servers}#{if s.On}#{s.');
    assert.deepEqual(inLoop?.kind === 'symbol' && [inLoop.partial, inLoop.loopVariables, inLoop.openBlocks], [
      's.',
      [{ name: 's', collection: 'Servers' }],
      ['each', 'if'],
    ]);
  });
});

describe('what is at an offset of a parsed template (templateElementAt)', () => {
  it('a variable name: the reference and the segment under the cursor', () => {
    const found = elementIn('#{A.¦B}');
    assert.equal(found?.kind, 'reference');
    assert.equal(found?.kind === 'reference' && found.segmentIndex, 1);
  });

  it('an index: the reference inside it', () => {
    const found = elementIn('#{A[#{¦B}]}');
    assert.equal(found?.kind === 'reference' && found.symbol.segments.length, 1);
    assert.equal(found?.kind === 'reference' && found.symbol.span.start, 6);
  });

  it('a filter name after `|`', () => {
    const found = elementIn('#{A | To¦Upper}');
    assert.equal(found?.kind === 'filter' && found.filter.name, 'ToUpper');
  });

  it('a template in filter arguments', () => {
    const found = elementIn('#{A | Replace #{¦B} c}');
    assert.equal(
      found?.kind === 'reference' && found.symbol.segments[0].kind === 'identifier' && found.symbol.segments[0].name,
      'B',
    );
  });

  it('keywords of `#{if}` and `#{each}`, their closers, and the loop variable', () => {
    assert.deepEqual(elementIn('#{i¦f X}y#{/if}'), { kind: 'keyword', keyword: 'if', span: { start: 2, end: 4 } });
    assert.deepEqual(elementIn('#{if X}y#{/i¦f}'), { kind: 'keyword', keyword: '/if', span: { start: 8, end: 14 } });
    assert.equal((elementIn('#{e¦ach i in L}#{i}#{/each}') as { keyword: string }).keyword, 'each');
    assert.equal(elementIn('#{each ¦i in L}#{i}#{/each}')?.kind, 'loopVariable');
    const inBody = elementIn('#{each i in L}#{¦i.N}#{/each}');
    assert.deepEqual(inBody?.kind === 'reference' && inBody.loopVariables, ['i']);
  });

  it('nothing in text, in an escaped `##{`, or in an unclosed `#{`', () => {
    assert.equal(elementIn('ab¦c #{A}'), undefined);
    assert.equal(elementIn('##{¦A}'), undefined);
    assert.equal(elementIn('#{¦A'), undefined);
  });
});
