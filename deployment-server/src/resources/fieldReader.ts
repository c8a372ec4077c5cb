/**
 * Nested JSON input (a lifecycle's phases, a channel's rules) read field by field, keys matched
 * case-insensitively as Body does, every problem collected under its path (`Phases[1].Name`) so one
 * 400 lists them all.
 */
export class FieldReader {
  constructor(readonly errors: string[] = []) {}

  object(value: unknown, where: string): Map<string, unknown> | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.errors.push(`${where} must be a JSON object.`);
      return undefined;
    }
    return new Map(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]));
  }

  array(value: unknown, where: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.errors.push(`${where} must be a list.`);
    return [];
  }

  string(fields: Map<string, unknown>, name: string, where: string): string | undefined {
    const value = fields.get(name.toLowerCase());
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    this.errors.push(`${where}.${name} must be a string.`);
    return undefined;
  }

  strings(fields: Map<string, unknown>, name: string, where: string): string[] {
    const value = fields.get(name.toLowerCase());
    if (value === undefined || value === null) return [];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    this.errors.push(`${where}.${name} must be a list of strings.`);
    return [];
  }

  boolean(fields: Map<string, unknown>, name: string, where: string): boolean | undefined {
    const value = fields.get(name.toLowerCase());
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    this.errors.push(`${where}.${name} must be true or false.`);
    return undefined;
  }

  count(fields: Map<string, unknown>, name: string, where: string): number | undefined {
    const value = fields.get(name.toLowerCase());
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2147483647) return value;
    this.errors.push(`${where}.${name} must be a whole number from 0 to 2147483647.`);
    return undefined;
  }
}
