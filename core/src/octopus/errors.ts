/**
 * Everything that can go wrong talking to an Octopus server, as one error type whose `kind`
 * says what a person can do about it, and whose message already reads as a sentence.
 */
import type { OctopusErrorBody } from './apiResources';

export type OctopusErrorKind =
  /** Nothing answered: connection refused, unknown host, TLS failure. */
  | 'unreachable'
  /** Something answered, but not within the time allowed. */
  | 'timeout'
  /** The caller cancelled (a VS Code cancellation token, an AbortSignal). */
  | 'cancelled'
  /** 401: no key, or a key the server does not accept. */
  | 'unauthorized'
  /** 403: the key's user may not do this. */
  | 'forbidden'
  /** 404. */
  | 'not-found'
  /** 400/409/422: the server refused the request and said why (a lifecycle refusal, a duplicate version…). */
  | 'refused'
  /** 5xx, or another unexpected status. */
  | 'server-error'
  /** A 2xx that is not what an Octopus server sends (HTML from a proxy, a different service…). */
  | 'not-octopus';

/** Octopus's error body, as read from any server: every field may be missing. */
type ErrorBodyAsRead = Partial<OctopusErrorBody>;

export class OctopusError extends Error {
  override readonly name = 'OctopusError';

  constructor(
    readonly kind: OctopusErrorKind,
    message: string,
    readonly details: {
      status?: number;
      method?: string;
      url?: string;
      /** The individual `Errors[]` of the body, kept apart (api-client folds them away). */
      errors?: string[];
      /** What the server itself said (its `ErrorMessage` and `Errors`), for the log when the message is ours. */
      serverMessage?: string;
      helpText?: string;
      helpLink?: string;
      /** A server stack trace, for the log only. */
      fullException?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message);
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused — is the server running?',
  ENOTFOUND: 'the host name could not be found',
  EAI_AGAIN: 'the host name could not be looked up (DNS)',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  EPIPE: 'the connection closed while sending',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain has a self-signed certificate that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate could not be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate does not match the host name',
};

/** The reason behind Node's `fetch failed`, in words: the innermost cause that says something. */
export function describeNetworkError(error: unknown): string {
  let cause: unknown = error;
  let said = (error as Error)?.message || String(error);
  for (let depth = 0; depth < 5 && cause; depth++) {
    const code = (cause as { code?: string }).code;
    if (code && NETWORK_CODES[code]) return NETWORK_CODES[code];
    const message = (cause as Error).message;
    if (message && message !== 'fetch failed') said = message;
    cause = (cause as { cause?: unknown }).cause;
  }
  return said;
}

/**
 * The readable message of an Octopus error body: `ErrorMessage`, then each of `Errors` that says
 * more than it; undefined when the body is not Octopus's.
 */
export function messageOfBody(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { ErrorMessage, Errors } = body as ErrorBodyAsRead;
  const errors = Array.isArray(Errors) ? Errors.filter((e) => typeof e === 'string' && e.trim()) : [];
  const head = typeof ErrorMessage === 'string' ? ErrorMessage.trim() : '';
  // "There was a problem with your request." says nothing once the errors themselves are listed.
  const generic = /^There was a problem with your request\.?$/i.test(head);
  const parts = [...(head && !(generic && errors.length) ? [head] : []), ...errors.filter((e) => e.trim() !== head)];
  if (!parts.length) return undefined;
  return parts.map((p) => p.trim().replace(/\.+$/, '')).join('. ') + '.';
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function kindOfStatus(status: number): OctopusErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 400 || status === 409 || status === 422) return 'refused';
  return 'server-error';
}

/** An HTTP error response as an OctopusError with the server's own words when it gave any. */
export function errorFromResponse(
  status: number,
  body: unknown,
  request: { method: string; url: string },
): OctopusError {
  const kind = kindOfStatus(status);
  const said = messageOfBody(body);
  const fallback =
    kind === 'unauthorized'
      ? 'The server did not accept the API key.'
      : kind === 'not-found'
        ? `${new URL(request.url).pathname} was not found on the server.`
        : `The server answered ${status} ${STATUS_TEXT[status] ?? ''}`.trim() + '.';
  const b = (body && typeof body === 'object' ? body : {}) as ErrorBodyAsRead;
  return new OctopusError(kind, said ?? fallback, {
    status,
    method: request.method,
    url: request.url,
    errors: Array.isArray(b.Errors) ? b.Errors : [],
    serverMessage: said,
    helpText: typeof b.HelpText === 'string' ? b.HelpText : undefined,
    helpLink: typeof b.HelpLink === 'string' ? b.HelpLink : undefined,
    fullException: typeof b.FullException === 'string' ? b.FullException : undefined,
  });
}
