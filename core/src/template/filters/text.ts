/** Text filters: case, trimming, substrings, indentation, concatenation, comparison, regex. */
import { dotnetTrim, isWhiteSpace } from '../chars';
import { parseInt32 } from '../dotnet/number';
import { dotnetIsMatch, dotnetReplace } from '../dotnet/regex';
import type { TemplateFilter } from './types';

/** Per-character case mapping (.NET maps char by char; JS may expand `ß` to `SS`). */
function mapCase(text: string, upper: boolean): string {
  let out = '';
  for (const ch of text) {
    const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += [...mapped].length === 1 ? mapped : ch;
  }
  return out;
}

export const toUpper: TemplateFilter = (arg, options) => (arg === null || options.length ? null : mapCase(arg, true));
export const toLower: TemplateFilter = (arg, options) => (arg === null || options.length ? null : mapCase(arg, false));

export const trim: TemplateFilter = (arg, options) => {
  if (arg === null) return null;
  if (!options.length) return dotnetTrim(arg);
  switch (options[0].toLowerCase()) {
    case 'start': {
      let i = 0;
      while (i < arg.length && isWhiteSpace(arg.charCodeAt(i))) i++;
      return arg.slice(i);
    }
    case 'end': {
      let i = arg.length;
      while (i > 0 && isWhiteSpace(arg.charCodeAt(i - 1))) i--;
      return arg.slice(0, i);
    }
    default:
      return null;
  }
};

export const truncate: TemplateFilter = (arg, options) => {
  if (arg === null || options.length === 0 || options.length > 2) return null;
  const length = parseInt32(options[0]);
  if (length === null || length < 0) return null;
  const suffix = options.length === 2 ? options[1] : '...';
  return length < arg.length ? arg.slice(0, length) + suffix : arg;
};

export const substring: TemplateFilter = (arg, options) => {
  if (arg === null || options.length === 0 || options.length > 2) return null;
  const numbers = options.map(parseInt32);
  if (numbers.some((n) => n === null || n < 0)) return null;
  const [start, length] = numbers.length === 1 ? [0, numbers[0]!] : [numbers[0]!, numbers[1]!];
  if (start > arg.length) return null;
  return arg.substr(start, Math.min(length, arg.length - start));
};

const dualSize = /^((\d{1,3})?\/)?(\d{1,3})$/;

function byteValue(text: string): number | null {
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 && n <= 255 ? n : null;
}

export const indent: TemplateFilter = (arg, options) => {
  if (arg === null) return null;
  if (arg.length === 0) return '';
  let initial: string;
  let subsequent: string;
  if (options.length === 0) initial = subsequent = '    ';
  else if (options.length === 1) {
    const m = dualSize.exec(options[0]);
    let sized: [string, string] | null = null;
    if (m) {
      if (m[1] !== undefined) {
        if (m[2] !== undefined) {
          const a = byteValue(m[2]);
          const b = byteValue(m[3]);
          if (a !== null && b !== null) sized = [' '.repeat(a), ' '.repeat(b)];
        } else {
          const b = byteValue(m[3]);
          if (b !== null) sized = ['', ' '.repeat(b)];
        }
      } else {
        const all = byteValue(m[3]);
        if (all !== null) sized = [' '.repeat(all), ' '.repeat(all)];
      }
    }
    [initial, subsequent] = sized ?? [options[0], options[0]];
  } else if (options.length === 2) [initial, subsequent] = options;
  else return null;
  return initial + arg.split('\n').join('\n' + subsequent);
};

export const append: TemplateFilter = (arg, options) => {
  if (!options.length) return null;
  return (arg ?? '') + options.join('');
};

export const prepend: TemplateFilter = (arg, options) => {
  if (!options.length) return null;
  return options.join('') + (arg ?? '');
};

export const replace: TemplateFilter = (arg, options, context) => {
  if (arg === null || options.length === 0) return null;
  return dotnetReplace(arg, options[0], options.length === 1 ? '' : options[1], context.maxOutputLength);
};

export const match: TemplateFilter = (arg, options) => {
  if (arg === null || options.length !== 1) return null;
  const matched = dotnetIsMatch(arg, options[0]);
  return matched === null ? null : String(matched);
};

export const startsWith: TemplateFilter = (arg, options) =>
  arg === null || options.length !== 1 ? null : String(arg.startsWith(options[0]));
export const endsWith: TemplateFilter = (arg, options) =>
  arg === null || options.length !== 1 ? null : String(arg.endsWith(options[0]));
export const contains: TemplateFilter = (arg, options) =>
  arg === null || options.length !== 1 ? null : String(arg.includes(options[0]));
