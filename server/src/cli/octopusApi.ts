/**
 * The few Octopus REST calls `stepwise pull` (and its round-trip test's push) makes, on Node's
 * `fetch`. The CLI runs without VS Code, so it does not use the extension's client; the error
 * sentences are the ones the extension shows (core/src/octopus/errors.ts).
 * The API key goes in a header only: it is in no message this module makes.
 */
import { describeNetworkError, errorFromResponse, OctopusError } from '@stepwise/core/octopus/errors';

export { OctopusError };

const TIMEOUT_MS = 30_000;
const PAGE = 500;

export interface Named {
  Id: string;
  Name: string;
  Slug?: string;
}

export class OctopusApi {
  readonly baseUrl: string;

  constructor(
    url: string,
    private readonly apiKey: string,
  ) {
    this.baseUrl = normalizeUrl(url);
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path, undefined);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  /** Every item of a paged collection (`?skip&take`), page by page. */
  async all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    for (let skip = 0; ; skip += PAGE) {
      const page = await this.get<{ Items: T[]; TotalResults?: number }>(
        `${path}${path.includes('?') ? '&' : '?'}skip=${skip}&take=${PAGE}`,
      );
      items.push(...page.Items);
      if (page.Items.length < PAGE || (page.TotalResults !== undefined && items.length >= page.TotalResults))
        return items;
    }
  }

  private async request<T>(method: string, path: string, body: unknown): Promise<T> {
    const url = this.baseUrl + path;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          Accept: 'application/json',
          'X-Octopus-ApiKey': this.apiKey,
          'User-Agent': 'stepwise-cli',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new OctopusError(
        timedOut ? 'timeout' : 'unreachable',
        timedOut
          ? `${this.baseUrl} did not answer within ${TIMEOUT_MS / 1000} s`
          : `cannot reach ${this.baseUrl}: ${describeNetworkError(error)}`,
        { method, url },
      );
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text.trim() ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
      if (response.ok)
        throw new OctopusError(
          'not-octopus',
          `${this.baseUrl} answered ${method} ${path} with something that is not JSON: is it an Octopus server?`,
          { method, url },
        );
    }
    if (!response.ok) throw errorFromResponse(response.status, json, { method, url });
    return json as T;
  }
}

/** `https://octopus.example.com/`, `…/api` → `https://octopus.example.com`; throws TypeError for a non-http(s) address. */
export function normalizeUrl(url: string): string {
  const parsed = new URL(
    url
      .trim()
      .replace(/\/+$/, '')
      .replace(/\/api$/i, ''),
  );
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new TypeError(`'${url}' is not an http(s) address`);
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString().replace(/\/+$/, '');
}

/** The one item whose id, slug or name (case-insensitively) is `wanted`. */
export function findNamed<T extends Named>(items: T[], wanted: string): T | undefined {
  const lower = wanted.toLowerCase();
  return (
    items.find((i) => i.Id === wanted) ??
    items.find((i) => i.Slug?.toLowerCase() === lower) ??
    items.find((i) => i.Name.toLowerCase() === lower)
  );
}
