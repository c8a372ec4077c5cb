import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuzzIterations, fuzzSeed, Random } from '../../../test/support/fuzz';
import { lexScript, scriptSyntaxOf, templateSpans, type ScriptSyntax } from './scriptTokens';

/** Each token as `type:text`, in order. */
const lex = (text: string, syntax: ScriptSyntax) =>
  lexScript(text, syntax).map((t) => `${t.type}:${text.slice(t.start, t.end)}`);

describe('lexScript: Bash', () => {
  it('comments, and `#` inside quotes or a template is no comment', () => {
    assert.deepEqual(lex(`# say hello\necho "a # b" 'c # d' #{Greeting} # end`, 'bash'), [
      'comment:# say hello',
      'string:"a # b"',
      "string:'c # d'",
      'comment:# end',
    ]);
    // `#` inside a word is not a comment either.
    assert.deepEqual(lex('echo a#b', 'bash'), []);
  });

  it('variables: $x, ${x}, $1, $@ — also inside double quotes, which are split around them', () => {
    assert.deepEqual(lex('echo $HOME ${USER:-me} $1 $@ "hi $name!"', 'bash'), [
      'variable:$HOME',
      'variable:${USER:-me}',
      'variable:$1',
      'variable:$@',
      'string:"hi ',
      'variable:$name',
      'string:!"',
    ]);
    // Single quotes do not expand.
    assert.deepEqual(lex("echo '$HOME'", 'bash'), ["string:'$HOME'"]);
  });

  it('keywords and numbers, not inside words', () => {
    assert.deepEqual(lex('if [ $n -gt 10 ]; then exit 2; fi\necho done-ish', 'bash'), [
      'keyword:if',
      'variable:$n',
      'number:10',
      'keyword:then',
      'number:2',
      'keyword:fi',
    ]);
  });

  it('a heredoc body is a string (its `#` lines are no comments)', () => {
    assert.deepEqual(lex('cat <<-EOF\n# kept\n\tEOF\n# a comment', 'bash'), [
      'string:EOF',
      'string:# kept\n',
      'comment:# a comment',
    ]);
  });

  it('a template inside a string splits the string; its text gets no token', () => {
    const text = 'echo "Hello #{Greeting}, $USER"';
    assert.deepEqual(lex(text, 'bash'), ['string:"Hello ', 'string:, ', 'variable:$USER', 'string:"']);
  });

  it('an unterminated string runs to the end without throwing', () => {
    assert.deepEqual(lex('echo "open $x', 'bash'), ['string:"open ', 'variable:$x']);
    assert.deepEqual(lex("echo 'open", 'bash'), ["string:'open"]);
    assert.deepEqual(lex('echo ${x', 'bash'), ['variable:${x']);
  });
});

describe('lexScript: PowerShell', () => {
  it('line and block comments', () => {
    assert.deepEqual(lex('# one\n<# two\n   lines #>\nWrite-Host "#not"', 'powershell'), [
      'comment:# one',
      'comment:<# two\n   lines #>',
      'string:"#not"',
    ]);
  });

  it('variables: $x, $env:X, ${a b}, $_ — and inside expandable strings only', () => {
    assert.deepEqual(lex('$x = $env:PATH + ${a b} + $_.Name + "v=$script:v" + \'$lit\'', 'powershell'), [
      'variable:$x',
      'variable:$env:PATH',
      'variable:${a b}',
      'variable:$_',
      'string:"v=',
      'variable:$script:v',
      'string:"',
      "string:'$lit'",
    ]);
  });

  it('here-strings: @"…"@ expands variables, @\'…\'@ does not, and `#` lines inside are no comments', () => {
    const text = '$a = @"\n# not a comment $x\n"@\n$b = @\'\n# nor $y\n\'@\n# comment';
    assert.deepEqual(lex(text, 'powershell'), [
      'variable:$a',
      'string:@"\n# not a comment ',
      'variable:$x',
      'string:\n"@',
      'variable:$b',
      "string:@'\n# nor $y\n'@",
      'comment:# comment',
    ]);
  });

  it('keywords (any case), -operators and numbers; commands like Write-Host are not keywords', () => {
    assert.deepEqual(lex('IF ($n -EQ 10) { foreach ($i in $l) { Write-Host 1kb } } else { Get-Item }', 'powershell'), [
      'keyword:IF',
      'variable:$n',
      'operator:-EQ',
      'number:10',
      'keyword:foreach',
      'variable:$i',
      'keyword:in',
      'variable:$l',
      'number:1kb',
      'keyword:else',
    ]);
  });

  it('doubled quotes escape; an unterminated string or here-string does not throw', () => {
    assert.deepEqual(lex(`'it''s' "say ""hi"""`, 'powershell'), [`string:'it''s'`, 'string:"say ""hi"""']);
    assert.deepEqual(lex('@"\nopen $x', 'powershell'), ['string:@"\nopen ', 'variable:$x']);
    assert.deepEqual(lex('"open', 'powershell'), ['string:"open']);
  });
});

