// Tokenizes process-file text with the grammar VS Code loads (vscode-textmate + oniguruma, as in the
// editor) and checks the scopes that themes colour.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertScope, loadGrammarHarness, type GrammarHarness } from './grammarHarness';

let harness: GrammarHarness;

before(async () => {
  harness = await loadGrammarHarness(
    new URL('./stepwise-process.tmLanguage.json', import.meta.url),
    'source.stepwise-process',
  );
});

const tokenize = (text: string) => harness.tokenize(text);
const scopesOf = (text: string, line: number, token: string, nth = 0) => harness.scopesOf(text, line, token, nth);

describe('YAML on its own', () => {
  it('scopes a key, its separator and a plain value', () => {
    const yaml = 'project: Hello World   # the project';
    assertScope(scopesOf(yaml, 0, 'project'), 'entity.name.tag.yaml');
    assertScope(scopesOf(yaml, 0, ':'), 'punctuation.separator.key-value.mapping.yaml');
    assertScope(scopesOf(yaml, 0, 'Hello World'), 'string.unquoted.plain.out.yaml');
    assertScope(scopesOf(yaml, 0, '#'), 'punctuation.definition.comment.yaml', 'comment.line.number-sign.yaml');
    assertScope(scopesOf(yaml, 0, ' the project'), 'comment.line.number-sign.yaml');
  });

  it('scopes keys after a sequence dash, keys with spaces and quoted keys', () => {
    const yaml = ['  - name: Deploy web', 'Release note: text', '"quoted\\tkey": 1'].join('\n');
    assertScope(scopesOf(yaml, 0, '-'), 'punctuation.definition.block.sequence.item.yaml');
    assertScope(scopesOf(yaml, 0, 'name'), 'entity.name.tag.yaml');
    assertScope(scopesOf(yaml, 1, 'Release note'), 'entity.name.tag.yaml');
    assertScope(scopesOf(yaml, 2, 'quoted'), 'entity.name.tag.yaml', 'string.quoted.double.yaml');
    assertScope(scopesOf(yaml, 2, '\\t'), 'constant.character.escape.yaml', 'entity.name.tag.yaml');
  });

  it('scopes quoted strings and their escapes', () => {
    const yaml = `a: "tab\\t quote\\" bad\\q"\nb: 'it''s'`;
    assertScope(scopesOf(yaml, 0, '"'), 'punctuation.definition.string.begin.yaml', 'string.quoted.double.yaml');
    assertScope(scopesOf(yaml, 0, '\\t'), 'constant.character.escape.yaml', 'string.quoted.double.yaml');
    assertScope(scopesOf(yaml, 0, '\\"'), 'constant.character.escape.yaml');
    assertScope(scopesOf(yaml, 0, '\\q'), 'invalid.illegal.escape.yaml');
    assertScope(scopesOf(yaml, 1, "''"), 'constant.character.escape.yaml', 'string.quoted.single.yaml');
    assertScope(scopesOf(yaml, 1, "'", 1), 'punctuation.definition.string.end.yaml');
  });

  it('scopes null, booleans and numbers only when they are the whole scalar', () => {
    const yaml = ['a: true', 'b: ~', 'c: -12', 'd: 2.5e3 # x', 'e: .inf', 'f: true story', 'g: 12abc'].join('\n');
    assertScope(scopesOf(yaml, 0, 'true'), 'constant.language.boolean.yaml');
    assertScope(scopesOf(yaml, 1, '~'), 'constant.language.null.yaml');
    assertScope(scopesOf(yaml, 2, '-12'), 'constant.numeric.integer.yaml');
    assertScope(scopesOf(yaml, 3, '2.5e3'), 'constant.numeric.float.yaml');
    assertScope(scopesOf(yaml, 4, '.inf'), 'constant.numeric.float.yaml');
    assertScope(scopesOf(yaml, 5, 'true story'), 'string.unquoted.plain.out.yaml');
    assertScope(scopesOf(yaml, 6, '12abc'), 'string.unquoted.plain.out.yaml');
  });

  it('scopes flow collections, their keys and separators', () => {
    const yaml = 'prompt: { label: Release note, required: true, envs: [Test, "Prod"] }';
    assertScope(scopesOf(yaml, 0, '{'), 'punctuation.definition.mapping.begin.yaml', 'meta.flow-mapping.yaml');
    assertScope(scopesOf(yaml, 0, 'label'), 'entity.name.tag.yaml', 'meta.flow-mapping.yaml');
    assertScope(scopesOf(yaml, 0, 'Release note'), 'string.unquoted.plain.in.yaml');
    assertScope(scopesOf(yaml, 0, ','), 'punctuation.separator.mapping.yaml');
    assertScope(scopesOf(yaml, 0, 'true'), 'constant.language.boolean.yaml');
    assertScope(scopesOf(yaml, 0, '['), 'punctuation.definition.sequence.begin.yaml', 'meta.flow-sequence.yaml');
    assertScope(scopesOf(yaml, 0, 'Test'), 'string.unquoted.plain.in.yaml', 'meta.flow-sequence.yaml');
    assertScope(scopesOf(yaml, 0, '}'), 'punctuation.definition.mapping.end.yaml');
  });

  it('scopes anchors, aliases, tags, document markers and directives', () => {
    const yaml = ['%YAML 1.2', '---', 'a: &base !!str v', 'b: *base', '...'].join('\n');
    assertScope(scopesOf(yaml, 0, 'YAML'), 'keyword.other.directive.yaml', 'meta.directive.yaml');
    assertScope(scopesOf(yaml, 1, '---'), 'entity.other.document.begin.yaml');
    assertScope(scopesOf(yaml, 2, 'base'), 'entity.name.type.anchor.yaml');
    assertScope(scopesOf(yaml, 2, '!!str'), 'storage.type.tag.yaml');
    assertScope(scopesOf(yaml, 3, 'base'), 'variable.other.alias.yaml');
    assertScope(scopesOf(yaml, 4, '...'), 'entity.other.document.end.yaml');
  });
});

