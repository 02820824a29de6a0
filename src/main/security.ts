// Hardening of every window and session: app-origin only, no navigation, no new windows, no permissions, CSP.
import { readFile } from 'node:fs/promises';
import { app, protocol, session, shell, type Session, type WebContents } from 'electron';
import { APP_SCHEME, contentTypeOf, isAppUrl, resolveAppFile } from './app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../shared/csp.js';

/** Must run before `app` is ready: the app scheme behaves like https (secure context, same-origin rules). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves `rendererDir` on the app origin, every response carrying the CSP. */
export function serveRenderer(target: Session, rendererDir: string): void {
  target.protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    const body = file === null ? null : await readFile(file).catch(() => null);
    const headers: Record<string, string> = {
      'content-type': file && body ? contentTypeOf(file) : 'text/plain; charset=utf-8',
    };
    headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    headers['x-content-type-options'] = 'nosniff';
    if (file === null || body === null) return new Response('not found', { status: 404, headers });
    return new Response(new Uint8Array(body), { status: 200, headers });
  });
}

/** Denies every permission request and check (camera, notifications, geolocation…): the popup needs none. */
export function denyPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
}

/** Only https links leave the app, and only to the user's browser. */
function openInBrowser(url: string): void {
  if (new URL(url).protocol === 'https:') void shell.openExternal(url);
}

/** Locks down one web contents: navigation stays on the app origin, new windows and webviews are refused. */
export function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url);
    return { action: 'deny' };
  });
}

/** Applies the hardening to the default session and every web contents created from now on. */
export function hardenApp(rendererDir: string): void {
  denyPermissions(session.defaultSession);
  serveRenderer(session.defaultSession, rendererDir);
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
}
