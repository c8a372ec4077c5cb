import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertGrowsLinearly } from '../../../test/support/growth';
import type { ConditionalNode, FilterChain, RepetitionNode, SubstitutionNode, TemplateNode } from './ast';
import { MAX_BLOCK_DEPTH, parseTemplate } from './parseTemplate';

/** The source text a span covers, to assert spans readably. */
function at(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}

function messages(text: string): string[] {
  return parseTemplate(text).errors.map((e) => `${e.message} @ ${at(text, e.span)}`);
}

function textOf(nodes: TemplateNode[]): string {
  return nodes.map((n) => (n.kind === 'text' ? n.value : `<${n.kind}>`)).join('');
}

describe('parseTemplate: substitutions and symbols', () => {
  it('gives every identifier and indexer its exact span', () => {
    const text = 'Go #{Octopus.Action[Step A].Output.X} now';
    const { nodes, errors } = parseTemplate(text);
    assert.deepEqual(errors, []);
    const sub = nodes[1] as SubstitutionNode;
    assert.equal(at(text, sub.span), '#{Octopus.Action[Step A].Output.X}');
    assert.equal(sub.expression.kind, 'symbol');
    if (sub.expression.kind !== 'symbol') return;
    assert.deepEqual(
      sub.expression.segments.map((s) => at(text, s.span)),
      ['Octopus', 'Action', '[Step A]', 'Output', 'X'],
    );
  });

  it('keeps inner spaces of a name and trims the outer ones', () => {
    const text = '#{  Foo Bar Jazz  }';
    const sub = parseTemplate(text).nodes[0] as SubstitutionNode;
    assert.equal(
      sub.expression.kind === 'symbol' &&
        sub.expression.segments[0].kind === 'identifier' &&
        sub.expression.segments[0].name,
      'Foo Bar Jazz',
    );
    assert.equal(at(text, sub.expression.span), 'Foo Bar Jazz');
  });

  it('accepts the identifier punctuation _ - : / ~ ( ) @', () => {
    for (const name of ['a/b', 'a~b', '(abc)', '@a', 'B-2', 'x:y_z']) {
      const { nodes, errors } = parseTemplate(`#{${name}}`);
      assert.deepEqual(errors, [], name);
      const sub = nodes[0] as SubstitutionNode;
      assert.equal(sub.expression.kind === 'symbol' && sub.expression.segments.length, 1, name);
    }
  });

  it('parses nested text indexers and symbol indexers', () => {
    const text = '#{Package[containers[0].container].Registry} #{Location[#{Continent}]}';
    const { nodes, errors } = parseTemplate(text);
    assert.deepEqual(errors, []);
    const first = (nodes[0] as SubstitutionNode).expression;
    assert.ok(first.kind === 'symbol');
    const index = first.segments[1];
    assert.ok(index.kind === 'index' && index.index.kind === 'text');
    assert.equal(index.index.text, 'containers[0].container');
    const second = (nodes[2] as SubstitutionNode).expression;
    assert.ok(second.kind === 'symbol');
    const symbolIndex = second.segments[1];
    assert.ok(symbolIndex.kind === 'index' && symbolIndex.index.kind === 'symbol');
    assert.equal(at(text, symbolIndex.span), '[#{Continent}]');
    assert.equal(at(text, symbolIndex.index.symbol.span), 'Continent');
  });

  it('treats [] as an empty index key', () => {
    const sub = parseTemplate('#{Octopus.Action[].Name}').nodes[0] as SubstitutionNode;
    assert.ok(sub.expression.kind === 'symbol');
    const index = sub.expression.segments[2];
    assert.ok(index.kind === 'index' && index.index.kind === 'text' && index.index.text === '');
  });
});

describe('parseTemplate: filters', () => {
  it('parses filter names, bare, quoted, escaped and nested options', () => {
    const text = '#{Foo | Replace "a b" #{x}#{y} | Indent \\"# \\" | ToUpper}';
    const { nodes, errors } = parseTemplate(text);
    // A nested #{..} option cannot be followed by another filter (Octostache quirk).
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /cannot be followed by another filter/);

    const ok = '#{Foo | Indent \\"# \\" | Replace "a b" #{x}#{y}}';
    const parsed = parseTemplate(ok);
    assert.deepEqual(parsed.errors, []);
    const chain = (parsed.nodes[0] as SubstitutionNode).expression as FilterChain;
    assert.deepEqual(
      chain.filters.map((f) => f.name),
      ['Indent', 'Replace'],
    );
    assert.deepEqual(
      chain.filters.map((f) => at(ok, f.nameSpan)),
      ['Indent', 'Replace'],
    );
    assert.deepEqual(
      chain.filters[1].options.map((o) =>
        o.kind === 'literal' ? `${o.style}:${o.value}` : `template:${at(ok, o.span)}`,
      ),
      ['quoted:a b', 'template:#{x}', 'template:#{y}'],
    );
    assert.deepEqual(
      chain.filters[0].options.map((o) => o.kind === 'literal' && o.value),
      ['# '],
    );
    void nodes;
  });

  it('allows a filter chain without input symbol', () => {
    const chain = (parseTemplate('#{ | NowDate}').nodes[0] as SubstitutionNode).expression as FilterChain;
    assert.equal(chain.input, null);
    assert.equal(chain.filters[0].name, 'NowDate');
  });

  it('rejects `#` inside "quoted" options', () => {
    assert.equal(parseTemplate('#{foo | Indent "# "}').errors.length, 1);
  });
});