describe('templates in quoted strings', () => {
  it('scopes the delimiters and the dotted parts of a variable name', () => {
    const yaml = 'subject: "#{Octopus.Project.Name} released"';
    assertScope(
      scopesOf(yaml, 0, '#{'),
      'punctuation.definition.template.begin.stepwise',
      'string.quoted.double.yaml',
      'meta.template.stepwise',
    );
    assertScope(scopesOf(yaml, 0, 'Octopus'), 'variable.other.stepwise', 'meta.template.stepwise');
    assertScope(scopesOf(yaml, 0, '.'), 'punctuation.accessor.stepwise');
    assertScope(scopesOf(yaml, 0, 'Name'), 'variable.other.stepwise');
    assertScope(scopesOf(yaml, 0, '}'), 'punctuation.definition.template.end.stepwise');
    assertScope(scopesOf(yaml, 0, ' released'), 'string.quoted.double.yaml');
    assertScope(scopesOf(yaml, 0, '"', 1), 'punctuation.definition.string.end.yaml');
  });

  it('scopes indexers, including one that holds a template', () => {
    const yaml = `x: '#{Octopus.Action[Deploy web].Output.Url} #{Octopus.Step[#{a.StepName}].Status}'`;
    assertScope(scopesOf(yaml, 0, '['), 'punctuation.section.brackets.begin.stepwise', 'string.quoted.single.yaml');
    assertScope(scopesOf(yaml, 0, 'Deploy web'), 'variable.other.index.stepwise');
    assertScope(scopesOf(yaml, 0, ']'), 'punctuation.section.brackets.end.stepwise');
    assertScope(scopesOf(yaml, 0, 'Output'), 'variable.other.stepwise');
    assertScope(scopesOf(yaml, 0, 'StepName'), 'variable.other.stepwise', 'variable.other.index.stepwise');
  });

  it('scopes filters and their arguments', () => {
    const yaml = [
      'a: "#{Name | Replace \\"-\\" \\"_\\" | ToUpper}"',
      'b: \'#{Note | Truncate 10 "..."}\'',
      'c: "#{ | NowDate}"',
    ].join('\n');
    assertScope(scopesOf(yaml, 0, '|'), 'keyword.operator.filter.stepwise', 'meta.template.stepwise');
    assertScope(scopesOf(yaml, 0, 'Replace'), 'support.function.filter.stepwise');
    assertScope(
      scopesOf(yaml, 0, '\\"'),
      'punctuation.definition.string.begin.stepwise',
      'string.quoted.double.stepwise',
    );
    assertScope(scopesOf(yaml, 0, '-'), 'string.quoted.double.stepwise');
    assertScope(scopesOf(yaml, 0, 'ToUpper'), 'support.function.filter.stepwise');
    assertScope(scopesOf(yaml, 0, '}'), 'punctuation.definition.template.end.stepwise');
    assertScope(scopesOf(yaml, 1, 'Truncate'), 'support.function.filter.stepwise');
    assertScope(scopesOf(yaml, 1, '10'), 'constant.numeric.stepwise');
    assertScope(scopesOf(yaml, 1, '...'), 'string.quoted.double.stepwise');
    assertScope(scopesOf(yaml, 2, 'NowDate'), 'support.function.filter.stepwise');
  });

  it('scopes if / elseif / else / closing tags and comparisons', () => {
    const yaml = 'body: "#{if Error}Failed#{elseif A | ToLower != \\"ok\\"}Odd#{else}Done#{/if}#{unless B}!#{/unless}"';
    assertScope(scopesOf(yaml, 0, 'if'), 'keyword.control.conditional.stepwise', 'meta.template.stepwise');
    assertScope(scopesOf(yaml, 0, 'Error'), 'variable.other.stepwise');
    assertScope(scopesOf(yaml, 0, 'Failed'), 'string.quoted.double.yaml');
    assertScope(scopesOf(yaml, 0, 'elseif'), 'keyword.control.conditional.stepwise');
    assertScope(scopesOf(yaml, 0, '!='), 'keyword.operator.comparison.stepwise');
    assertScope(scopesOf(yaml, 0, 'ok'), 'string.quoted.double.stepwise');
    assertScope(scopesOf(yaml, 0, 'else'), 'keyword.control.conditional.stepwise');
    assertScope(scopesOf(yaml, 0, '/if'), 'keyword.control.conditional.stepwise', 'meta.template.stepwise');
    assertScope(scopesOf(yaml, 0, 'unless'), 'keyword.control.conditional.stepwise');
    assertScope(scopesOf(yaml, 0, '/unless'), 'keyword.control.conditional.stepwise');
  });

  it('scopes each / in / closing each and calc', () => {
    const yaml = "x: '#{each a in Octopus.Action}#{a.Name}#{/each} #{calc {B}-2 * 0.5}'";
    assertScope(scopesOf(yaml, 0, 'each'), 'keyword.control.loop.stepwise', 'meta.template.stepwise');
    assertScope(scopesOf(yaml, 0, 'a'), 'variable.other.stepwise');
    assertScope(scopesOf(yaml, 0, 'in'), 'keyword.control.loop.stepwise');
    assertScope(scopesOf(yaml, 0, 'Action'), 'variable.other.stepwise');
    assertScope(scopesOf(yaml, 0, '/each'), 'keyword.control.loop.stepwise');
    assertScope(scopesOf(yaml, 0, 'calc'), 'keyword.other.calc.stepwise');
    assertScope(scopesOf(yaml, 0, 'B'), 'variable.other.stepwise');
    assertScope(scopesOf(yaml, 0, '-'), 'keyword.operator.arithmetic.stepwise');
    assertScope(scopesOf(yaml, 0, '0.5'), 'constant.numeric.stepwise');
  });

  it('scopes the ##{ escape as an escape, not a template', () => {
    const yaml = 'x: "##{Literal} and ###{Real}"';
    assertScope(scopesOf(yaml, 0, '##{'), 'constant.character.escape.stepwise', 'string.quoted.double.yaml');
    assertScope(scopesOf(yaml, 0, 'Literal} and '), 'string.quoted.double.yaml');
    assertScope(scopesOf(yaml, 0, '##'), 'constant.character.escape.stepwise');
    assertScope(scopesOf(yaml, 0, 'Real'), 'variable.other.stepwise', 'meta.template.stepwise');
  });

  it('does not let a half-typed template swallow the closing quote', () => {
    const yaml = 'a: "#{Foo"\nb: x';
    assertScope(scopesOf(yaml, 0, '#{Foo'), 'string.quoted.double.yaml');
    assertScope(scopesOf(yaml, 0, '"', 1), 'punctuation.definition.string.end.yaml');
    assertScope(scopesOf(yaml, 1, 'b'), 'entity.name.tag.yaml');
  });
});

