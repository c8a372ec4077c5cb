/**
 * .NET regular expressions (Octostache's Replace and Match) without .NET's backtracking risk.
 *
 * Octopus runs these with .NET's backtracking engine on its server; here they run inside an editor,
 * where one `(a+)+$` on a few dozen characters must not stall every later request. So a pattern runs
 * on RE2 (re2js: linear time in the input, whatever the pattern) whenever RE2 can express it. Only
 * constructs RE2 lacks (lookaheads, backreferences) fall back to JS RegExp, and only when a bound
 * on the backtracking work, computed from the pattern's shape and the input's length, is small
 * ({@link backtrackingWork}); otherwise the filter gives no value and the token is echoed, as
 * Octostache echoes a token it cannot evaluate.
 *
 * The .NET differences translated: inline options `(?imsx)` at the start, `(?'name')` groups,
 * `\A` `\z` `\Z`, .NET's `$` (also before a final newline), `\s` (with `\v`, U+0085 and Unicode
 * spaces), `\uXXXX`, and .NET replacement patterns (`$0`, `${name}`, `$+`, `$_` …). Constructs
 * neither engine has (atomic groups, balancing groups, possessive quantifiers) make it invalid.
 */
import { RE2JS } from 're2js';

/** How a pattern runs on one input; exported so tests can see which engine did the work. */
export type RegexPlan =
  | { engine: 'linear'; re: RE2JS }
  | { engine: 'backtracking'; re: RegExp; work: number }
  | { engine: 'refused'; work: number }
  | { engine: 'invalid' };

/** The most backtracking steps (an upper bound, see {@link backtrackingWork}) a fallback may take. */
export const MAX_BACKTRACKING_WORK = 50_000_000;

interface ParsedPattern {
  /** RE2 source with `\uFFFF` standing for .NET's end anchor (`$` without `m`, `\Z`); null if RE2 cannot take it. */
  re2: string | null;
  /** RE2 flags to compile with. */
  re2Flags: number;
  /** JS RegExp source and flags. */
  js: string;
  jsFlags: string;
}

const END_ANCHOR = '\uFFFF';
const cache = new Map<string, ParsedPattern>();
const compiled = new Map<string, RE2JS | null>();
const MAX_CACHED = 500;

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MAX_CACHED) map.delete(map.keys().next().value as string);
  map.set(key, value);
  return value;
}

function parse(pattern: string): ParsedPattern {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let flags = '';
  let source = pattern;
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]) {
      if (f === 'x') source = stripExtendedWhitespace(source);
      else if (!flags.includes(f)) flags += f;
    }
  }
  const multiline = flags.includes('m');
  const re2Flags =
    (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) |
    (flags.includes('s') ? RE2JS.DOTALL : 0) |
    (multiline ? RE2JS.MULTILINE : 0) |
    RE2JS.LOOKBEHINDS;
  return remember(cache, pattern, {
    re2: toRe2(source, multiline),
    re2Flags,
    js: translate(source, multiline),
    jsFlags: flags,
  });
}

/** Compiles the RE2 form for one input: .NET's end anchor becomes what RE2 can say for this input. */
function linearFor(parsed: ParsedPattern, input: string): RE2JS | null {
  if (parsed.re2 === null) return null;
  let source = parsed.re2;
  if (source.includes(END_ANCHOR)) {
    // .NET's `$` matches at the end and before a final newline. Without a final newline that is `\z`;
    // with exactly one newline, at the end, it is RE2's multi-line `$`. Other inputs need the fallback.
    const newline = input.indexOf('\n');
    const end = newline < 0 || !input.endsWith('\n') ? '\\z' : newline === input.length - 1 ? '(?m:$)' : null;
    if (end === null) return null;
    source = source.split(END_ANCHOR).join(end);
  }
  const key = parsed.re2Flags + ':' + source;
  if (compiled.has(key)) return compiled.get(key) ?? null;
  let re: RE2JS | null = null;
  try {
    re = RE2JS.compile(source, parsed.re2Flags);
  } catch {
    re = null;
  }
  return remember(compiled, key, re);
}

/** Decides how `pattern` runs on `input` (see the module comment). */
export function planDotnetRegex(pattern: string, input: string, global: boolean): RegexPlan {
  const parsed = parse(pattern);
  const linear = linearFor(parsed, input);
  if (linear) return { engine: 'linear', re: linear };
  let re: RegExp;
  try {
    re = new RegExp(parsed.js, parsed.jsFlags + (global ? 'g' : ''));
  } catch {
    return { engine: 'invalid' };
  }
  const work = backtrackingWork(parsed.js, input.length);
  return work <= MAX_BACKTRACKING_WORK ? { engine: 'backtracking', re, work } : { engine: 'refused', work };
}

