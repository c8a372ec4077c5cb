/**
 * .NET regular expressions on JS RegExp, as far as they overlap: inline options `(?imsx)` at the
 * start, `(?'name')` groups, `\A` `\z` `\Z`, .NET's `$` (also before a final newline), and .NET
 * replacement patterns (`$0`, `${name}`, `$+`, `$_` …). Constructs JS lacks (atomic groups,
 * balancing groups, possessive quantifiers, lookbehind differences) make the pattern invalid.
 */

/** Compiles a .NET pattern to a JS RegExp, or null if it is invalid or unsupported. */
export function dotnetRegex(pattern: string, global: boolean): RegExp | null {
  let flags = global ? 'g' : '';
  let source = pattern;
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]) {
      if (f === 'x') source = stripExtendedWhitespace(source);
      else if (!flags.includes(f)) flags += f;
    }
  }
  const translated = translate(source, flags.includes('m'));
  try {
    return new RegExp(translated, flags);
  } catch {
    return null;
  }
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

function translate(source: string, multiline: boolean): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1];
      if (!inClass && n === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && n === 'z') out += '(?![\\s\\S])';
      else if (!inClass && n === 'Z') out += '(?=\\n?(?![\\s\\S]))';
      else out += c + (n ?? '');
      i++;
      continue;
    }
    if (inClass) {
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
        out += '(?<' + source.slice(i + 3, end) + '>';
        i = end;
        continue;
      }
    }
    if (c === '$' && !multiline) {
      // .NET `$` also matches before a final newline.
      out += '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    out += c;
  }
  return out;
}

/** .NET `Regex.Replace(input, pattern, replacement)`; null when the pattern is not usable. */
export function dotnetReplace(input: string, pattern: string, replacement: string): string | null {
  const re = dotnetRegex(pattern, true);
  if (!re) return null;
  return input.replace(re, (...args: unknown[]) => {
    const hasNamed = typeof args[args.length - 1] === 'object';
    const named = (hasNamed ? args[args.length - 1] : undefined) as Record<string, string | undefined> | undefined;
    const offsetIndex = hasNamed ? args.length - 3 : args.length - 2;
    const match = args[0] as string;
    const offset = args[offsetIndex] as number;
    const groups = args.slice(1, offsetIndex) as (string | undefined)[];
    return expandReplacement(replacement, match, groups, named, input, offset);
  });
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