describe('templates in unquoted values', () => {
  it('treats " #{X}" as a comment, as YAML does', () => {
    const yaml = 'script: echo #{Name}\nother: #{Name}';
    assertScope(scopesOf(yaml, 0, 'echo'), 'string.unquoted.plain.out.yaml');
    assertScope(scopesOf(yaml, 0, '#'), 'punctuation.definition.comment.yaml', 'comment.line.number-sign.yaml');
    assertScope(scopesOf(yaml, 0, '{Name}'), 'comment.line.number-sign.yaml');
    assertScope(scopesOf(yaml, 1, '{Name}'), 'comment.line.number-sign.yaml');
  });

  it('scopes a template that does not follow a space', () => {
    const yaml = 'dir: /opt/acme/#{Octopus.Environment.Name | ToLower}';
    assertScope(scopesOf(yaml, 0, '/opt/acme/'), 'string.unquoted.plain.out.yaml');
    assertScope(
      scopesOf(yaml, 0, '#{'),
      'punctuation.definition.template.begin.stepwise',
      'string.unquoted.plain.out.yaml',
    );
    assertScope(scopesOf(yaml, 0, 'Environment'), 'variable.other.stepwise');
    assertScope(scopesOf(yaml, 0, 'ToLower'), 'support.function.filter.stepwise');
  });
});

