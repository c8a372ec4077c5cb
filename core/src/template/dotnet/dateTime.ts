/**
 * .NET DateTime / DateTimeOffset parsing and formatting in the en-US culture, enough for
 * Octostache's Format, AddHours/AddDays and NowDate filters. Dates are kept as 100 ns ticks of
 * clock time (as .NET does), plus the UTC offset when the text gave one.
 */

export interface DotnetDate {
  /** Clock-time ticks (100 ns) since 0001-01-01T00:00:00. */
  ticks: bigint;
  /** Minutes east of UTC when explicit (`+02:00`, `Z`); null for an unspecified (local) time. */
  offsetMinutes: number | null;
}

const TICKS_PER_MS = 10_000n;
const TICKS_PER_SECOND = 10_000_000n;
const TICKS_PER_MINUTE = 60n * TICKS_PER_SECOND;
const TICKS_PER_DAY = 24n * 60n * TICKS_PER_MINUTE;
const MAX_TICKS = 3155378975999999999n;
/** Days from 0001-01-01 to 1970-01-01. */
const UNIX_EPOCH_DAYS = 719162n;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Days since 0001-01-01 of a proleptic Gregorian date. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 306; // shift from 0000-03-01 to 0001-01-01
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 306;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  return [
    31,
    (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ][month - 1];
}

export function makeDate(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  fractionTicks = 0,
  offsetMinutes: number | null = null,
): DotnetDate | null {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ticks =
    BigInt(daysFromCivil(year, month, day)) * TICKS_PER_DAY +
    BigInt(hour) * 60n * TICKS_PER_MINUTE +
    BigInt(minute) * TICKS_PER_MINUTE +
    BigInt(second) * TICKS_PER_SECOND +
    BigInt(fractionTicks);
  return { ticks, offsetMinutes };
}

export function fromJsDate(date: Date, utc: boolean): DotnetDate {
  const ms = BigInt(date.getTime() - (utc ? 0 : date.getTimezoneOffset() * 60_000));
  return { ticks: UNIX_EPOCH_DAYS * TICKS_PER_DAY + ms * TICKS_PER_MS, offsetMinutes: null };
}

/** Adds a (possibly fractional) number of milliseconds; null when out of .NET's range. */
export function addMilliseconds(date: DotnetDate, ms: number): DotnetDate | null {
  if (!Number.isFinite(ms)) return null;
  const ticks = date.ticks + BigInt(Math.round(ms * 10_000));
  if (ticks < 0n || ticks > MAX_TICKS) return null;
  return { ticks, offsetMinutes: date.offsetMinutes };
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: number; // ticks
  dayOfWeek: number;
}

function partsOf(date: DotnetDate): Parts {
  const days = Number(date.ticks / TICKS_PER_DAY);
  let rest = date.ticks % TICKS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const hour = Number(rest / (60n * TICKS_PER_MINUTE));
  rest %= 60n * TICKS_PER_MINUTE;
  const minute = Number(rest / TICKS_PER_MINUTE);
  rest %= TICKS_PER_MINUTE;
  const second = Number(rest / TICKS_PER_SECOND);
  const fraction = Number(rest % TICKS_PER_SECOND);
  return { year, month, day, hour, minute, second, fraction, dayOfWeek: (days + 1) % 7 };
}

// ---------------------------------------------------------------------------------------------
// Parsing (DateTime.TryParse / DateTimeOffset.TryParse, en-US), for the shapes people write.

const monthNames = MONTHS.map((m) => m.toLowerCase());

