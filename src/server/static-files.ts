// Serves the built renderer (dist/renderer) read-only, with a strict Content-Security-Policy.
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/csp.js';
import { SECONDS_PER_YEAR } from '../shared/time.js';

/** Headers sent with every response of the server. */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The files of one built renderer folder. */
export class StaticFiles {
  private readonly root: string;

  constructor(rootDir: string) {
    this.root = resolve(rootDir);
  }

  /** Answers `pathname` from the folder; false when there is no such file (the caller sends 404). */
  async serve(pathname: string, res: ServerResponse, headOnly: boolean): Promise<boolean> {
    const relative = pathname === '/' ? '/index.html' : pathname;
    if (relative.includes('\0')) return false;
    const file = resolve(this.root, `.${relative}`);
    if (!file.startsWith(this.root + sep)) return false;
    const type = CONTENT_TYPES[extname(file).toLowerCase()];
    if (type === undefined) return false;
    let body: Buffer;
    try {
      if (!(await stat(file)).isFile()) return false;
      body = await readFile(file);
    } catch {
      return false;
    }
    res.writeHead(200, {
      'content-type': type,
      'content-length': body.length,
      // Vite names assets by content hash, so they never change; the page itself always revalidates.
      'cache-control': relative.startsWith('/assets/')
        ? `public, max-age=${SECONDS_PER_YEAR}, immutable`
        : 'no-cache',
    });
    res.end(headOnly ? undefined : body);
    return true;
  }
}