describe('block scalars', () => {
  const yaml = [
    'steps:', //                                                    0
    '  - name: Hello', //                                           1
    '    script: |-', //                                            2
    '      echo "#{Greeting} from #{Octopus.Machine.Name}"', //      3
    '', //                                                          4
    '      # not a comment: #{if Ready}go#{/if}', //                5
    '    type: script', //                                          6
  ].join('\n');

  it('scopes the header indicators', () => {
    assertScope(scopesOf(yaml, 2, '|'), 'keyword.control.flow.block-scalar.literal.yaml');
    assertScope(scopesOf(yaml, 2, '-'), 'storage.modifier.chomping-indicator.yaml');
    const folded = 'a: >2+ # note\n   text';
    assertScope(scopesOf(folded, 0, '>'), 'keyword.control.flow.block-scalar.folded.yaml');
    assertScope(scopesOf(folded, 0, '2'), 'constant.numeric.indentation-indicator.yaml');
    assertScope(scopesOf(folded, 0, '+'), 'storage.modifier.chomping-indicator.yaml');
    assertScope(scopesOf(folded, 0, ' note'), 'comment.line.number-sign.yaml');
    assertScope(scopesOf(folded, 1, 'text'), 'string.unquoted.block.yaml');
  });

  it('scopes templates on every line of the content, where # is text', () => {
    assertScope(scopesOf(yaml, 3, 'echo "'), 'string.unquoted.block.yaml');
    assertScope(scopesOf(yaml, 3, 'Greeting'), 'variable.other.stepwise', 'string.unquoted.block.yaml');
    assertScope(scopesOf(yaml, 3, 'Machine'), 'variable.other.stepwise', 'meta.template.stepwise');
    assertScope(scopesOf(yaml, 5, '# not a comment:'), 'string.unquoted.block.yaml');
    assertScope(scopesOf(yaml, 5, 'if'), 'keyword.control.conditional.stepwise', 'string.unquoted.block.yaml');
    assertScope(scopesOf(yaml, 5, '/if'), 'keyword.control.conditional.stepwise');
  });

  it('returns to YAML on the first less-indented line', () => {
    assertScope(scopesOf(yaml, 6, 'type'), 'entity.name.tag.yaml');
    assert.ok(!scopesOf(yaml, 6, 'type').some((s) => s.includes('block')));
    assertScope(scopesOf(yaml, 6, 'script'), 'string.unquoted.plain.out.yaml');
  });

  it('ends where the parent indentation resumes, even when the content is empty', () => {
    const list = ['steps:', '  - name: A', '    script: |', '  - name: B', '  - |', '    #{X}', '  - next'].join('\n');
    assertScope(scopesOf(list, 3, 'name'), 'entity.name.tag.yaml');
    assertScope(scopesOf(list, 5, 'X'), 'variable.other.stepwise', 'string.unquoted.block.yaml');
    assertScope(scopesOf(list, 6, 'next'), 'string.unquoted.plain.out.yaml');
    assertScope(scopesOf('a: |\nb: x', 1, 'b'), 'entity.name.tag.yaml');
  });

  it('scopes a block scalar elsewhere by the indentation of its first line', () => {
    const doc = ['--- |', '  doc #{Y}', 'top: x'].join('\n');
    assertScope(scopesOf(doc, 0, '|'), 'keyword.control.flow.block-scalar.literal.yaml');
    assertScope(scopesOf(doc, 1, 'Y'), 'variable.other.stepwise', 'string.unquoted.block.yaml');
    assertScope(scopesOf(doc, 2, 'top'), 'entity.name.tag.yaml');
  });
});

