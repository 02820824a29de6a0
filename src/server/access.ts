// Who may talk to the headless server: the token (header, cookie or query) and the Host header check.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Cookie set when a page is opened with `?token=`, so its scripts, fetches and event stream carry it. */
export const TOKEN_COOKIE = 'carbontray_token';

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
    if (key === name) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** How the request presented the token, if at all. `query` means the cookie should be set. */
export type TokenCarrier = 'header' | 'cookie' | 'query' | null;

/** Finds a matching token in the Authorization header, the cookie or the `token` query parameter. */
export function presentedToken(req: IncomingMessage, url: URL, token: string): TokenCarrier {
  const auth = req.headers.authorization;
  if (auth !== undefined && auth.startsWith('Bearer ') && equalSecret(auth.slice(7).trim(), token)) {
    return 'header';
  }
  const cookie = cookieValue(req.headers.cookie, TOKEN_COOKIE);
  if (cookie !== null && equalSecret(cookie, token)) return 'cookie';
  const query = url.searchParams.get('token');
  if (query !== null && equalSecret(query, token)) return 'query';
  return null;
}

/** The `Set-Cookie` value that keeps the token for the page's own requests (never readable by scripts). */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
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
