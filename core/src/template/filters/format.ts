/** The Format filter: .NET format strings for numbers and dates (en-US / invariant culture). */
import { formatDateTime, parseDateTime } from '../dotnet/dateTime';
import { formatNumber, int32ToParsed, parseDecimal, parseDouble, parseInt32 } from '../dotnet/number';
import type { TemplateFilter } from './types';

export const format: TemplateFilter = (arg, options) => {
  if (arg === null || options.length === 0) return null;
  if (options.length === 1) {
    const number = parseDecimal(arg);
    if (number) return formatNumber(number, options[0]);
    const date = parseDateTime(arg);
    return date ? formatDateTime(date, options[0], true) : null;
  }
  if (options.length !== 2) return null;
  const [type, fmt] = options;
  switch (type.toLowerCase()) {
    case 'int32':
    case 'int': {
      const n = parseInt32(arg);
      return n === null ? null : formatNumber(int32ToParsed(n), fmt);
    }
    case 'double': {
      const n = parseDouble(arg);
      return n ? formatNumber(n, fmt) : null;
    }
    case 'decimal': {
      const n = parseDecimal(arg);
      return n ? formatNumber(n, fmt) : null;
    }
    case 'date':
    case 'datetime': {
      const d = parseDateTime(arg);
      return d ? formatDateTime(d, fmt, false) : null;
    }
    case 'datetimeoffset': {
      const d = parseDateTime(arg);
      return d ? formatDateTime(d, fmt, true) : null;
    }
    default:
      return null;
  }
};
