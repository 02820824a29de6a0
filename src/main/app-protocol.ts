// The app's own origin (carbon-tray://app/): serves the built renderer with a strict CSP, nothing outside it.
import { extname, join, normalize, sep } from 'node:path';

/** Scheme and origin of the popup's documents; IPC is accepted only from this origin. */
export const APP_SCHEME = 'carbon-tray';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
/** The popup's document. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** True for URLs of the app's own origin. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'app';
  } catch {
    return false;
  }
}

/**
 * The file under `root` that an app URL names (`/` is `index.html`), or `null` for any other origin, an
 * undecodable path, or a path that would leave `root` (`..`, encoded slashes, absolute paths).
 */
export function resolveAppFile(root: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const relative = normalize(path === '/' ? 'index.html' : path.replace(/^\/+/, ''));
  if (relative.startsWith('..') || relative.startsWith(sep)) return null;
  const file = join(root, relative);
  return file.startsWith(normalize(root + sep)) ? file : null;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** The Content-Type of a renderer file (vite's output kinds); anything else is served as bytes. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
