// Who may talk to the headless server: the token (header or a one-time `?token=` login), the session cookie that
// login hands out, and the Host header check.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The session cookie's name for a server on `port`. Browsers send a host's cookies to every port of it, so each
 * server names its own; it holds a random session id, never the token.
 */
export function sessionCookieName(port: number): string {
  return `carbontray_session_${port}`;
}

/** Sessions kept at most; a newer login ends the oldest one. */
export const MAX_SESSIONS = 1000;

/** Bytes of randomness in a session id (256 bits, written base64url). */
const SESSION_ID_BYTES = 32;

/** The sessions of one running server, in memory only: they end when it stops. */
export class Sessions {
  private readonly ids = new Set<string>();

  /** A new random session id. */
  create(): string {
    const id = randomBytes(SESSION_ID_BYTES).toString('base64url');
    if (this.ids.size >= MAX_SESSIONS) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    this.ids.add(id);
    return id;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  get size(): number {
    return this.ids.size;
  }

  /** Ends every session (the server stops). */
  clear(): void {
    this.ids.clear();
  }
}

/** Addresses that only this machine can reach and that need no token: the default bind and its aliases. */
const LOCAL_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** True for the loopback addresses served without a token (127.0.0.1, ::1, localhost). */
export function isLocalHost(host: string): boolean {
  return LOCAL_HOSTS.has(stripBrackets(host).toLowerCase());
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function equalSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

/** The credentials of an `Authorization` header with the Bearer scheme, in any case (RFC 7235 § 2.1). */
function bearer(header: string | undefined): string | null {
  const match = header === undefined ? null : /^bearer[ \t]+(.+)$/i.exec(header.trim());
  return match ? (match[1] as string).trim() : null;
}

/**
 * How a request proved it may come in, if at all: the token in an `Authorization: Bearer` header, the token in
 * the `token` query parameter (a login: GET answers it with a session cookie and a redirect), or a session
 * cookie of this server. The query is looked at before the cookie, so a login always drops the token from the
 * address bar.
 */
export type Access = 'header' | 'query' | 'session' | null;

/** Checks a request against the server's token and its sessions (`cookieName`: `sessionCookieName(port)`). */
export function checkAccess(
  req: IncomingMessage,
  url: URL,
  token: string,
  sessions: Sessions,
  cookieName: string,
): Access {
  const credentials = bearer(req.headers.authorization);
  if (credentials !== null && equalSecret(credentials, token)) return 'header';
  const query = url.searchParams.get('token');
  if (query !== null && equalSecret(query, token)) return 'query';
  const session = cookieValue(req.headers.cookie, cookieName);
  if (session !== null && sessions.has(session)) return 'session';
  return null;
}

/** The `Set-Cookie` value of a session: never readable by scripts, never sent by other sites. */
export function sessionCookie(name: string, id: string): string {
  return `${name}=${id}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * Where a login redirects: the same path and query without `token`. Always a path on this server (leading
 * slashes collapse, so `//elsewhere.example/?token=…` cannot become a redirect to another site).
 */
export function withoutToken(url: URL): string {
  const params = new URLSearchParams(url.search);
  params.delete('token');
  const query = params.toString();
  return `/${url.pathname.replace(/^\/+/, '')}${query === '' ? '' : `?${query}`}`;
}

/**
 * Without a token, only Host headers naming a loopback address (or the bound one) are served: a web page
 * elsewhere cannot reach the API by rebinding its DNS name to 127.0.0.1.
 */
export function hostHeaderAllowed(hostHeader: string | undefined, boundHost: string): boolean {
  if (hostHeader === undefined) return false;
  let name: string;
  try {
    name = new URL(`http://${hostHeader}`).hostname;
  } catch {
    return false;
  }
  const bare = stripBrackets(name).toLowerCase();
  return isLocalHost(bare) || bare === stripBrackets(boundHost).toLowerCase();
}
