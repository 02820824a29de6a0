// Access rules: which hosts need no token, how a token or a session is presented, and the Host header check.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  checkAccess,
  hostHeaderAllowed,
  isLocalHost,
  MAX_SESSIONS,
  sessionCookie,
  sessionCookieName,
  Sessions,
  withoutToken,
} from '../../../src/server/access.js';

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('isLocalHost', () => {
  it('accepts only the loopback names served without a token', () => {
    for (const host of ['127.0.0.1', '::1', '[::1]', 'localhost', 'LOCALHOST'])
      expect(isLocalHost(host)).toBe(true);
    // README, headless mode: binds 127.0.0.1 by default; any other address requires a token (other 127/8 addresses too).
    for (const host of ['0.0.0.0', '::', '192.0.2.2', '127.0.0.2', 'example.org'])
      expect(isLocalHost(host)).toBe(false);
  });
});

describe('checkAccess', () => {
  const url = (query = ''): URL => new URL(`http://127.0.0.1:7340/api/snapshot${query}`);
  const cookieName = sessionCookieName(7340);

  it('lets in the token in a Bearer header, in any case of the scheme (RFC 7235 § 2.1)', () => {
    const sessions = new Sessions();
    for (const authorization of ['Bearer s3cret', 'bearer s3cret', 'BEARER  s3cret ', 'BeArEr\ts3cret'])
      expect(checkAccess(request({ authorization }), url(), 's3cret', sessions, cookieName)).toBe('header');
  });

  it('lets in the token in the query (a login) and a session id this server handed out', () => {
    const sessions = new Sessions();
    expect(checkAccess(request({}), url('?token=s3cret'), 's3cret', sessions, cookieName)).toBe('query');
    const id = sessions.create();
    expect(
      checkAccess(request({ cookie: `a=b; ${cookieName}=${id}` }), url(), 's3cret', sessions, cookieName),
    ).toBe('session');
    // A valid session with the token in the address still logs in, so the redirect drops the token.
    expect(
      checkAccess(
        request({ cookie: `${cookieName}=${id}` }),
        url('?token=s3cret'),
        's3cret',
        sessions,
        cookieName,
      ),
    ).toBe('query');
  });

  it('refuses a missing, wrong or differently sized token, another scheme, and the token itself as a cookie', () => {
    const sessions = new Sessions();
    const refused = (headers: Record<string, string>, query = ''): void =>
      expect(checkAccess(request(headers), url(query), 's3cret', sessions, cookieName)).toBeNull();
    refused({});
    refused({ authorization: 'Bearer s3creT' });
    refused({ authorization: 'Basic s3cret' });
    refused({ authorization: 'Bearers3cret' });
    refused({}, '?token=');
    refused({}, '?token=s3cret-and-more');
    // The old cookie carried the token; now only a session id counts, and only under this port's name.
    refused({ cookie: 'carbontray_token=s3cret' });
    refused({ cookie: `${cookieName}=s3cret` });
    refused({ cookie: `${cookieName}=not-a-session` });
  });

  it("refuses another port's session: each server names its cookie by its port", () => {
    const here = new Sessions();
    const other = new Sessions();
    const id = other.create();
    expect(
      checkAccess(request({ cookie: `${sessionCookieName(7341)}=${id}` }), url(), 's3cret', here, cookieName),
    ).toBeNull();
  });
});

describe('Sessions', () => {
  it('hands out 256-bit random ids in base64url (43 characters), each different', () => {
    const sessions = new Sessions();
    const ids = Array.from({ length: 100 }, () => sessions.create());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(ids).size).toBe(100);
  });

  it(`keeps at most ${MAX_SESSIONS}, ending the oldest first, and forgets every one on clear()`, () => {
    const sessions = new Sessions();
    const first = sessions.create();
    const second = sessions.create();
    for (let i = 2; i < MAX_SESSIONS; i++) sessions.create();
    expect(sessions.size).toBe(MAX_SESSIONS);
    expect(sessions.has(first)).toBe(true);
    sessions.create();
    expect(sessions.size).toBe(MAX_SESSIONS);
    expect(sessions.has(first)).toBe(false);
    expect(sessions.has(second)).toBe(true);
    sessions.clear();
    expect(sessions.has(second)).toBe(false);
  });
});

describe('sessionCookie and withoutToken', () => {
  it('names the cookie by port and keeps it from scripts and other sites', () => {
    expect(sessionCookieName(7340)).toBe('carbontray_session_7340');
    expect(sessionCookie('carbontray_session_7340', 'abc')).toBe(
      'carbontray_session_7340=abc; HttpOnly; SameSite=Strict; Path=/',
    );
  });

  it('redirects to the same path and query without the token, never to another site', () => {
    const at = (path: string): string => withoutToken(new URL(path, 'http://server.invalid'));
    expect(at('/?token=k')).toBe('/');
    expect(at('/api/history?token=k&stepS=60')).toBe('/api/history?stepS=60');
    expect(at('/x?a=1&token=k&token=j&b=2')).toBe('/x?a=1&b=2');
    // The server parses req.url against its own base the same way: a path that still starts with // after
    // parsing (`/.//x` becomes `//x`) would be a redirect to the site x; it collapses to /x.
    expect(at('/.//evil.example/?token=k')).toBe('/evil.example/');
    expect(at('//evil.example/?token=k')).toBe('/');
  });
});

describe('hostHeaderAllowed', () => {
  it('accepts loopback names and the bound address, with or without a port', () => {
    expect(hostHeaderAllowed('127.0.0.1:7340', '127.0.0.1')).toBe(true);
    expect(hostHeaderAllowed('localhost:7340', '127.0.0.1')).toBe(true);
    expect(hostHeaderAllowed('[::1]:7340', '::1')).toBe(true);
  });

  it('refuses other names (DNS rebinding) and a missing or malformed header', () => {
    expect(hostHeaderAllowed('evil.example:7340', '127.0.0.1')).toBe(false);
    expect(hostHeaderAllowed(undefined, '127.0.0.1')).toBe(false);
    expect(hostHeaderAllowed('bad host', '127.0.0.1')).toBe(false);
  });
});
