/**
 * .NET number parsing and formatting as Octostache sees it (invariant / en-US culture, .NET
 * Core 3+): `double.ToString()`, `decimal.TryParse`, standard and custom numeric format strings.
 * Numbers are carried as decimal digit strings so formatting rounds the digits a user sees
 * (half away from zero), as .NET does for decimals.
 */

/** A finite number as decimal digits: value = ±int.frac */
export interface DecimalDigits {
  negative: boolean;
  int: string; // no leading zeros; '' for zero
  frac: string; // may have trailing zeros (decimal scale is kept, as .NET decimals do)
}

export type NumberKind = 'decimal' | 'double' | 'int';

export interface ParsedNumber {
  kind: NumberKind;
  value: number;
  digits: DecimalDigits | null; // null for NaN / ±Infinity
}

/** `double.ToString()` (and `Convert.ToString(double)`): shortest round-trip, .NET exponent style. */
export function formatDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '-∞';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const { digits, exponent, negative } = shortestDigits(value);
  return generalFormat(negative, digits, exponent, 15, 'E', 2);
}

/** Shortest round-trip digits of a double: value = 0.d1d2d3… × 10^(exponent+1)… expressed as d.ddd × 10^exponent. */
function shortestDigits(value: number): { digits: string; exponent: number; negative: boolean } {
  const negative = value < 0;
  const [mantissa, exp] = Math.abs(value).toExponential().split('e');
  return { digits: mantissa.replace('.', ''), exponent: Number(exp), negative };
}

/** 'G'-style output of significant digits d.ddd×10^exponent: fixed unless exponent ≥ precision or < -5. */
function generalFormat(
  negative: boolean,
  digits: string,
  exponent: number,
  precision: number,
  e: string,
  minExpDigits: number,
): string {
  digits = digits.replace(/0+$/, '') || '0';
  let body: string;
  if (exponent >= precision || exponent < -5) {
    const mantissa = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const sign = exponent < 0 ? '-' : '+';
    body = mantissa + e + sign + String(Math.abs(exponent)).padStart(minExpDigits, '0');
  } else if (exponent < 0) {
    body = '0.' + '0'.repeat(-exponent - 1) + digits;
  } else if (digits.length <= exponent + 1) {
    body = digits + '0'.repeat(exponent + 1 - digits.length);
  } else {
    body = digits.slice(0, exponent + 1) + '.' + digits.slice(exponent + 1);
  }
  return (negative ? '-' : '') + body;
}

const WS = '[\\s\\u0085]*';
const decimalPattern = new RegExp(`^${WS}([+-]?)${WS}((?:\\d+(?:,\\d*)*)?)(?:\\.(\\d*))?${WS}([+-]?)${WS}$`);

/** `decimal.TryParse(s)` with NumberStyles.Number in en-US: sign, thousands separators, decimal point. */
export function parseDecimal(text: string): ParsedNumber | null {
  const m = decimalPattern.exec(text);
  if (!m) return null;
  const [, lead, intRaw, fracRaw = '', trail] = m;
  if (lead && trail) return null;
  const intDigits = intRaw.replace(/,/g, '');
  if (intDigits === '' && fracRaw === '') return null;
  if (intRaw.startsWith(',')) return null;
  const negative = (lead || trail) === '-';
  const int = intDigits.replace(/^0+/, '');
  if (int.length > 29) return null;
  const digits: DecimalDigits = { negative, int, frac: fracRaw.slice(0, 28) };
  return { kind: 'decimal', value: Number((negative ? '-' : '') + (int || '0') + '.' + (fracRaw || '0')), digits };
}

const doublePattern = /^[\s\u0085]*([+-]?)(\d[\d,]*)?(\.\d*)?([eE][+-]?\d+)?[\s\u0085]*$/;

