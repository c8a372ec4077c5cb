import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { ApiError, MESSAGES } from '../errors';

/**
 * DNS rebinding: a web page on `evil.example` whose name later resolves to 127.0.0.1 can make the
 * browser send requests to this server — with `Host: evil.example`. A server listening on loopback
 * therefore answers only requests addressed to a loopback name (localhost, 127.x.x.x, [::1], any
 * port). Listening on another address (`--host`) also accepts that address; listening on every
 * address (0.0.0.0, ::) accepts any name, as the machine's names cannot be known.
 */
export function hostCheckHook(listenHost: string): ((request: FastifyRequest) => Promise<void>) | undefined {
  const listen = bare(listenHost.toLowerCase());
  if (listen === '0.0.0.0' || listen === '::' || listen === '') return undefined;
  const accepted = (name: string) => isLoopbackName(name) || name === listen;
  return async (request) => {
    const header = request.headers.host ?? '';
    const name = hostName(header);
    if (name !== undefined && accepted(name)) return;
    throw new ApiError(400, MESSAGES.badRequest, [
      `The Host header '${header.slice(0, 100)}' does not name this server. It answers to localhost, 127.0.0.1 and [::1]${isLoopbackName(listen) ? '' : ` and ${listenHost}`}; to serve other names, start it with --host.`,
    ]);
  };
}

/** localhost, 127.x.x.x and ::1 (lower case, without brackets or port). */
export function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name === '::1') return true;
  const parts = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  return !!parts && parts.slice(1).every((p) => Number(p) <= 255);
}

/** The name of `Host: name[:port]` / `[v6][:port]`, lower case; undefined when malformed. */
function hostName(header: string): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/i.exec(header.trim());
  if (!match) return undefined;
  const name = bare(match[1].toLowerCase());
  return match[1].startsWith('[') && isIP(name) !== 6 ? undefined : name;
}

function bare(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
