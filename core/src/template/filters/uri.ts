/** UriPart: parts of a URI as .NET's System.Uri names them; errors come back as text. */
import type { TemplateFilter } from './types';

/** Default ports of the schemes .NET's UriParser knows; -1 where a scheme has none. */
const defaultPorts: Record<string, number> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  ftp: 21,
  gopher: 70,
  nntp: 119,
  mailto: 25,
  telnet: 23,
  ldap: 389,
  'net.tcp': 808,
  file: -1,
};

function hostNameType(host: string): string {
  if (host === '') return 'Basic';
  if (/^\[.*\]$/.test(host)) return 'IPv6';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return 'IPv4';
  return /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?$/.test(host) ? 'Dns' : 'Basic';
}

export const uriPart: TemplateFilter = (arg, options) => {
  if (arg === null) return null;
  if (!options.length) return '[UriPart error: no argument given]';
  const part = options[0];
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(arg);
  let url: URL | null = null;
  if (absolute) {
    try {
      url = new URL(arg);
    } catch {
      return arg;
    }
  }
  const relativeError = `[UriPart ${part} error: This operation is not supported for a relative URI.]`;
  const need = <T>(get: (u: URL) => T): T | string => (url ? get(url) : relativeError);
  const scheme = (u: URL) => u.protocol.replace(/:$/, '');
  const defaultPort = (u: URL) => defaultPorts[scheme(u)] ?? -1;
  const port = (u: URL) => (u.port ? Number(u.port) : defaultPort(u));
  // As in .NET, a port written out that is the scheme's default is still the default port
  // (WHATWG URL drops it only for its special schemes).
  const isDefaultPort = (u: URL) => port(u) === defaultPort(u);
  const host = (u: URL) => u.hostname;
  const userInfo = (u: URL) =>
    u.username ? decodeURIComponent(u.username) + (u.password ? ':' + decodeURIComponent(u.password) : '') : '';
  // Uri.Authority and the Port component: the port only when it is not the default.
  const authority = (u: URL) => host(u) + (isDefaultPort(u) ? '' : ':' + port(u));
  // The StrongPort component (HostAndPort): the default port too, when the scheme has one.
  const hostAndPort = (u: URL) => host(u) + (port(u) === -1 ? '' : ':' + port(u));
  switch (part.toLowerCase()) {
    case 'absolutepath':
      return String(need((u) => u.pathname));
    case 'absoluteuri':
      return String(need((u) => u.href));
    case 'authority':
      return String(need(authority));
    case 'dnssafehost':
      return String(need((u) => host(u).replace(/^\[|\]$/g, '')));
    case 'fragment':
      return String(need((u) => u.hash));
    case 'host':
      return String(need(host));
    case 'hostandport':
      return String(need(hostAndPort));
    case 'hostnametype':
      return String(need((u) => hostNameType(host(u))));
    case 'isabsoluteuri':
      return String(absolute);
    case 'isdefaultport':
      return String(need(isDefaultPort));
    case 'isfile':
      return String(need((u) => scheme(u) === 'file'));
    case 'isloopback':
      return String(need((u) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(host(u))));
    case 'isunc':
      return String(need((u) => scheme(u) === 'file' && host(u) !== ''));
    case 'path':
      return String(need((u) => decodeURIComponent(u.pathname)));
    case 'pathandquery':
      return String(need((u) => u.pathname + u.search));
    case 'port':
      return String(need(port));
    case 'query':
      return String(need((u) => u.search));
    case 'scheme':
      return String(need(scheme));
    case 'schemeandserver':
      return String(need((u) => `${scheme(u)}://${authority(u)}`));
    case 'userinfo':
      return String(need(userInfo));
    default:
      return `[UriPart ${part} error: argument '${part}' not supported]`;
  }
};
