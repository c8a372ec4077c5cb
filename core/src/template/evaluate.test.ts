import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateTemplate, evaluateTruthy, isTruthy } from './evaluate';
import { VariableDictionary } from './variables';

function evaluate(template: string, variables: Record<string, string> = {}): string | null {
  return evaluateTemplate(template, variables).result;
}

describe('evaluateTemplate: lookup', () => {
  it('looks names up case-insensitively and evaluates values as templates', () => {
    assert.equal(
      evaluate('#{Greeting}, #{NAME}!', {
        greeting: 'Hello',
        name: '#{First} #{Last}',
        First: 'Ada',
        Last: 'Lovelace',
      }),
      'Hello, Ada Lovelace!',
    );
  });

  it('echoes a missing variable in normalised form with Octostache\u2019s error', () => {
    assert.deepEqual(evaluateTemplate('a #{ Missing | ToUpper } b #{Other}', {}), {
      result: 'a #{Missing | ToUpper} b #{Other}',
      errors: ["The following tokens were unable to be evaluated: '#{Missing | ToUpper}', '#{Other}'"],
    });
  });

  it('reads indexed variables, symbol indexers and [*]', () => {
    const vars = { 'Octopus.Action[Deploy web].Output.Url': 'https://web', Step: 'Deploy web' };
    assert.equal(evaluate('#{Octopus.Action[#{Step}].Output.Url}', vars), 'https://web');
    assert.equal(evaluate('#{Octopus.Action[*].Output.Url}', vars), 'https://web');
    assert.equal(evaluate('#{Octopus.Action[Deploy web]}', vars), 'Deploy web');
  });

  it('reads into JSON values; explicit variables win', () => {
    const vars = {
      Config: '{ "Db": { "Host": "sql01", "Port": 1433 }, Tags: ["a", "b"], Env: "json" }',
      'Config.Env': 'explicit',
    };
    assert.equal(
      evaluate('#{Config.Db.Host}:#{Config.Db.Port} #{Config.Tags[1]} #{Config.Db} #{Config.Env}', vars),
      'sql01:1433 b {"Host":"sql01","Port":1433} explicit',
    );
    assert.equal(evaluate('[#{Config.Nope}]', vars), '[]');
  });

  it('accepts a VariableDictionary and reuses its tree', () => {
    const dict = new VariableDictionary({ A: '1' });
    assert.equal(evaluateTemplate('#{a}', dict).result, '1');
    dict.set('a', '2');
    assert.equal(evaluateTemplate('#{A}', dict).result, '2');
  });

  it('returns a template without #{ untouched, and a broken one unchanged with an error', () => {
    assert.deepEqual(evaluateTemplate('plain ## text', {}), { result: 'plain ## text', errors: [] });
    const broken = evaluateTemplate('#{Foo', { Foo: 'x' });
    assert.equal(broken.result, '#{Foo');
    assert.deepEqual(broken.errors, ['Parsing failure: Unclosed `#{` — expected `}` (line 1, column 1)']);
  });

  it('keeps going past syntax errors with haltOnError: false', () => {
    const { result, errors } = evaluateTemplate('#{Foo #{Bar}', { Bar: 'ok' }, { haltOnError: false });
    assert.equal(result, '#{Foo ok');
    assert.equal(errors.length, 1);
  });
});