describe('the example process file from the format spec', () => {
  const spec = String.raw`project: Hello World                  # required
variables:
  Greeting: Hello
  ApiKey:
    sensitive: true
    value: "s3cr3t"
  ReleaseNote:
    prompt: { label: Release note, required: true }
steps:
  - name: Hello world
    roles: [web-server]
    condition: success
    script: |
      echo "#{Greeting} from #{Octopus.Machine.Name} in #{Octopus.Environment.Name}"

  - name: Approve production
    instructions: "Check release #{Octopus.Release.Number} before it goes out."
  - name: Deploy web app
    actions:
      - name: Deploy package
        features:
          custom-install-directory: /opt/acme/#{Octopus.Environment.Name}
      - name: Smoke test
        script: curl -fsS http://#{Octopus.Machine.Name}/health
  - name: Tell the team
    subject: "#{Octopus.Project.Name} #{Octopus.Release.Number} → #{Octopus.Environment.Name}"
    body: "#{if Octopus.Deployment.Error}Failed: #{Octopus.Deployment.Error}#{else}Done#{/if}"
    condition: always`;

  it('scopes every #{ as a template, has nothing invalid and ends back at the top level', () => {
    const { lines, endState } = tokenize(spec);
    const tokens = lines.flat();
    const openers = tokens.filter((t) => t.text.includes('#{'));
    assert.equal(openers.length, spec.split('#{').length - 1);
    for (const t of openers) assertScope(t.scopes, 'punctuation.definition.template.begin.stepwise');
    assert.deepEqual(
      tokens.filter((t) => t.scopes.some((s) => s.startsWith('invalid'))),
      [],
    );
    assert.deepEqual(
      harness.grammar.tokenizeLine('next: key', endState).tokens.map((t) => t.scopes.slice(1).join(' ')),
      ['entity.name.tag.yaml', 'punctuation.separator.key-value.mapping.yaml', '', 'string.unquoted.plain.out.yaml'],
    );
  });
});
