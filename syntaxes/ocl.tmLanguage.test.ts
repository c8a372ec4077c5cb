// Tokenizes OCL text with the grammar VS Code loads for `.ocl` files (vscode-textmate + oniguruma, as in
// the editor) and checks the scopes that themes colour.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { assertScope, loadGrammarHarness, type GrammarHarness, type Token } from './grammarHarness';

const samplesFolder = new URL('../core/src/ocl/testdata/samples/', import.meta.url);
let harness: GrammarHarness;

before(async () => {
  harness = await loadGrammarHarness(new URL('./ocl.tmLanguage.json', import.meta.url), 'source.stepwise-ocl');
});

const tokenize = (text: string): Token[][] => harness.tokenize(text).lines;
const scopesOf = (text: string, line: number, token: string, nth = 0) => harness.scopesOf(text, line, token, nth);

describe('OCL grammar', () => {
  it('scopes blocks, labels and attributes', () => {
    const ocl = [
      'step "deploy-web" {',
      '    name = "Deploy web"',
      '',
      '    action {',
      '        is_required = true',
      '    }',
      '}',
    ].join('\n');
    assertScope(scopesOf(ocl, 0, 'step'), 'entity.name.type.block.ocl', 'meta.block.ocl');
    assertScope(scopesOf(ocl, 0, 'deploy-web'), 'entity.name.label.ocl', 'string.quoted.double.label.ocl');
    assertScope(scopesOf(ocl, 0, '{'), 'punctuation.section.block.begin.ocl');
    assertScope(scopesOf(ocl, 1, 'name'), 'variable.other.property.ocl', 'meta.block.ocl');
    assertScope(scopesOf(ocl, 1, '='), 'keyword.operator.assignment.ocl');
    assertScope(scopesOf(ocl, 1, 'Deploy web'), 'string.quoted.double.ocl');
    assertScope(scopesOf(ocl, 3, 'action'), 'entity.name.type.block.ocl');
    assertScope(scopesOf(ocl, 4, 'true'), 'constant.language.ocl');
    assertScope(scopesOf(ocl, 5, '}'), 'punctuation.section.block.end.ocl');
    assertScope(scopesOf(ocl, 6, '}'), 'punctuation.section.block.end.ocl');
  });

  it('scopes numbers, arrays, escapes and dictionaries with dotted bare keys', () => {
    const ocl = [
      'x = 42',
      'environments = ["test", "production"]',
      'properties = {',
      '    Octopus.Action.RunOnServer = "true"',
      '    "quoted key" = "a\\"b"',
      '}',
    ].join('\n');
    assertScope(scopesOf(ocl, 0, '42'), 'constant.numeric.ocl');
    assertScope(scopesOf(ocl, 1, '['), 'punctuation.section.array.begin.ocl', 'meta.array.ocl');
    assertScope(scopesOf(ocl, 1, 'production'), 'string.quoted.double.ocl', 'meta.array.ocl');
    assertScope(scopesOf(ocl, 2, '{'), 'punctuation.section.dictionary.begin.ocl');
    assertScope(scopesOf(ocl, 3, 'Octopus.Action.RunOnServer'), 'variable.other.property.ocl', 'meta.dictionary.ocl');
    assertScope(scopesOf(ocl, 4, 'quoted key'), 'variable.other.property.ocl');
    assertScope(scopesOf(ocl, 4, '\\"'), 'constant.character.escape.ocl');
    assertScope(scopesOf(ocl, 5, '}'), 'punctuation.section.dictionary.end.ocl');
  });

  it('scopes #{…} templates in strings and heredocs, and ends a heredoc at its tag only', () => {
    const ocl = [
      'url = "https://#{Host}/x"',
      'body = <<-EOT',
      '    echo "#{Octopus.Action[deploy].Output.Url}"',
      '    EOTX',
      '    EOT',
      'next = 1',
    ].join('\n');
    assertScope(
      scopesOf(ocl, 0, '#{'),
      'punctuation.definition.template.begin.stepwise',
      'meta.template.stepwise',
      'string.quoted.double.ocl',
    );
    assertScope(scopesOf(ocl, 1, '<<-'), 'keyword.operator.heredoc.ocl');
    assertScope(scopesOf(ocl, 1, 'EOT'), 'keyword.control.heredoc-token.ocl');
    assertScope(
      scopesOf(ocl, 2, '#{'),
      'punctuation.definition.template.begin.stepwise',
      'string.unquoted.heredoc.ocl',
    );
    assert.ok(scopesOf(ocl, 3, 'EOTX').includes('string.unquoted.heredoc.ocl'), 'EOTX is heredoc content');
    assertScope(scopesOf(ocl, 4, 'EOT'), 'keyword.control.heredoc-token.ocl');
    assertScope(scopesOf(ocl, 5, 'next'), 'variable.other.property.ocl');
  });

  it('embeds the script language in a script body that follows its syntax', () => {
    const ocl = [
      'properties = {',
      '    Octopus.Action.Script.Syntax = "Bash"',
      '    Octopus.Action.Script.ScriptBody = <<-EOT',
      '        echo #{Name}',
      '        EOT',
      '    Other = "x"',
      '}',
    ].join('\n');
    assert.ok(scopesOf(ocl, 3, 'echo').includes('meta.embedded.block.shellscript'), 'bash body embedded');
    assertScope(
      scopesOf(ocl, 3, '#{'),
      'punctuation.definition.template.begin.stepwise',
      'meta.embedded.block.shellscript',
    );
    assertScope(scopesOf(ocl, 5, 'Other'), 'variable.other.property.ocl');
    assertScope(scopesOf(ocl, 6, '}'), 'punctuation.section.dictionary.end.ocl');
    const powershell = ocl.replace('"Bash"', '"PowerShell"');
    assert.ok(scopesOf(powershell, 3, 'echo').includes('meta.embedded.block.powershell'), 'powershell body embedded');
  });

  it('marks nothing invalid in the real OCL samples, and every top-level block closes', () => {
    const files = readdirSync(samplesFolder).filter((f) => f.endsWith('.ocl'));
    assert.ok(files.length >= 17, `samples: ${files.length}`);
    for (const file of files) {
      const lines = tokenize(readFileSync(new URL(file, samplesFolder), 'utf8'));
      lines.forEach((tokens, i) => {
        for (const t of tokens)
          assert.ok(!t.scopes.some((s) => s.startsWith('invalid')), `${file}:${i + 1} ${JSON.stringify(t)}`);
      });
      const last = lines.findLast((tokens) => tokens.some((t) => t.text.trim()));
      if (last)
        assert.deepEqual(
          last
            .filter((t) => t.text.trim())
            .at(-1)
            ?.scopes.filter((s) => s.startsWith('meta.')).length ?? 0,
          1,
          `${file}: last line closes a top-level block`,
        );
    }
  });

  it('marks a stray closing brace invalid', () => {
    assertScope(scopesOf('}', 0, '}'), 'invalid.illegal.unmatched-brace.ocl');
  });
});
