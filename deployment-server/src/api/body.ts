import { badRequest } from '../errors';

/**
 * A JSON request body read field by field. Keys are matched case-insensitively, because
 * api-client sends `spaceId`/`spaceIdOrName` in camelCase next to PascalCase fields (docs/reference/octopus-api-contract.md §1.3).
 * Wrong types are collected and reported together as one 400.
 */
export class Body {
  private readonly fields = new Map<string, unknown>();
  private readonly errors: string[] = [];

  constructor(raw: unknown, what = 'The request body') {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      throw badRequest(`${what} must be a JSON object.`);
    for (const [key, value] of Object.entries(raw)) this.fields.set(key.toLowerCase(), value);
  }

  has(name: string): boolean {
    return this.fields.has(name.toLowerCase());
  }

  raw(name: string): unknown {
    return this.fields.get(name.toLowerCase());
  }

  string(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    this.errors.push(`${name} must be a string.`);
    return undefined;
  }

  boolean(name: string): boolean {
    const value = this.raw(name);
    if (value === undefined || value === null) return false;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    this.errors.push(`${name} must be true or false.`);
    return false;
  }

  strings(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined || value === null) return [];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    if (typeof value === 'string')
      return value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    this.errors.push(`${name} must be a list of strings.`);
    return [];
  }

  record(name: string): Record<string, string> {
    const value = this.raw(name);
    if (value === undefined || value === null) return {};
    if (
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.values(value).every((v) => ['string', 'number', 'boolean'].includes(typeof v) || v === null)
    ) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null ? '' : String(v)]));
    }
    this.errors.push(`${name} must be an object of names to text values.`);
    return {};
  }

  /** Throws one 400 with every type error found so far. */
  check(): void {
    if (this.errors.length) throw badRequest(...this.errors);
  }
}