function monthFromName(name: string): number {
  const lower = name.toLowerCase().replace(/\.$/, '');
  const full = monthNames.indexOf(lower);
  if (full >= 0) return full + 1;
  if (lower.length >= 3) {
    const short = monthNames.findIndex((m) => m.slice(0, 3) === lower.slice(0, 3) && m.startsWith(lower));
    if (short >= 0) return short + 1;
  }
  return 0;
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([AaPp][Mm]?)?`;
const ZONE = String.raw`(Z|GMT|UTC|[+-]\d{1,2}(?::?\d{2})?)`;
const dateForms: { re: RegExp; order: 'ymd' | 'mdy' | 'dmy-name' | 'mdy-name' }[] = [
  {
    re: new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s+)${TIME})?\s*${ZONE}?$`, 'i'),
    order: 'ymd',
  },
  {
    re: new RegExp(String.raw`^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?:\s+${TIME})?\s*${ZONE}?$`, 'i'),
    order: 'mdy',
  },
  {
    re: new RegExp(
      String.raw`^(?:[A-Za-z]+,?\s+)?(\d{1,2})[\s-]+([A-Za-z]+\.?)[\s-,]+(\d{4})(?:\s+${TIME})?\s*${ZONE}?$`,
      'i',
    ),
    order: 'dmy-name',
  },
  {
    re: new RegExp(
      String.raw`^(?:[A-Za-z]+,?\s+)?([A-Za-z]+\.?)\s+(\d{1,2}),?\s+(\d{4})(?:\s+${TIME})?\s*${ZONE}?$`,
      'i',
    ),
    order: 'mdy-name',
  },
];

