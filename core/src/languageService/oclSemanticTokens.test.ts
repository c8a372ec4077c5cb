import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuzzIterations, fuzzSeed, Random } from '../../../test/support/fuzz';
import { parseOcl } from '../ocl/parseOcl';
import { getOclSemanticTokens, scriptLexing } from './oclSemanticTokens';

// Shaped as Octopus writes a script step: keys sorted, so the syntax comes after the body.
const ocl = (syntax: string, body: string[]) => `step "say-hello" {
    name = "Say hello"

    action {
        action_type = "Octopus.Script"
        properties = {
            Octopus.Action.Script.ScriptBody = <<-EOT
${body.map((l) => `                ${l}`).join('\n')}
                EOT
            Octopus.Action.Script.ScriptSource = "Inline"
            Octopus.Action.Script.Syntax = "${syntax}"
        }
    }
}
`;

/** Each token as `line:text:type`. */
function tokens(text: string, range?: Parameters<typeof getOclSemanticTokens>[2]): string[] {
  const lines = text.split('\n');
  return getOclSemanticTokens(parseOcl(text), undefined, range).map(
    (t) => `${t.line}:${lines[t.line].slice(t.character, t.character + t.length)}:${t.type}`,
  );
}

describe('OCL semantic tokens: the script body lexed by its syntax', () => {
  const bash = ocl('Bash', ['# greet', 'echo "#{Greeting}, $USER" # done', 'if true; then exit 1; fi']);

  it('comments, strings, variables and keywords of the script; the template keeps its own tokens', () => {
    assert.deepEqual(tokens(bash), [
      '7:# greet:comment',
      '8:":string',
      '8:#{:macro',
      '8:Greeting:variable',
      '8:}:macro',
      '8:, :string',
      '8:$USER:variable',
      '8:":string',
      '8:# done:comment',
      '9:if:keyword',
      '9:then:keyword',
      '9:1:number',
      '9:fi:keyword',
    ]);
  });

  it('tokens are sorted, never overlap, and never cover the heredoc’s indent', () => {
    const text = ocl('PowerShell', ['$s = @"', 'Hi #{Name} $env:USER', '"@ # end', '<# a', '   b #>']);
    const list = getOclSemanticTokens(parseOcl(text), undefined);
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1], list[i]];
      assert.ok(a.line < b.line || (a.line === b.line && a.character + a.length <= b.character), JSON.stringify(b));
    }
    for (const t of list.filter((t) => t.line >= 7 && t.line <= 11)) assert.ok(t.character >= 16, JSON.stringify(t));
    assert.ok(tokens(text).includes('8:$env:USER:variable'));
    assert.ok(tokens(text).includes('9:# end:comment'));
    assert.ok(tokens(text).includes('11:   b #>:comment'));
  });

  it('a one-line quoted body, a Python body, and a syntax not lexed (C#: templates only)', () => {
    const quoted = ocl('Bash', []).replace(/<<-EOT\n\s*EOT/, '"echo \\"x\\" # c"');
    assert.deepEqual(tokens(quoted), ['6:\\"x\\":string', '6:# c:comment']);
    assert.ok(tokens(ocl('Python', ['s = """a', '# b', '"""'])).includes('8:# b:string'));
    assert.deepEqual(tokens(ocl('CSharp', ['// #{X}'])), ['7:#{:macro', '7:X:variable', '7:}:macro']);
  });

  it('a package step’s custom deployment scripts, by the extension in their key', () => {
    const text = `step "web" {
    action {
        properties = {
            Octopus.Action.CustomScripts.PostDeploy.sh = "# after $1"
            Octopus.Action.CustomScripts.PreDeploy.ps1 = <<-EOT
                $env:X # before
                EOT
            Octopus.Action.CustomScripts.Deploy.csx = "// not lexed"
        }
    }
}
`;
    assert.deepEqual(tokens(text), ['3:# after $1:comment', '5:$env:X:variable', '5:# before:comment']);
  });

  it('a script is lexed once, whatever the requests for it (range after range, or after an edit elsewhere)', () => {
    const body = ['# once', `echo "${Math.random()}"`];
    const text = ocl('Bash', body);
    const before = scriptLexing.count;
    const full = tokens(text);
    for (let line = 0; line < 12; line++) tokens(text, { start: { line, character: 0 }, end: { line, character: 99 } });
    assert.deepEqual(tokens(text.replace('Say hello', 'Say hi')), full);
    assert.equal(scriptLexing.count - before, 1);
    // Another script, or the same text in another syntax, is lexed on its own.
    tokens(ocl('Python', body));
    assert.equal(scriptLexing.count - before, 2);
  });

  it('only the scripts touching the range requested', () => {
    const two = bash + bash.replace('say-hello', 'again');
    const lines = bash.split('\n').length - 1;
    const inFirst = tokens(two, { start: { line: 7, character: 0 }, end: { line: 7, character: 99 } });
    assert.ok(inFirst.length > 0 && inFirst.every((t) => Number(t.split(':')[0]) < lines));
    // Of a script partly in view, only the lines in view (a template's tokens come with its whole string, as before).
    assert.deepEqual(tokens(bash, { start: { line: 9, character: 0 }, end: { line: 9, character: 99 } }), [
      '8:#{:macro',
      '8:Greeting:variable',
      '8:}:macro',
      '9:if:keyword',
      '9:then:keyword',
      '9:1:number',
      '9:fi:keyword',
    ]);
  });
});

describe('OCL semantic tokens fuzz: random script bodies', () => {
  const pieces = ['#', '#{', '#{X}', '}', '$', '${', '$env:A', '@"', '"@', "'", '"', '"""', '<#', '#>', '\\', '`'];
  const more = ['<<EOF', 'EOF', ' ', 'if', 'in', 'x', '1', '-eq', 'é', '😀', '#{if #{Y}}', '#{/if}', '\t'];
  it('never throw; tokens are sorted, on one line each, in the line, and never overlap', () => {
    const seed = fuzzSeed();
    const random = new Random(seed);
    const all = [...pieces, ...more];
    for (let i = 0; i < fuzzIterations(200); i++) {
      const body: string[] = [];
      for (let l = random.int(6); l >= 0; l--) {
        let line = '';
        for (let k = random.int(12); k > 0; k--) line += all[random.int(all.length)];
        body.push(line);
      }
      const syntax = ['Bash', 'PowerShell', 'Python'][random.int(3)];
      const heredoc = ocl(syntax, body);
      const quoted = ocl(syntax, []).replace(/<<-EOT\n\s*EOT/, JSON.stringify(body.join('\n')).replace(/\$\{/g, '$${'));
      for (const text of [heredoc, quoted]) {
        const where = `seed ${seed}, iteration ${i}: ${JSON.stringify(text)}`;
        const lines = text.split('\n');
        const list = getOclSemanticTokens(parseOcl(text), undefined);
        for (let t = 0; t < list.length; t++) {
          const token = list[t];
          assert.ok(token.length > 0 && token.character + token.length <= lines[token.line].length, where);
          const last = list[t - 1];
          if (last)
            assert.ok(
              last.line < token.line || (last.line === token.line && last.character + last.length <= token.character),
              where,
            );
        }
      }
    }
  });
});