describe('parseTemplate: text and escapes', () => {
  const cases: [string, string][] = [
    ['##{foo}', '#{foo}'],
    ['# ## ###', '# ## ###'],
    ['###### hello', '###### hello'],
    ['####### world', '####### world'],
    ['a#', 'a#'],
    ['#x', '#x'],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${JSON.stringify(input)} as the text ${JSON.stringify(expected)}`, () => {
      const { nodes, errors } = parseTemplate(input);
      assert.deepEqual(errors, []);
      assert.equal(textOf(nodes), expected);
      assert.equal(nodes.length, 1);
    });
  }

  it('reads ###{x} as # followed by a substitution', () => {
    const text = '###{x}';
    const { nodes } = parseTemplate(text);
    assert.equal(textOf(nodes), '#<substitution>');
    assert.equal(at(text, nodes[1].span), '#{x}');
  });
});

describe('parseTemplate: blocks', () => {
  it('parses if / elseif / else, desugaring elseif into a nested conditional', () => {
    const text = '#{if A}a#{elseif B == "b"}b#{else}c#{/if}';
    const { nodes, errors } = parseTemplate(text);
    assert.deepEqual(errors, []);
    const outer = nodes[0] as ConditionalNode;
    assert.equal(at(text, outer.span), text);
    assert.equal(at(text, outer.openSpan), '#{if A}');
    assert.equal(at(text, outer.closeSpan!), '#{/if}');
    const inner = outer.elseBody[0] as ConditionalNode;
    assert.equal(inner.elseIf, true);
    assert.equal(at(text, inner.openSpan), '#{elseif B == "b"}');
    assert.ok(inner.condition.kind === 'comparison' && inner.condition.operator === '==');
    assert.equal(textOf(inner.elseBody), 'c');
    assert.equal(at(text, inner.elseSpan!), '#{else}');
  });

  it('parses unless with string comparison on either side', () => {
    for (const text of ['#{unless X != "a"}y#{/unless}', '#{unless "a" != X | ToLower}y#{/unless}']) {
      const { nodes, errors } = parseTemplate(text);
      assert.deepEqual(errors, [], text);
      const node = nodes[0] as ConditionalNode;
      assert.equal(node.keyword, 'unless');
      assert.equal(node.condition.kind, 'comparison');
    }
  });

  it('parses each with the loop variable span', () => {
    const text = '#{each  item  in  Octopus.Action }[#{item.Name}]#{/each}';
    const { nodes, errors } = parseTemplate(text);
    assert.deepEqual(errors, []);
    const each = nodes[0] as RepetitionNode;
    assert.equal(each.variable.name, 'item');
    assert.equal(at(text, each.variable.span), 'item');
    assert.equal(at(text, each.collection.span), 'Octopus.Action');
    assert.equal(textOf(each.body), '[<substitution>]');
  });

  it('matches keywords case-insensitively but closing tags exactly', () => {
    assert.deepEqual(messages('#{IF x}y#{/if}'), []);
    assert.deepEqual(messages('#{Each a in B}#{/each}'), []);
    assert.deepEqual(messages('#{if x}y#{/IF}'), [
      'Unexpected `#{/IF}` — only `#{/if}`, `#{/unless}` and `#{/each}` close a block @ #{/IF}',
      '`#{if x}` has no matching `#{/if}` @ #{if x}',
    ]);
  });

  it('parses calc with precedence, braces and symbols', () => {
    const text = '#{calc {B}-2*(A+3)/IP[x]}';
    const { nodes, errors } = parseTemplate(text);
    assert.deepEqual(errors, []);
    assert.equal(nodes[0].kind, 'calculation');
    if (nodes[0].kind !== 'calculation') return;
    const e = nodes[0].expression;
    assert.ok(e.kind === 'binary' && e.operator === '-');
    assert.ok(e.right.kind === 'binary' && e.right.operator === '/');
  });
});

