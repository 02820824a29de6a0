// Access rules: which hosts need no token, where a token may be presented, and the Host header check.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hostHeaderAllowed, isLocalHost, presentedToken, tokenCookie } from '../../../src/server/access.js';

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

describe('presentedToken', () => {
  const url = (query = ''): URL => new URL(`http://127.0.0.1:7340/api/snapshot${query}`);

  it('finds the token in the header, the cookie or the query', () => {
    expect(presentedToken(request({ authorization: 'Bearer s3cret' }), url(), 's3cret')).toBe('header');
    expect(presentedToken(request({ cookie: 'a=b; carbontray_token=s3cret' }), url(), 's3cret')).toBe(
      'cookie',
    );
    expect(presentedToken(request({}), url('?token=s3cret'), 's3cret')).toBe('query');
  });

  it('refuses a missing, wrong or differently sized token', () => {
    expect(presentedToken(request({}), url(), 's3cret')).toBeNull();
    expect(presentedToken(request({ authorization: 'Bearer s3creT' }), url(), 's3cret')).toBeNull();
    expect(presentedToken(request({ authorization: 'Basic s3cret' }), url(), 's3cret')).toBeNull();
    expect(
      presentedToken(request({ cookie: 'carbontray_token=s3cret-and-more' }), url(), 's3cret'),
    ).toBeNull();
    expect(presentedToken(request({ cookie: 'carbontray_token=%E0%A4%A' }), url(), 's3cret')).toBeNull();
    expect(presentedToken(request({}), url('?token='), 's3cret')).toBeNull();
  });

  it('keeps the token in an HttpOnly, same-site cookie', () => {
    expect(tokenCookie('a b')).toBe('carbontray_token=a%20b; HttpOnly; SameSite=Strict; Path=/');
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