/** `double.TryParse(s)` with NumberStyles.Float | AllowThousands (en-US). */
export function parseDouble(text: string): ParsedNumber | null {
  const trimmed = text.trim();
  const special: Record<string, number> = {
    NaN: NaN,
    Infinity: Infinity,
    '-Infinity': -Infinity,
    '∞': Infinity,
    '-∞': -Infinity,
    '+∞': Infinity,
  };
  if (Object.prototype.hasOwnProperty.call(special, trimmed)) return doubleToParsed(special[trimmed]);
  const m = doublePattern.exec(text);
  if (!m || !(m[2] || (m[3] && m[3].length > 1))) return null;
  const value = Number(m[1] + (m[2] ?? '').replace(/,/g, '') + (m[3] ?? '') + (m[4] ?? ''));
  if (Number.isNaN(value)) return null;
  return doubleToParsed(value);
}

/** Invariant-culture `double.TryParse` (no thousands separators), as AddHours/AddDays use. */
export function parseInvariantDouble(text: string): number | null {
  if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text)) return null;
  return Number(text.trim());
}

export function doubleToParsed(value: number): ParsedNumber {
  if (!Number.isFinite(value)) return { kind: 'double', value, digits: null };
  return { kind: 'double', value, digits: digitsOfDouble(value) };
}

function digitsOfDouble(value: number): DecimalDigits {
  if (value === 0) return { negative: Object.is(value, -0), int: '', frac: '' };
  const { digits, exponent, negative } = shortestDigits(value);
  let int: string;
  let frac: string;
  if (exponent >= 0) {
    const padded = digits.padEnd(exponent + 1, '0');
    int = padded.slice(0, exponent + 1);
    frac = padded.slice(exponent + 1);
  } else {
    int = '';
    frac = '0'.repeat(-exponent - 1) + digits;
  }
  return { negative, int: int.replace(/^0+/, ''), frac: frac.replace(/0+$/, '') };
}

/** `int.TryParse(s)` (Int32, NumberStyles.Integer). */
export function parseInt32(text: string): number | null {
  if (!/^[\s\u0085]*[+-]?\d+[\s\u0085]*$/.test(text)) return null;
  const value = Number(text.trim());
  if (!Number.isInteger(value) || value > 2147483647 || value < -2147483648) return null;
  return value;
}