function stripExtendedWhitespace(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

/** What differs between the two rewrites of a .NET pattern (for JS and for RE2). */
interface Dialect {
  /**
   * The text for a backslash and the letter `n` (`after`: the characters following them), and how
   * many of those it takes as well; null where the pattern cannot be rewritten.
   */
  escape(n: string, inClass: boolean, after: string): { text: string; takes?: number } | null;
  /** How a named group `(?'name'…)` opens in this dialect. */
  namedGroup: string;
  /** .NET `$` without multiline: the end, or before a final newline. */
  endAnchor: string;
  /** Whether `[:` inside a class makes the pattern unusable (RE2 reads it as a POSIX class). */
  rejectPosixClass: boolean;
}

/** Rewrites a .NET pattern one construct at a time, outside and inside character classes. */
function rewritePattern(source: string, multiline: boolean, dialect: Dialect): string | null {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const escaped = dialect.escape(source[i + 1] ?? '', inClass, source.slice(i + 2, i + 6));
      if (!escaped) return null;
      out += escaped.text;
      i += 1 + (escaped.takes ?? 0);
      continue;
    }
    if (inClass) {
      if (dialect.rejectPosixClass && c === '[' && source[i + 1] === ':') return null;
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') out += '\\' + source[++i];
      continue;
    }
    if (c === '(' && source.startsWith("(?'", i)) {
      const end = source.indexOf("'", i + 3);
      if (end > 0) {
        out += dialect.namedGroup + source.slice(i + 3, end) + '>';
        i = end;
        continue;
      }
    }
    if (c === '$' && !multiline) {
      out += dialect.endAnchor;
      continue;
    }
    out += c;
  }
  return out;
}

/** .NET's end of input, or before a final newline (`\\Z`, and `$` without multiline), in JS. */
const JS_END = '(?=\\n?(?![\\s\\S]))';

const JS_DIALECT: Dialect = {
  escape: (n, inClass) => {
    if (!inClass && n === 'A') return { text: '(?<![\\s\\S])' };
    if (!inClass && n === 'z') return { text: '(?![\\s\\S])' };
    if (!inClass && n === 'Z') return { text: JS_END };
    return { text: '\\' + n };
  },
  namedGroup: '(?<',
  endAnchor: JS_END,
  rejectPosixClass: false,
};

function translate(source: string, multiline: boolean): string {
  return rewritePattern(source, multiline, JS_DIALECT)!;
}

/** .NET whitespace (`\\s`): RE2's own `\\s` lacks `\\v`, U+0085 and the Unicode spaces. */
const RE2_SPACE = '\\t-\\r \\x{85}\\p{Z}';

const RE2_DIALECT: Dialect = {
  escape: (n, inClass, after) => {
    if (n === 'Q' || n === 'E' || n === 'C' || n === 'G') return null;
    if (!inClass && n === 'Z') return { text: END_ANCHOR };
    if (n === 's') return { text: inClass ? RE2_SPACE : `[${RE2_SPACE}]` };
    if (n === 'S' && !inClass) return { text: `[^${RE2_SPACE}]` };
    if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(after)) return { text: `\\x{${after}}`, takes: 4 };
    return { text: '\\' + n };
  },
  namedGroup: '(?P<',
  endAnchor: END_ANCHOR,
  rejectPosixClass: true,
};

/**
 * The RE2 form of a .NET pattern, or null where RE2 would read the text differently (POSIX classes,
 * `\\Q…\\E`, `\\C`, `\\G`). Constructs RE2 lacks are left for RE2 to reject.
 */
function toRe2(source: string, multiline: boolean): string | null {
  return rewritePattern(source, multiline, RE2_DIALECT);
}

/** .NET `Regex.IsMatch(input, pattern)`; null when the pattern is not usable or too costly on this input. */
export function dotnetIsMatch(input: string, pattern: string): boolean | null {
  const plan = planDotnetRegex(pattern, input, false);
  if (plan.engine === 'linear') return plan.re.test(input);
  if (plan.engine === 'backtracking') return plan.re.test(input);
  return null;
}

/**
 * .NET `Regex.Replace(input, pattern, replacement)`; null when the pattern is not usable or too costly
 * on this input. Stops as soon as the result passes `maxLength` characters (the caller reports that).
 */
export function dotnetReplace(
  input: string,
  pattern: string,
  replacement: string,
  maxLength = Infinity,
): string | null {
  const plan = planDotnetRegex(pattern, input, true);
  if (plan.engine === 'refused' || plan.engine === 'invalid') return null;
  const matches: Iterable<RegExpMatchArray> =
    plan.engine === 'linear' ? plan.re.matchAll(input) : input.matchAll(plan.re);
  let out = '';
  let last = 0;
  for (const m of matches) {
    const offset = m.index ?? 0;
    out += input.slice(last, offset);
    out += expandReplacement(replacement, m[0], m.slice(1), m.groups, input, offset);
    last = offset + m[0].length;
    if (out.length > maxLength) return out;
  }
  return out + input.slice(last);
}

