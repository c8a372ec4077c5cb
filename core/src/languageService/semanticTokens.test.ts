import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processDocument } from '../../../test/support/serviceDocuments';
import { encodeSemanticTokens, getSemanticTokens, SEMANTIC_TOKENS_LEGEND } from './semanticTokens';

const text = `project: x
variables:
  Greeting: Hi
  Items: "a,b"
steps:
  - name: Build
    type: script
    script: "#{Greeting | Truncate 3} #{Octopus.Environment.Name} #{Unknown}"
  - name: Loop
    type: script
    script: |
      #{each item in Items}#{item}#{/each}
      #{if Octopus.Action[Build].Output.X == \\"yes\\"}#{calc 1 + 2}#{/if}
`;

/** `line:col text type[+modifiers]` per token. */
function tokens(source: string, range?: Parameters<typeof getSemanticTokens>[1]): string[] {
  const document = processDocument(source);
  const lines = source.split('\n');
  return getSemanticTokens(document, range).map(
    (t) =>
      `${t.line}:${t.character} ${lines[t.line].slice(t.character, t.character + t.length)} ${t.type}${t.modifiers.length ? `+${t.modifiers.join('+')}` : ''}`,
  );
}

describe('semantic tokens', () => {
  it('tell project variables from system variables, filters, loop variables and keywords', () => {
    assert.deepEqual(tokens(text), [
      '7:13 #{ macro',
      '7:15 Greeting variable',
      '7:24 | operator',
      '7:26 Truncate function+defaultLibrary',
      '7:35 3 string',
      '7:36 } macro',
      '7:38 #{ macro',
      '7:40 Octopus variable+defaultLibrary',
      '7:48 Environment variable+defaultLibrary',
      '7:60 Name variable+defaultLibrary',
      '7:64 } macro',
      '7:66 #{ macro',
      '7:68 Unknown variable',
      '7:75 } macro',
      '11:6 #{ macro',
      '11:8 each keyword',
      '11:13 item parameter+declaration',
      '11:18 in keyword',
      '11:21 Items variable',
      '11:26 } macro',
      '11:27 #{ macro',
      '11:29 item parameter',
      '11:33 } macro',
      '11:34 #{ macro',
      '11:36 /each keyword',
      '11:41 } macro',
      '12:6 #{ macro',
      '12:8 if keyword',
      '12:11 Octopus variable+defaultLibrary',
      '12:19 Action variable+defaultLibrary',
      '12:26 Build enumMember',
      '12:33 Output variable+defaultLibrary',
      '12:40 X variable+defaultLibrary',
      '12:42 == operator',
      '12:45 \\"yes\\" string',
      '12:52 } macro',
      '12:53 #{ macro',
      '12:55 calc keyword',
      '12:60 1 number',
      '12:62 + operator',
      '12:64 2 number',
      '12:65 } macro',
      '12:66 #{ macro',
      '12:68 /if keyword',
      '12:71 } macro',
    ]);
  });

  it('a range request covers only the strings in it', () => {
    assert.ok(
      tokens(text, { start: { line: 11, character: 0 }, end: { line: 11, character: 10 } }).every((t) =>
        /^1[12]:/.test(t),
      ),
    );
  });

  it('encodes relative to the previous token, with the legend’s indexes', () => {
    const data = encodeSemanticTokens([
      { line: 2, character: 4, length: 2, type: 'macro', modifiers: [] },
      { line: 2, character: 6, length: 3, type: 'variable', modifiers: ['defaultLibrary'] },
      { line: 3, character: 1, length: 1, type: 'keyword', modifiers: [] },
    ]);
    const t = (name: string) => SEMANTIC_TOKENS_LEGEND.tokenTypes.indexOf(name as never);
    assert.deepEqual(data, [2, 4, 2, t('macro'), 0, 0, 2, 3, t('variable'), 1, 1, 1, 1, t('keyword'), 0]);
  });
});
