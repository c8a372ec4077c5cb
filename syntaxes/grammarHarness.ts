// What the grammar tests share: a grammar loaded as VS Code loads it (vscode-textmate + oniguruma), a
// tokenizer that keeps the rule stack between lines as the editor does, and scope assertions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const require = createRequire(import.meta.url);

export interface Token {
  text: string;
  /** Scopes from outermost to innermost, without the grammar's root scope. */
  scopes: string[];
}

export interface GrammarHarness {
  grammar: textmate.IGrammar;
  /** Tokenizes a document; returns its lines' tokens and the rule stack left after the last line. */
  tokenize(text: string): { lines: Token[][]; endState: textmate.StateStack };
  /**
   * The scopes of the `nth` token on line `line` (0-based) whose text is `text`, or is `text` with
   * white space around it (block scalar and heredoc content carries some of its indentation).
   */
  scopesOf(text: string, line: number, token: string, nth?: number): string[];
}

let onigLoaded: Promise<void> | undefined;

/**
 * Loads the grammar in `grammarFile` under `rootScope`. Embedded grammars (source.shell, …) come with
 * VS Code, not with us: unknown here, as in an editor without them, so their content keeps only the
 * embedding scope.
 */
export async function loadGrammarHarness(grammarFile: URL, rootScope: string): Promise<GrammarHarness> {
  onigLoaded ??= oniguruma.loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')));
  await onigLoaded;
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === rootScope
        ? textmate.parseRawGrammar(readFileSync(grammarFile, 'utf8'), grammarFile.pathname)
        : null,
  });
  const grammar = await registry.loadGrammar(rootScope);
  assert.ok(grammar, `${rootScope} loads`);

  const tokenize: GrammarHarness['tokenize'] = (text) => {
    let state = textmate.INITIAL;
    const lines = text.split('\n').map((line) => {
      const result = grammar.tokenizeLine(line, state);
      state = result.ruleStack;
      return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes.slice(1) }));
    });
    return { lines, endState: state };
  };
  return {
    grammar,
    tokenize,
    scopesOf(text, line, token, nth = 0) {
      const tokens = tokenize(text).lines[line];
      const found = tokens.filter((t) => t.text === token || t.text.trim() === token);
      assert.ok(
        found[nth],
        `no token ${JSON.stringify(token)} (#${nth}) on line ${line}; tokens: ${JSON.stringify(tokens)}`,
      );
      return found[nth].scopes;
    },
  };
}

/** Asserts the token's innermost scope is `innermost` and that it sits inside each of `within`. */
export function assertScope(scopes: string[], innermost: string, ...within: string[]): void {
  assert.equal(scopes.at(-1), innermost, `scopes: ${scopes.join(' ')}`);
  for (const outer of within) assert.ok(scopes.includes(outer), `${outer} missing from: ${scopes.join(' ')}`);
}