describe('evaluateTemplate: blocks', () => {
  it('chooses if / elseif / else branches and unless', () => {
    const t = '#{if Env == "Prod"}p#{elseif Env | ToLower == "test"}t#{else}o#{/if}#{unless Quiet} loud#{/unless}';
    assert.equal(evaluate(t, { Env: 'Prod' }), 'p loud');
    assert.equal(evaluate(t, { Env: 'TEST', Quiet: 'True' }), 't');
    assert.equal(evaluate(t, { Env: 'dev', Quiet: 'no' }), 'o loud');
  });

  it('iterates indexed variables, JSON and comma lists with Octopus.Template.Each.*', () => {
    const vars = { 'Server[A].Port': '80', 'Server[B].Port': '81', List: 'x,y', Json: '{"k1": 1, "k2": [2]}' };
    assert.equal(
      evaluate('#{each s in Server}#{s}:#{s.Port}#{unless Octopus.Template.Each.Last},#{/unless}#{/each}', vars),
      'A:80,B:81',
    );
    assert.equal(evaluate('#{each i in List}#{Octopus.Template.Each.Index}=#{i} #{/each}', vars), '0=x 1=y ');
    assert.equal(evaluate('#{each p in Json}#{p.Key}=#{p.Value};#{/each}', vars), 'k1=1;k2=[2];');
  });

  it('calculates with doubles', () => {
    assert.equal(evaluate('#{calc {Count}*1.5 + 1}', { Count: '3' }), '5.5');
    assert.equal(evaluate('#{calc 1/0}'), '∞');
    assert.equal(evaluate('#{calc Missing+1}'), '#{Missing+1}');
  });
});

describe('evaluateTemplate: filters', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['#{N | Format N2}', { N: '1234.5' }, '1,234.50'],
    // `#` is not allowed inside "…" options; \"…\" allows it.
    ['#{N | Format \\"#,##0.0\\"}', { N: '-1234.56' }, '-1,234.6'],
    ['#{N | Format Double E2}', { N: '12345' }, '1.23E+004'],
    ['#{N | Format Int X4}', { N: '255' }, '00FF'],
    ['#{D | Format "dddd d MMMM yyyy, h:mm tt"}', { D: '2030-05-22T21:05:00' }, 'Wednesday 22 May 2030, 9:05 PM'],
    ['#{D | AddDays -1}', { D: '2030-03-01 00:00:00' }, '2030-02-28T00:00:00.0000000'],
    ['#{S | Replace "(\\w+)@(\\w+)" "$2 at $1"}', { S: 'ada@example' }, 'example at ada'],
    ['#{S | Replace "o$" 0}', { S: 'foo\n' }, 'fo0\n'],
    ['#{S | Truncate 3 "…"}', { S: 'abcdef' }, 'abc…'],
    ['#{S | Indent 2/4}', { S: 'a\nb' }, '  a\n    b'],
    ['#{S | UriPart Port}', { S: 'https://x.example/a?b' }, '443'],
    // .NET: HostAndPort (GetComponents with StrongPort) names the scheme's default port; Authority,
    // SchemeAndServer and IsDefaultPort treat an explicit default port as no port.
    ['#{S | UriPart HostAndPort}', { S: 'https://octopus.com/docs' }, 'octopus.com:443'],
    ['#{S | UriPart HostAndPort}', { S: 'https://octopus.com:8443/docs' }, 'octopus.com:8443'],
    ['#{S | UriPart HostAndPort}', { S: 'custom://octopus.com/docs' }, 'octopus.com'],
    ['#{S | UriPart Authority}', { S: 'https://octopus.com/docs' }, 'octopus.com'],
    ['#{S | UriPart Authority}', { S: 'https://user@octopus.com:8443/docs' }, 'octopus.com:8443'],
    ['#{S | UriPart Authority}', { S: 'gopher://octopus.com:70/docs' }, 'octopus.com'],
    ['#{S | UriPart SchemeAndServer}', { S: 'https://user@octopus.com:443/docs' }, 'https://octopus.com'],
    ['#{S | UriPart IsDefaultPort}', { S: 'gopher://octopus.com:70/docs' }, 'true'],
    ['#{S | UriPart IsDefaultPort}', { S: 'http://octopus.com:8080/' }, 'false'],
    ['#{S | Sha256 8}', { S: 'abc' }, 'ba7816bf8f01cfea'],
    ['#{V | VersionPreReleasePrefix}', { V: '2.0.0-beta.4' }, 'beta'],
    ['#{S | Markdown}', { S: '**bold** and `code`' }, '<p><strong>bold</strong> and <code>code</code></p>\n'],
  ];
  for (const [template, vars, expected] of cases) {
    it(`${template} → ${JSON.stringify(expected)}`, () => assert.equal(evaluate(template, vars), expected));
  }

  it('makes the whole result null with the null filter', () => {
    assert.deepEqual(evaluateTemplate('a#{ | null}b', {}), { result: null, errors: [] });
  });

  it('uses custom filters and the injected clock', () => {
    const filters = { Shout: (arg: string | null) => (arg === null ? null : arg.toUpperCase() + '!') };
    assert.equal(evaluateTemplate('#{Name | shout}', { Name: 'hi' }, { filters }).result, 'HI!');
    const now = () => new Date(Date.UTC(2030, 0, 2, 3, 4, 5));
    assert.equal(evaluateTemplate('#{ | NowDateUtc yyyy-MM-dd}', {}, { now }).result, '2030-01-02');
  });
});