/**
 * An upper bound on the steps a backtracking engine takes for `source` on an input of `length`
 * characters; Infinity when the pattern's shape allows exponential time. Without a quantified group
 * that itself holds a quantifier, an alternation, a lookaround or a backreference, every path of
 * the search is fixed by where it starts, how many times each quantifier repeats (at most
 * length + 1 choices each), which branch each alternation takes and whether each `?` takes its atom.
 * Each path costs at most the pattern's length, times the input's length per backreference.
 */
export function backtrackingWork(source: string, length: number): number {
  interface Group {
    branches: number;
    /** Holds a quantifier, an alternation, a lookaround or a backreference: repeating it can explode. */
    risky: boolean;
    lookaround: boolean;
  }
  const n = length + 1;
  const stack: Group[] = [{ branches: 1, risky: false, lookaround: false }];
  let log = Math.log(n) + Math.log(source.length + 1);
  let atom: 'plain' | 'risky' | null = null;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const top = stack[stack.length - 1];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (/[1-9]/.test(next) || next === 'k') {
        log += Math.log(n);
        top.risky = true;
        atom = 'risky';
        if (next === 'k') while (i < source.length && source[i] !== '>') i++;
        else while (/[0-9]/.test(source[i + 1] ?? '')) i++;
      } else atom = 'plain';
    } else if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      atom = 'plain';
    } else if (c === '(') {
      const lookaround = /^\(\?<?[=!]/.test(source.slice(i, i + 4));
      stack.push({ branches: 1, risky: lookaround, lookaround });
      if (lookaround) top.risky = true;
      atom = null;
    } else if (c === ')') {
      const group = stack.length > 1 ? stack.pop()! : top;
      log += Math.log(group.branches);
      if (group.risky) stack[stack.length - 1].risky = true;
      atom = group.risky ? 'risky' : 'plain';
    } else if (c === '|') {
      top.branches++;
      top.risky = true;
      atom = null;
    } else if (c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i)))) {
      if (atom === 'risky') return Infinity;
      // How many repetition counts the engine may try: n + 1 at most.
      let choices = c === '?' ? 2 : n;
      if (c === '{') {
        const [, min, comma, max] = /^\{(\d+)(,?)(\d*)\}/.exec(source.slice(i))!;
        choices = comma !== ',' ? 1 : max === '' ? n : Math.max(1, Math.min(n, Number(max) - Number(min) + 1));
        i = source.indexOf('}', i);
      }
      if (atom === 'plain') {
        log += Math.log(choices);
        top.risky = true;
      }
      if (source[i + 1] === '?') i++; // lazy
      atom = null;
    } else atom = 'plain';
  }
  log += Math.log(stack[0].branches);
  return Math.exp(log);
}

function expandReplacement(
  replacement: string,
  match: string,
  groups: (string | undefined)[],
  named: Record<string, string | undefined> | undefined,
  input: string,
  offset: number,
): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c !== '$' || i + 1 >= replacement.length) {
      out += c;
      continue;
    }
    const n = replacement[i + 1];
    if (n === '$') {
      out += '$';
      i++;
    } else if (n === '&') {
      out += match;
      i++;
    } else if (n === '`') {
      out += input.slice(0, offset);
      i++;
    } else if (n === "'") {
      out += input.slice(offset + match.length);
      i++;
    } else if (n === '+') {
      out += groups.length ? (groups[groups.length - 1] ?? '') : '';
      i++;
    } else if (n === '_') {
      out += input;
      i++;
    } else if (/\d/.test(n)) {
      // Longest group number that exists (as .NET does).
      let j = i + 1;
      while (j < replacement.length && /\d/.test(replacement[j])) j++;
      let digits = replacement.slice(i + 1, j);
      while (digits.length > 0 && Number(digits) > groups.length) digits = digits.slice(0, -1);
      if (digits.length === 0) {
        out += c;
        continue;
      }
      const index = Number(digits);
      out += index === 0 ? match : (groups[index - 1] ?? '');
      i += digits.length;
    } else if (n === '{') {
      const end = replacement.indexOf('}', i + 2);
      const name = end > 0 ? replacement.slice(i + 2, end) : '';
      if (end > 0 && /^\d+$/.test(name) && Number(name) <= groups.length) {
        const index = Number(name);
        out += index === 0 ? match : (groups[index - 1] ?? '');
        i = end;
      } else if (end > 0 && named && name in named) {
        out += named[name] ?? '';
        i = end;
      } else out += c;
    } else out += c;
  }
  return out;
}