export function int32ToParsed(value: number): ParsedNumber {
  return {
    kind: 'int',
    value,
    digits: { negative: value < 0, int: String(Math.abs(value)).replace(/^0+/, ''), frac: '' },
  };
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** `x.ToString(format)` for a parsed number; null where .NET throws FormatException. */
export function formatNumber(n: ParsedNumber, format: string): string | null {
  if (!n.digits) {
    if (Number.isNaN(n.value)) return 'NaN';
    return n.value > 0 ? '∞' : '-∞';
  }
  const standard = /^([A-Za-z])(\d{0,9})$/.exec(format);
  if (standard) return formatStandard(n, standard[1], standard[2] === '' ? null : Number(standard[2]));
  if (format === '') return formatStandard(n, 'G', null);
  return formatCustom(n.digits, format);
}

function isZero(d: DecimalDigits): boolean {
  return /^0*$/.test(d.int) && /^0*$/.test(d.frac);
}

/** Rounds half away from zero to `places` fraction digits. */
function roundDigits(d: DecimalDigits, places: number): DecimalDigits {
  if (d.frac.length <= places) return { ...d, frac: d.frac.padEnd(places, '0') };
  const roundUp = d.frac.charCodeAt(places) >= 53; /* '5' */
  let all = (d.int || '0') + d.frac.slice(0, places);
  if (roundUp) all = incrementDigits(all);
  const intLen = all.length - places;
  return { negative: d.negative, int: all.slice(0, intLen).replace(/^0+/, ''), frac: all.slice(intLen) };
}

function incrementDigits(s: string): string {
  const chars = s.split('');
  let i = chars.length - 1;
  while (i >= 0) {
    if (chars[i] === '9') {
      chars[i] = '0';
      i--;
    } else {
      chars[i] = String.fromCharCode(chars[i].charCodeAt(0) + 1);
      return chars.join('');
    }
  }
  return '1' + chars.join('');
}

function group(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function sign(d: DecimalDigits): string {
  return d.negative && !isZero(d) ? '-' : '';
}

/** Significant digits and exponent (d.ddd × 10^exponent) of a digit value. */
function significant(d: DecimalDigits): { digits: string; exponent: number } {
  const all = d.int + d.frac;
  const firstNonZero = all.search(/[1-9]/);
  if (firstNonZero < 0) return { digits: '0', exponent: 0 };
  return { digits: all.slice(firstNonZero).replace(/0+$/, '') || '0', exponent: d.int.length - 1 - firstNonZero };
}

function scientific(d: DecimalDigits, precision: number, e: string, minExp: number, plusSign: boolean): string {
  const sig = significant(d);
  let digits = sig.digits;
  let exponent = sig.exponent;
  if (digits.length > precision + 1) {
    const rounded = roundDigits({ negative: false, int: digits[0], frac: digits.slice(1) }, precision);
    if (rounded.int.length > 1) exponent++;
    digits = (rounded.int + rounded.frac).slice(0, precision + 1);
  }
  digits = digits.padEnd(precision + 1, '0');
  const mantissa = precision > 0 ? digits[0] + '.' + digits.slice(1) : digits[0];
  const expSign = exponent < 0 ? '-' : plusSign ? '+' : '';
  return sign(d) + mantissa + e + expSign + String(Math.abs(exponent)).padStart(minExp, '0');
}

function formatStandard(n: ParsedNumber, letter: string, precision: number | null): string | null {
  const d = n.digits!;
  switch (letter) {
    case 'F':
    case 'f': {
      const r = roundDigits(d, precision ?? 2);
      return sign(r) + (r.int || '0') + (r.frac ? '.' + r.frac : '');
    }
    case 'N':
    case 'n': {
      const r = roundDigits(d, precision ?? 2);
      return sign(r) + group(r.int || '0') + (r.frac ? '.' + r.frac : '');
    }
    case 'P':
    case 'p': {
      const scaled = shift(d, 2);
      const r = roundDigits(scaled, precision ?? 2);
      return sign(r) + group(r.int || '0') + (r.frac ? '.' + r.frac : '') + '%';
    }
    case 'C':
    case 'c': {
      const r = roundDigits(d, precision ?? 2);
      return sign(r) + '$' + group(r.int || '0') + (r.frac ? '.' + r.frac : '');
    }
    case 'E':
    case 'e':
      return scientific(d, precision ?? 6, letter, 3, true);
    case 'D':
    case 'd': {
      if (n.kind !== 'int') return null;
      return sign(d) + (d.int || '0').padStart(precision ?? 0, '0');
    }
    case 'X':
    case 'x': {
      if (n.kind !== 'int') return null;
      const hex = (n.value >>> 0).toString(16);
      return (letter === 'X' ? hex.toUpperCase() : hex).padStart(precision ?? 0, '0');
    }
    case 'R':
    case 'r':
      if (n.kind === 'decimal') return null;
      return n.kind === 'double' ? formatDouble(n.value) : String(n.value);
    case 'G':
    case 'g': {
      if (precision === null || precision === 0) {
        if (n.kind === 'double') return formatDouble(n.value).replace('E', letter);
        if (n.kind === 'int') return String(n.value);
        return sign(d) + (d.int || '0') + (d.frac ? '.' + d.frac : '');
      }
      const sig = significant(d);
      let digits = sig.digits;
      let exponent = sig.exponent;
      if (digits.length > precision) {
        const rounded = roundDigits({ negative: false, int: digits[0], frac: digits.slice(1) }, precision - 1);
        if (rounded.int.length > 1) exponent++;
        digits = (rounded.int + rounded.frac).slice(0, precision);
      }
      return generalFormat(d.negative && !isZero(d), digits, exponent, precision, letter === 'g' ? 'e' : 'E', 2);
    }
    default:
      return null;
  }
}

/** Multiplies by 10^places (or divides for negative places), exactly. */
function shift(d: DecimalDigits, places: number): DecimalDigits {
  let int = d.int;
  let frac = d.frac;
  if (places > 0) {
    const padded = frac.padEnd(places, '0');
    int = (int + padded.slice(0, places)).replace(/^0+/, '');
    frac = padded.slice(places);
  } else if (places < 0) {
    const p = -places;
    const paddedInt = int.padStart(p, '0');
    frac = paddedInt.slice(paddedInt.length - p) + frac;
    int = paddedInt.slice(0, paddedInt.length - p).replace(/^0+/, '');
  }
  return { negative: d.negative, int, frac };
}

type CustomToken =
  | { t: 'digit'; zero: boolean }
  | { t: 'point' }
  | { t: 'comma' }
  | { t: 'percent' }
  | { t: 'permille' }
  | { t: 'exp'; e: string; plus: boolean; minDigits: number }
  | { t: 'lit'; text: string };

function splitSections(format: string): string[] {
  const sections: string[] = [];
  let current = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '\\' && i + 1 < format.length) {
      current += c + format[++i];
    } else if (c === '"' || c === "'") {
      const end = format.indexOf(c, i + 1);
      const stop = end < 0 ? format.length : end;
      current += format.slice(i, stop + 1);
      i = stop;
    } else if (c === ';') {
      sections.push(current);
      current = '';
    } else current += c;
  }
  sections.push(current);
  return sections;
}

