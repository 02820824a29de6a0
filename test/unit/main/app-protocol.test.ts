import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, contentTypeOf, isAppUrl, resolveAppFile } from '../../../src/main/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/csp.js';

const root = join('/opt', 'carbon-tray', 'dist', 'renderer');

describe('resolveAppFile', () => {
  it('maps app URLs to files under the renderer folder', () => {
    expect(resolveAppFile(root, APP_INDEX_URL)).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'carbon-tray://app/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'carbon-tray://app/assets/index-3f2a.js?v=1#x')).toBe(
      join(root, 'assets', 'index-3f2a.js'),
    );
    expect(resolveAppFile(root, 'carbon-tray://app/a%20b.css')).toBe(join(root, 'a b.css'));
  });

  it('refuses paths that leave the folder, other origins and malformed escapes', () => {
    // The WHATWG URL parser resolves dot segments, plain or %2e-encoded, at the origin's root: they stay inside.
    expect(resolveAppFile(root, 'carbon-tray://app/../../etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(resolveAppFile(root, 'carbon-tray://app/%2e%2e/%2e%2e/etc/passwd')).toBe(
      join(root, 'etc', 'passwd'),
    );
    // An encoded slash survives parsing and is decoded afterwards: refused.
    expect(resolveAppFile(root, 'carbon-tray://app/..%2fsecret')).toBeNull();
    expect(resolveAppFile(root, 'carbon-tray://app/a%5c..%5c..%5csecret')).toBeNull();
    expect(resolveAppFile(root, 'carbon-tray://app/%00.html')).toBeNull();
    expect(resolveAppFile(root, 'carbon-tray://app/%E0%A4%A')).toBeNull();
    expect(resolveAppFile(root, 'carbon-tray://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'file:///etc/passwd')).toBeNull();
    expect(resolveAppFile(root, 'https://app/index.html')).toBeNull();
  });
});

describe('isAppUrl', () => {
  it('accepts only the app origin', () => {
    expect(isAppUrl('carbon-tray://app/index.html#settings')).toBe(true);
    expect(isAppUrl('carbon-tray://evil/index.html')).toBe(false);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('allows no inline script, no eval, no remote origin', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|https?:|\*/);
  });
});

describe('contentTypeOf', () => {
  it('serves vite output with the right types', () => {
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/x/assets/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/a.bin')).toBe('application/octet-stream');
  });
});
