import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { OclElement, OclValue } from './ast';
import { parseOcl } from './parseOcl';

const testdata = path.join(import.meta.dirname, 'testdata');
const vectors = JSON.parse(readFileSync(path.join(testdata, 'ocl-parse-vectors.json'), 'utf8')) as {
  parse: { id: string; input: string; expected?: unknown; expectError?: boolean }[];
};

/** The vectors' AST format (see the file's `astFormat`). */
export function toVectorValue(value: OclValue): unknown {
  switch (value.kind) {
    case 'string':
      return value.heredoc
        ? { heredoc: value.value, indented: value.heredoc.indented, tag: value.heredoc.tag }
        : value.value;
    case 'number':
      return value.integer ? { int: value.value } : { decimal: value.text };
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'array':
      return value.items.map(toVectorValue);
    case 'dictionary':
      return { dict: Object.fromEntries(value.entries.map((e) => [e.key, toVectorValue(e.value)])) };
    case 'invalid':
      return { invalid: true };
  }
}

export function toVectorElement(element: OclElement): unknown {
  return element.kind === 'attribute'
    ? { type: 'attribute', name: element.name, value: toVectorValue(element.value) }
    : {
        type: 'block',
        name: element.name,
        labels: element.labels.map((l) => l.value),
        children: element.children.map(toVectorElement),
      };
}

test(`every parse vector of Octopus's Ocl tests (${vectors.parse.length})`, () => {
  assert.equal(vectors.parse.length, 79);
  for (const vector of vectors.parse) {
    const parsed = parseOcl(vector.input);
    if (vector.expectError) {
      assert.ok(parsed.errors.length > 0, `${vector.id}: expected an error for ${JSON.stringify(vector.input)}`);
      continue;
    }
    assert.deepEqual(parsed.errors, [], vector.id);
    assert.deepEqual(
      { type: 'document', children: parsed.document.children.map(toVectorElement) },
      vector.expected,
      vector.id,
    );
  }
});

test('error messages name the problem and point at it', () => {
  const cases: [string, RegExp, string][] = [
    ['Foo = "\\q"', /Unrecognised character escape: \\q/, '\\q'],
    ['Foo = trueish', /Unexpected 'trueish'/, 'trueish'],
    ['Foo =\n 1', /Expected a value after 'Foo =' on the same line/, ''],
    ['MyBlock { Child = 1 }', /starts a new line after '\{'/, '{'],
    ['x = {\n  a.b="x"\n}', /swallowed the '='/, 'a.b="'],
    ['Foo = <<ZZZ', /has no body/, '<<ZZZ'],
    ['Foo = [1, "a"]', /one kind of value/, '"a"'],
    ['Foo = 2147483648', /out of range/, '2147483648'],
  ];
  for (const [input, message, marked] of cases) {
    const { errors } = parseOcl(input);
    assert.equal(errors.length, 1, `${input}: ${JSON.stringify(errors)}`);
    assert.match(errors[0].message, message, input);
    assert.equal(input.slice(errors[0].span.start, errors[0].span.end), marked, input);
  }
});

test('recovers after an error and reports the next ones, with line and column', () => {
  const text = [
    'step "a" {',
    '    name = Hello', // unquoted text
    '    action {',
    '        properties = {',
    '            Octopus.Action.Script.ScriptBody = "echo \\x"', // bad escape
    '        }',
    '    }',
    '}',
    '',
    'step "b" oops {', // stray word before the brace: the block is still read
    '    condition = "Always"',
    '    start_trigger = [1,,2]', // bad array
    '}',
    'step "c" {',
    '    is_disabled = true',
    '}',
  ].join('\r\n');
  const parsed = parseOcl(text);
  const where = parsed.errors.map((e) => {
    const p = parsed.lines.positionAt(e.span.start);
    return `${p.line + 1}:${p.character + 1}`;
  });
  assert.deepEqual(where, ['2:12', '5:54', '10:10', '12:24']);
  const steps = parsed.document.children.filter((c) => c.kind === 'block');
  assert.deepEqual(
    steps.map((s) => s.kind === 'block' && s.labels[0].value),
    ['a', 'b', 'c'],
  );
  const b = steps[1];
  assert.ok(b.kind === 'block' && b.children.some((c) => c.name === 'condition'));
});

test('keeps spans on every node, and CRLF counts as one line break', () => {
  const text = 'step "hello" {\r\n    action {\r\n        action_type = "Octopus.Script"\r\n    }\r\n}\r\n';
  const parsed = parseOcl(text);
  assert.deepEqual(parsed.errors, []);
  const step = parsed.document.children[0];
  assert.ok(step.kind === 'block');
  assert.equal(text.slice(step.span.start, step.span.end), text.trimEnd());
  assert.equal(text.slice(step.labels[0].span.start, step.labels[0].span.end), '"hello"');
  const action = step.children[0];
  assert.ok(action.kind === 'block');
  const type = action.children[0];
  assert.ok(type.kind === 'attribute');
  assert.equal(text.slice(type.value.span.start, type.value.span.end), '"Octopus.Script"');
  assert.deepEqual(parsed.lines.rangeOf(type.nameSpan), {
    start: { line: 2, character: 8 },
    end: { line: 2, character: 19 },
  });
});

test('every real sample parses without an error', () => {
  const dir = path.join(testdata, 'samples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ocl'));
  assert.equal(files.length, 21);
  for (const file of files) {
    const parsed = parseOcl(readFileSync(path.join(dir, file), 'utf8'));
    assert.deepEqual(parsed.errors, [], file);
    assert.ok(parsed.document.children.length > 0, file);
  }
});

test('an unclosed block or heredoc is reported once, at its start', () => {
  const block = parseOcl('step "a" {\n    name = "x"\n');
  assert.equal(block.errors.length, 1);
  assert.match(block.errors[0].message, /'step' is not closed/);
  const heredoc = parseOcl('x = <<-EOT\n    hello\n');
  assert.equal(heredoc.errors.length, 1);
  assert.match(heredoc.errors[0].message, /not closed/);
});

test('nesting past the limit is reported, not recursed into', () => {
  const depth = 5000;
  const text = 'a {\n'.repeat(depth) + 'x = 1\n' + '}\n'.repeat(depth);
  const parsed = parseOcl(text);
  assert.equal(parsed.errors.length, 1);
  assert.match(parsed.errors[0].message, /nest deeper/);
});