describe('parseTemplate: errors are precise and parsing continues', () => {
  const cases: [string, string[]][] = [
    ['#{Foo', ['Unclosed `#{` — expected `}` @ #{']],
    ['#{Fo[o} #{Bar}', ['Unclosed `[` — expected `]` @ [']],
    ['#{if Ready}x', ['`#{if Ready}` has no matching `#{/if}` @ #{if Ready}']],
    ['a#{/each}b', ['Unexpected `#{/each}` — there is no open `#{each}` to close @ #{/each}']],
    ['#{unless A}a#{elseif B}b#{/unless}', ['`#{elseif}` is not allowed inside `#{unless}` @ #{elseif B}']],
    ['#{else}', ['Unexpected `#{else}` — it must be inside `#{if}` or `#{unless}` @ #{else}']],
    ['#{if A}#{else}#{else}#{/if}', ['`#{if A}` already has an `#{else}` @ #{else}']],
    ['#{ }', ['Empty `#{}` — expected a variable name @ #{ }']],
    ['#{each a in B}#{if C}#{/each}', ['`#{if C}` has no matching `#{/if}` @ #{if C}']],
    // Each thing expected is named once, however many ways of parsing expected it.
    [
      '#{if a ! b}x#{/if}',
      [
        'Unexpected `!` in `#{…}` — expected `}` or `|` @ !',
        'Unexpected `#{/if}` — there is no open `#{if}` to close @ #{/if}',
      ],
    ],
    ['#{calc a ! b}', ['Unexpected `!` in `#{…}` — expected an operator, `}` or `|` @ !']],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text), () => assert.deepEqual(messages(text), expected));
  }

  it('still finds references after an error', () => {
    const text = '#{Broken[ #{Good} #{if X}#{Also}';
    const { nodes } = parseTemplate(text);
    const subs = JSON.stringify(nodes);
    assert.match(subs, /"name":"Good"/);
    assert.match(subs, /"name":"Also"/);
  });

  it('closes an each whose inner if is unclosed, keeping the body', () => {
    const { nodes } = parseTemplate('#{each a in B}#{if C}x#{/each}after');
    const each = nodes[0] as RepetitionNode;
    assert.ok(each.closeSpan);
    assert.equal(each.body[0].kind, 'conditional');
    assert.equal(textOf(nodes.slice(1)), 'after');
  });
});

describe('parseTemplate: bounded on big and hostile input', () => {
  // Guards against hangs and quadratic blow-ups, not speed targets (those are measured in
  // bench/): growth in CPU time between n and 8n, which a loaded machine does not distort.
  const tokens = (size: number) => {
    const prose = 'Deploys the web tier # then ## the workers, one at a time.\n'.repeat(3);
    const chunk = prose + 'Url: #{Octopus.Action[Step A].Output.Value | ToLower} #{if Ready}#{Name}#{/if}\n';
    return chunk.repeat(Math.ceil(size / chunk.length));
  };

  it('parses thousands of tokens in linear time', () => {
    const parsed = parseTemplate(tokens(2_000_000));
    assert.deepEqual(parsed.errors, []);
    assert.ok(parsed.nodes.length > 10_000);
    assertGrowsLinearly(tokens, parseTemplate, { n: 250_000 });
  });

  it('parses unclosed `#{` in linear time, with an error for each', () => {
    const unclosed = (count: number) => '#{a[b '.repeat(count);
    assert.equal(parseTemplate(unclosed(5_000)).errors.length, 5_000);
    assertGrowsLinearly(unclosed, parseTemplate, { n: 5_000 });
  });

  it('caps block nesting with one error instead of overflowing', () => {
    const text = '#{if a}'.repeat(10_000) + 'x' + '#{/if}'.repeat(10_000);
    const { errors, nodes } = parseTemplate(text);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, new RegExp(`more than ${MAX_BLOCK_DEPTH} deep`));
    let depth = 0;
    let node: TemplateNode | undefined = nodes[0];
    while (node && node.kind === 'conditional') {
      depth++;
      node = node.body.find((n) => n.kind === 'conditional');
    }
    assert.equal(depth, MAX_BLOCK_DEPTH);
  });

  it('caps nested indexers', () => {
    const text = '#{a' + '['.repeat(50_000) + ']'.repeat(50_000) + '}';
    const { errors } = parseTemplate(text);
    assert.ok(errors.length >= 1);
  });

  it('caps nested symbol indexers and filter options', () => {
    let text = 'x';
    for (let i = 0; i < 5_000; i++) text = `#{a[${text}]}`;
    assert.doesNotThrow(() => parseTemplate(text));
    let opts = '#{x}';
    for (let i = 0; i < 5_000; i++) opts = `#{a | Append ${opts}}`;
    assert.doesNotThrow(() => parseTemplate(opts));
  });
});