/** Parses date text the way `DateTime(Offset).TryParse` does for common en-US and ISO shapes. */
export function parseDateTime(text: string): DotnetDate | null {
  const s = text.trim();
  for (const { re, order } of dateForms) {
    const m = re.exec(s);
    if (!m) continue;
    let year: number;
    let month: number;
    let day: number;
    if (order === 'ymd') [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    else if (order === 'mdy') [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    else if (order === 'dmy-name') [day, month, year] = [Number(m[1]), monthFromName(m[2]), Number(m[3])];
    else [month, day, year] = [monthFromName(m[1]), Number(m[2]), Number(m[3])];
    if (m[3].length === 2 && order === 'mdy') year += year < 50 ? 2000 : 1900;
    let hour = m[4] !== undefined ? Number(m[4]) : 0;
    const minute = m[5] !== undefined ? Number(m[5]) : 0;
    const second = m[6] !== undefined ? Number(m[6]) : 0;
    const fraction = m[7] !== undefined ? Number(m[7].slice(0, 7).padEnd(7, '0')) : 0;
    const ampm = m[8]?.toUpperCase();
    if (ampm) {
      if (hour < 1 || hour > 12) return null;
      if (ampm.startsWith('P') && hour < 12) hour += 12;
      if (ampm.startsWith('A') && hour === 12) hour = 0;
    }
    let offset: number | null = null;
    const zone = m[9];
    if (zone) {
      if (/^(Z|GMT|UTC)$/i.test(zone)) offset = 0;
      else {
        const z = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone)!;
        offset = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0));
        if (Math.abs(offset) > 14 * 60) return null;
      }
    }
    return makeDate(year, month, day, hour, minute, second, fraction, offset);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Formatting (DateTime.ToString / DateTimeOffset.ToString, en-US).

const standardPatterns: Record<string, string> = {
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  f: 'dddd, MMMM d, yyyy h:mm tt',
  F: 'dddd, MMMM d, yyyy h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  m: 'MMMM d',
  M: 'MMMM d',
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  y: 'MMMM yyyy',
  Y: 'MMMM yyyy',
};

/**
 * `date.ToString(format)`; `asOffset` formats as a DateTimeOffset (unspecified dates are taken
 * as UTC, since there is no machine time zone here). Null where .NET throws FormatException.
 */
export function formatDateTime(date: DotnetDate, format: string, asOffset: boolean): string | null {
  const offset = asOffset ? (date.offsetMinutes ?? 0) : date.offsetMinutes;
  if (format === '') format = asOffset ? 'G zzz' : 'G';
  if (format.length === 1) {
    switch (format) {
      case 'o':
      case 'O': {
        const base = formatCustom(date, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff", offset);
        return offset === null ? base : base + formatOffset(offset, 3);
      }
      case 'r':
      case 'R':
        return formatCustom(toUtc(date, offset), "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'", 0);
      case 'u':
        return formatCustom(toUtc(date, offset), "yyyy'-'MM'-'dd HH':'mm':'ss'Z'", 0);
      case 'U':
        if (asOffset) return null;
        return formatCustom(toUtc(date, offset), 'dddd, MMMM d, yyyy h:mm:ss tt', 0);
      default: {
        const pattern = standardPatterns[format];
        return pattern ? formatCustom(date, pattern, offset) : null;
      }
    }
  }
  return formatCustom(date, format, offset);
}

function toUtc(date: DotnetDate, offset: number | null): DotnetDate {
  return { ticks: date.ticks - BigInt(offset ?? 0) * TICKS_PER_MINUTE, offsetMinutes: 0 };
}

function formatOffset(minutes: number, width: 1 | 2 | 3): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  if (width === 1) return sign + h;
  if (width === 2) return sign + String(h).padStart(2, '0');
  return sign + String(h).padStart(2, '0') + ':' + String(m).padStart(2, '0');
}

function formatCustom(date: DotnetDate, format: string, offset: number | null): string | null {
  const p = partsOf(date);
  let out = '';
  let i = 0;
  const run = (c: string): number => {
    let n = 1;
    while (format[i + n] === c) n++;
    return n;
  };
  while (i < format.length) {
    const c = format[i];
    let n = 1;
    switch (c) {
      case 'd':
        n = run(c);
        out += n === 1 ? p.day : n === 2 ? pad(p.day, 2) : n === 3 ? DAYS[p.dayOfWeek].slice(0, 3) : DAYS[p.dayOfWeek];
        break;
      case 'f':
      case 'F': {
        n = run(c);
        if (n > 7) return null;
        const digits = String(p.fraction).padStart(7, '0').slice(0, n);
        if (c === 'f') out += digits;
        else {
          const trimmed = digits.replace(/0+$/, '');
          if (trimmed) out += trimmed;
          else if (out.endsWith('.')) out = out.slice(0, -1);
        }
        break;
      }
      case 'g':
        n = run(c);
        out += 'A.D.';
        break;
      case 'h':
        n = run(c);
        out += n === 1 ? p.hour % 12 || 12 : pad(p.hour % 12 || 12, 2);
        break;
      case 'H':
        n = run(c);
        out += n === 1 ? p.hour : pad(p.hour, 2);
        break;
      case 'K':
        out += offset === null ? '' : formatOffset(offset, 3);
        break;
      case 'm':
        n = run(c);
        out += n === 1 ? p.minute : pad(p.minute, 2);
        break;
      case 'M':
        n = run(c);
        out +=
          n === 1
            ? p.month
            : n === 2
              ? pad(p.month, 2)
              : n === 3
                ? MONTHS[p.month - 1].slice(0, 3)
                : MONTHS[p.month - 1];
        break;
      case 's':
        n = run(c);
        out += n === 1 ? p.second : pad(p.second, 2);
        break;
      case 't':
        n = run(c);
        out += n === 1 ? (p.hour < 12 ? 'A' : 'P') : p.hour < 12 ? 'AM' : 'PM';
        break;
      case 'y':
        n = run(c);
        out += n === 1 ? p.year % 100 : n === 2 ? pad(p.year % 100, 2) : pad(p.year, n);
        break;
      case 'z': {
        n = run(c);
        const o = offset ?? 0;
        out += formatOffset(o, n >= 3 ? 3 : (n as 1 | 2));
        break;
      }
      case ':':
        out += ':';
        break;
      case '/':
        out += '/';
        break;
      case "'":
      case '"': {
        const end = format.indexOf(c, i + 1);
        if (end < 0) return null;
        out += format.slice(i + 1, end);
        n = end - i + 1;
        break;
      }
      case '%':
        if (i + 1 >= format.length || format[i + 1] === '%') return null;
        break;
      case '\\':
        if (i + 1 >= format.length) return null;
        out += format[i + 1];
        n = 2;
        break;
      default:
        out += c;
    }
    i += n;
  }
  return out;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