function tokenizeCustom(section: string): CustomToken[] {
  const tokens: CustomToken[] = [];
  for (let i = 0; i < section.length; i++) {
    const c = section[i];
    if (c === '0' || c === '#') tokens.push({ t: 'digit', zero: c === '0' });
    else if (c === '.') tokens.push({ t: 'point' });
    else if (c === ',') tokens.push({ t: 'comma' });
    else if (c === '%') tokens.push({ t: 'percent' });
    else if (c === '‰') tokens.push({ t: 'permille' });
    else if ((c === 'E' || c === 'e') && /^[+-]?0/.test(section.slice(i + 1))) {
      let j = i + 1;
      let plus = false;
      if (section[j] === '+') {
        plus = true;
        j++;
      } else if (section[j] === '-') j++;
      let count = 0;
      while (section[j] === '0') {
        count++;
        j++;
      }
      tokens.push({ t: 'exp', e: c, plus, minDigits: count });
      i = j - 1;
    } else if (c === '\\') {
      if (i + 1 < section.length) tokens.push({ t: 'lit', text: section[++i] });
    } else if (c === '"' || c === "'") {
      const end = section.indexOf(c, i + 1);
      const stop = end < 0 ? section.length : end;
      tokens.push({ t: 'lit', text: section.slice(i + 1, stop) });
      i = stop;
    } else tokens.push({ t: 'lit', text: c });
  }
  return tokens;
}

function formatCustom(value: DecimalDigits, format: string): string {
  const sections = splitSections(format);
  let section = sections[0];
  let d = value;
  let useSign = true;
  if (value.negative && !isZero(value) && sections.length > 1 && sections[1] !== '') {
    section = sections[1];
    useSign = false;
  }
  const formatted = formatSection(d, tokenizeCustom(section), useSign);
  if (formatted.zero && sections.length > 2 && sections[2] !== '') {
    d = { negative: false, int: '', frac: '' };
    return formatSection(d, tokenizeCustom(sections[2]), false).text;
  }
  return formatted.text;
}