describe('evaluateTruthy', () => {
  it('is true only without errors and for a truthy result', () => {
    assert.equal(evaluateTruthy('#{A}', { A: 'yes' }), true);
    assert.equal(evaluateTruthy('#{A}', { A: ' False ' }), false);
    assert.equal(evaluateTruthy('#{Missing}', {}), false);
    assert.deepEqual(['', '0', 'no', 'FALSE', ' 0', 'off', 'null'].map(isTruthy), [
      false,
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });
});

describe('evaluateTemplate: recursion and limits', () => {
  it('reports a self-referencing variable with Octostache\u2019s message', () => {
    const { result, failure } = evaluateTemplate('#{A}', { A: 'x#{B}', B: '#{C}', C: '#{A}' });
    assert.equal(result, null);
    assert.equal(failure?.kind, 'recursion');
    assert.match(
      failure!.message,
      /^An attempt to parse the variable symbol "A" appears to have resulted in a self referencing loop \(A -> B -> C -> A\)/,
    );
  });

  it('stops a very deep chain of variables', () => {
    const vars: Record<string, string> = { V0: 'end' };
    for (let i = 1; i <= 5000; i++) vars[`V${i}`] = `#{V${i - 1}}`;
    const { result, failure } = evaluateTemplate('#{V5000}', vars);
    assert.equal(result, null);
    assert.equal(failure?.kind, 'limit');
    assert.match(failure!.message, /nested more than 200 levels/);
  });

  // The limit's message shows where evaluation stopped; the timeouts only end a hang.
  it('stops a 100,000-item #{each} at the iteration limit', { timeout: 60_000 }, () => {
    const { failure } = evaluateTemplate('#{each i in Items}#{i}#{/each}', {
      Items: Array.from({ length: 100_000 }, (_, i) => i).join(','),
    });
    assert.match(failure!.message, /more than 10000 #\{each\} iterations/);
  });

  it('stops exponential expansion by output size', { timeout: 60_000 }, () => {
    const vars: Record<string, string> = { A0: 'xxxxxxxxxx' };
    for (let i = 1; i <= 40; i++) vars[`A${i}`] = `#{A${i - 1}}#{A${i - 1}}`;
    const { failure } = evaluateTemplate('#{A40}', vars, { limits: { maxOutputLength: 100_000 } });
    assert.match(failure!.message, /longer than 100000 characters/);
  });

  it('stops exponential work that keeps the output small', { timeout: 60_000 }, () => {
    const vars: Record<string, string> = { A0: 'x' };
    for (let i = 1; i <= 40; i++) vars[`A${i}`] = `#{A${i - 1} | Substring 1}#{A${i - 1} | Substring 0}`;
    const { failure } = evaluateTemplate('#{A40}', vars);
    assert.match(failure!.message, /more than 1000000 evaluation steps/);
  });
});
