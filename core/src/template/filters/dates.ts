/** Date filters: NowDate, NowDateUtc, AddHours, AddDays (output in .NET's round-trip `O` format). */
import { addMilliseconds, formatDateTime, fromJsDate, parseDateTime } from '../dotnet/dateTime';
import { parseInvariantDouble } from '../dotnet/number';
import type { TemplateFilter } from './types';

export const nowDate: TemplateFilter = (arg, options, context) => {
  if (arg !== null || options.length > 1) return null;
  return formatDateTime(fromJsDate(context.now(), false), options[0] ?? 'O', false);
};

export const nowDateUtc: TemplateFilter = (arg, options, context) => {
  if (arg !== null || options.length > 1) return null;
  const date = fromJsDate(context.now(), true);
  // DateTime.UtcNow has Kind=Utc: `O` and `K` print `Z`.
  const formatted = formatDateTime({ ...date, offsetMinutes: 0 }, options[0] ?? 'O', false);
  return options.length === 0 && formatted ? formatted.replace(/\+00:00$/, 'Z') : formatted;
};

function shiftBy(msPerUnit: number): TemplateFilter {
  return (arg, options) => {
    if (arg === null || options.length !== 1) return null;
    const amount = parseInvariantDouble(options[0]);
    const date = parseDateTime(arg);
    if (amount === null || !date) return null;
    const shifted = addMilliseconds(date, amount * msPerUnit);
    return shifted ? formatDateTime(shifted, 'O', date.offsetMinutes !== null) : null;
  };
}

export const addHours = shiftBy(3_600_000);
export const addDays = shiftBy(86_400_000);