function formatSection(value: DecimalDigits, tokens: CustomToken[], useSign: boolean): { text: string; zero: boolean } {
  const pointAt = tokens.findIndex((t) => t.t === 'point');
  const expAt = tokens.findIndex((t) => t.t === 'exp');
  const intEnd = pointAt >= 0 ? pointAt : expAt >= 0 ? expAt : tokens.length;
  const fracEnd = expAt >= 0 ? expAt : tokens.length;
  const intDigitIdx: number[] = [];
  const fracDigitIdx: number[] = [];
  tokens.forEach((t, i) => {
    if (t.t !== 'digit') return;
    if (i < intEnd) intDigitIdx.push(i);
    else if (i < fracEnd) fracDigitIdx.push(i);
  });
  // Grouping: a comma between integer digit placeholders; scaling: commas right before the point.
  let grouping = false;
  let scaleCommas = 0;
  if (intDigitIdx.length) {
    const lastInt = intDigitIdx[intDigitIdx.length - 1];
    for (let i = intDigitIdx[0]; i < lastInt; i++) if (tokens[i].t === 'comma') grouping = true;
    for (let i = lastInt + 1; i < intEnd && tokens[i].t === 'comma'; i++) scaleCommas++;
  }
  let d = value;
  for (const t of tokens) {
    if (t.t === 'percent') d = shift(d, 2);
    else if (t.t === 'permille') d = shift(d, 3);
  }
  if (scaleCommas) d = shift(d, -3 * scaleCommas);

  let exponent = 0;
  const exp = expAt >= 0 ? (tokens[expAt] as Extract<CustomToken, { t: 'exp' }>) : null;
  if (exp) {
    const sig = significant(d);
    const intPlaces = Math.max(intDigitIdx.length, 1);
    if (sig.digits !== '0') {
      exponent = sig.exponent - (intPlaces - 1);
      d = shift({ negative: d.negative, int: d.int, frac: d.frac }, -exponent);
    }
  }
  const fracZeros = fracDigitIdx.filter((i) => (tokens[i] as { zero: boolean }).zero).length;
  const lastZeroFrac = fracDigitIdx.reduce((acc, idx, k) => ((tokens[idx] as { zero: boolean }).zero ? k : acc), -1);
  const r = roundDigits(d, fracDigitIdx.length);
  if (exp && r.int.length > Math.max(intDigitIdx.length, 1) && intDigitIdx.length > 0) {
    // Rounding carried into a new digit: renormalise.
    exponent++;
  }
  const zero = isZero(r);
  let intDigits = r.int;
  const firstZeroInt = intDigitIdx.findIndex((i) => (tokens[i] as { zero: boolean }).zero);
  const minInt = firstZeroInt >= 0 ? intDigitIdx.length - firstZeroInt : 0;
  intDigits = intDigits.padStart(minInt, '0');
  let fracDigits = r.frac;
  // Optional (#) fraction digits drop trailing zeros beyond the last mandatory 0.
  let keep = fracDigits.length;
  while (keep > lastZeroFrac + 1 && fracDigits[keep - 1] === '0') keep--;
  fracDigits = fracDigits.slice(0, keep);
  void fracZeros;

  // Distribute integer digits right to left over the placeholders; the first takes the rest.
  const intOut = new Map<number, string>();
  if (intDigitIdx.length) {
    let remaining = intDigits;
    for (let k = intDigitIdx.length - 1; k >= 0; k--) {
      if (k === 0) intOut.set(intDigitIdx[k], remaining);
      else {
        intOut.set(intDigitIdx[k], remaining.slice(-1));
        remaining = remaining.slice(0, -1);
      }
    }
  }
  let out = '';
  let digitsEmitted = 0;
  const totalIntDigits = intDigits.length;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.t === 'digit') {
      if (i < intEnd) {
        const s = intOut.get(i) ?? '';
        for (const ch of s) {
          out += ch;
          digitsEmitted++;
          const left = totalIntDigits - digitsEmitted;
          if (grouping && left > 0 && left % 3 === 0) out += ',';
        }
      } else if (i < fracEnd) {
        const k = fracDigitIdx.indexOf(i);
        if (k < fracDigits.length) out += fracDigits[k];
      }
    } else if (t.t === 'point') {
      if (fracDigits.length > 0) out += '.';
    } else if (t.t === 'comma') {
      // consumed by grouping/scaling
    } else if (t.t === 'percent') out += '%';
    else if (t.t === 'permille') out += '‰';
    else if (t.t === 'exp') {
      const expSign = exponent < 0 ? '-' : t.plus ? '+' : '';
      out += t.e + expSign + String(Math.abs(exponent)).padStart(t.minDigits, '0');
    } else out += t.text;
  }
  if (intDigitIdx.length === 0 && r.int) {
    // No integer placeholders: integer digits still appear before the fraction.
    const firstDigit = out.search(/\d/);
    out = firstDigit >= 0 ? out.slice(0, firstDigit) + r.int + out.slice(firstDigit) : r.int + out;
  }
  const negative = useSign && value.negative && !zero;
  return { text: (negative ? '-' : '') + out, zero };
}