describe('lexScript: Python', () => {
  it('comments, strings with `#`, keywords and numbers', () => {
    assert.deepEqual(lex('import os # why\nif x is None: print("a # b", 0x1F, 3.5e2)', 'python'), [
      'keyword:import',
      'comment:# why',
      'keyword:if',
      'keyword:is',
      'keyword:None',
      'string:"a # b"',
      'number:0x1F',
      'number:3.5e2',
    ]);
  });

  it('triple-quoted strings span lines; their `#` lines are no comments', () => {
    assert.deepEqual(lex('s = """one\n# two\n"""\n# three', 'python'), [
      'string:"""one\n# two\n"""',
      'comment:# three',
    ]);
    assert.deepEqual(lex("s = f'''{x}\n'''", 'python'), ["string:f'''{x}\n'''"]);
  });

  it('prefixes and escapes: r"…", b\'…\', "\\""', () => {
    assert.deepEqual(lex('a = r"\\d" + b\'x\' + "q\\"q"', 'python'), [
      'string:r"\\d"',
      "string:b'x'",
      'string:"q\\"q"',
    ]);
  });

  it('an unterminated one-line string ends at its line; an unterminated triple-quoted one at the end', () => {
    assert.deepEqual(lex("s = 'open\nx = 1", 'python'), ["string:'open", 'number:1']);
    assert.deepEqual(lex('s = """open\n# x', 'python'), ['string:"""open\n# x']);
  });
});

describe('scriptSyntaxOf and templateSpans', () => {
  it('knows Octopus’s syntax names in any case, and not the ones it does not lex', () => {
    assert.equal(scriptSyntaxOf('PowerShell'), 'powershell');
    assert.equal(scriptSyntaxOf('bash'), 'bash');
    assert.equal(scriptSyntaxOf('Python'), 'python');
    assert.equal(scriptSyntaxOf('CSharp'), undefined);
    assert.equal(scriptSyntaxOf(undefined), undefined);
  });

  it('nested templates are one span; an unclosed `#{` is not a template', () => {
    const text = 'a #{if #{X}}b#{/if} #{open';
    assert.deepEqual(
      templateSpans(text).map((s) => text.slice(s.start, s.end)),
      ['#{if #{X}}', '#{/if}'],
    );
  });
});

describe('lexScript fuzz', () => {
  const pieces = [
    '#',
    '#{',
    '}',
    '{',
    '$',
    '${',
    '$env:',
    '@"',
    '"@',
    "@'",
    "'@",
    '"',
    "'",
    '"""',
    "'''",
    '\\',
    '`',
    '<#',
    '#>',
    '<<',
    '<<-',
    'EOF',
    '\n',
    '\r\n',
    ' ',
    '\t',
    'if',
    'in',
    'x',
    'Name',
    '1',
    '0x',
    '.5',
    'e',
    '-eq',
    'r',
    'f',
    ':',
    ';',
    '(',
    ')',
    '-',
    '_',
    'é',
    '😀',
  ];
  it('random text never throws; tokens are in range, non-empty, sorted, not overlapping, clear of templates', () => {
    const seed = fuzzSeed();
    const random = new Random(seed);
    const syntaxes: ScriptSyntax[] = ['bash', 'powershell', 'python'];
    for (let i = 0; i < fuzzIterations(600); i++) {
      let text = '';
      const n = random.int(40);
      for (let k = 0; k < n; k++) text += pieces[random.int(pieces.length)];
      for (const syntax of syntaxes) {
        const where = `seed ${seed}, iteration ${i}, ${syntax}: ${JSON.stringify(text)}`;
        const tokens = lexScript(text, syntax);
        const templates = templateSpans(text);
        let last = 0;
        for (const t of tokens) {
          assert.ok(t.start >= last && t.end > t.start && t.end <= text.length, where);
          assert.ok(!templates.some((s) => t.start < s.end && s.start < t.end), where);
          last = t.end;
        }
      }
    }
  });
});
