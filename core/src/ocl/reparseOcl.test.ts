// The in-place update's decisions on hand-written edits: which edits it takes (inside one line of
// a quoted string, label, quoted key or heredoc body) and which it leaves to a full parse.
// `reparseOcl.fuzz.test.ts` checks that what it takes equals a full parse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOcl } from './parseOcl';
import { editOf, reparseOclEdit } from './reparseOcl';

const text = `step "build" {
    name = "Build"
    properties = {
        "Quoted key" = "x"
        Octopus.Action.TargetRoles = "web"
    }

    action {
        environments = ["dev", "test"]
        properties = {
            Octopus.Action.Script.ScriptBody = <<-EOT
                echo hi
                EOT
        }
    }
}

step "deploy" {
    name = "Deploy"
}
`;

function edit(from: string, to: string, source = text): string {
  assert.ok(source.includes(from), from);
  return source.replace(from, to);
}

describe('reparseOclEdit', () => {
  for (const [what, edited] of [
    ['a quoted value', edit('"Build"', '"Builds"')],
    ['a label', edit('step "build"', 'step "build-it"')],
    ['a quoted key', edit('"Quoted key"', '"Quoted keys"')],
    ['an array item', edit('"test"', '"tests"')],
    ['a heredoc body line', edit('echo hi', 'echo hello')],
    ['a heredoc line, changing its unindent', edit('                echo hi', '  echo hi')],
    ['a line break in a heredoc body', edit('echo hi', 'echo\nhi')],
    ['a line added to a heredoc body', edit('echo hi\n', 'echo hi\n                echo more\n')],
    [
      'a heredoc body line taken out',
      edit('echo hi\n', 'echo hi\n                echo more\n').replace('                echo hi\n', ''),
    ],
  ] as const) {
    it(`updates ${what} in place, equal to a full parse`, () => {
      const updated = reparseOclEdit(parseOcl(text), edited);
      assert.ok(updated, what);
      const full = parseOcl(edited);
      assert.deepStrictEqual(updated.document, full.document);
      assert.deepStrictEqual(updated.lines, full.lines);
      // The blocks on the edited line are the ones loaded again: the first step, not the second.
      const changed = [...editOf(updated)!.changed].map((b) => `${b.name} ${b.labels[0]?.value ?? ''}`.trim());
      assert.ok(changed.some((c) => c.startsWith('step build')) && !changed.includes('step deploy'), changed.join());
    });
  }

  for (const [what, edited] of [
    ['a line break in a quoted string', edit('"Build"', '"Bu\nild"')],
    ['a line break between attributes', edit('name = "Build"', 'name = "Build"\n')],
    ['a body line joined to the end tag line', edit('echo hi\n', 'echo hi')],
    ['a line added with its end tag', edit('echo hi', 'echo hi\n                EOT')],
    ['a quote that ends the string early', edit('"Build"', '"Bu"ild"')],
    ['an end tag typed into the body', edit('echo hi', 'EOT')],
    ['the heredoc tag line', edit('<<-EOT', '<<-EOTX')],
    ['a bare key', edit('Octopus.Action.TargetRoles', 'Octopus.Action.TargetRole')],
    ['a block name', edit('action {', 'actions {')],
    ['a quote taken out', edit('"Deploy"', '"Deploy')],
  ] as const) {
    it(`leaves ${what} to a full parse`, () => {
      assert.equal(reparseOclEdit(parseOcl(text), edited), undefined);
    });
  }

  it('leaves a file with syntax errors to a full parse', () => {
    const broken = `${text}oops\n`;
    assert.equal(reparseOclEdit(parseOcl(broken), edit('"Build"', '"Builds"', broken)), undefined);
  });

  it('takes the previous parse over, and keeps only the last step of the chain', () => {
    const first = parseOcl(text);
    const second = reparseOclEdit(first, edit('"Build"', '"Builds"'))!;
    assert.equal(editOf(second)!.from, first);
    assert.equal(
      reparseOclEdit(first, edit('"Build"', '"Built"')),
      undefined,
      'a parse taken over is not updated again',
    );
    const third = reparseOclEdit(second, edit('"Build"', '"Buildsx"'))!;
    assert.equal(editOf(third)!.from, second);
    assert.equal(editOf(second), undefined, 'the older step is let go, with its text');
  });
});
