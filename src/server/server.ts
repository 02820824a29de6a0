// The headless HTTP server: access control, the route table, the event streams, /metrics and the renderer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Api } from '../shared/api.js';
import type { SettledFeed } from '../shared/engine-facade.js';
import { FieldError, FileFault } from '../shared/errors.js';
import {
  checkAccess,
  hostHeaderAllowed,
  isLocalHost,
  sessionCookie,
  sessionCookieName,
  Sessions,
  withoutToken,
} from './access.js';
import { EventStreams } from './event-stream.js';
import { HttpError, sendError, sendJson } from './http-util.js';
import { MetricsCollector } from './metrics.js';
import { ROUTES } from './routes.js';
import { SECURITY_HEADERS, StaticFiles } from './static-files.js';

/** How to run the server. */
export interface HeadlessServerOptions {
  /** The engine: its Api, and its settled ticks for the `/metrics` counters. */
  api: Api & SettledFeed;
  /** Address to bind; anything but 127.0.0.1, ::1 or localhost requires `token`. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  token: string | null;
  /** The built renderer (dist/renderer); null serves the API only. */
  staticDir: string | null;
  /** Where unexpected errors are reported (default stderr). */
  log?: (line: string) => void;
}

/** The headless server around one engine. */
export class HeadlessServer {
  private readonly http: Server;
  private readonly streams: EventStreams;
  private readonly metrics = new MetricsCollector();
  private readonly files: StaticFiles | null;
  private readonly log: (line: string) => void;
  private unsubscribeMetrics: (() => void)[] = [];
  /** Sessions of `?token=` logins; in memory, so they end with the server. */
  private readonly sessions = new Sessions();

  constructor(private readonly options: HeadlessServerOptions) {
    if (!isLocalHost(options.host) && (options.token === null || options.token === '')) {
      throw new Error(`binding ${options.host} requires a token`);
    }
    this.streams = new EventStreams(options.api);
    this.files = options.staticDir === null ? null : new StaticFiles(options.staticDir);
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.http = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => this.fail(res, error));
    });
    this.http.on('clientError', (_error, socket) => {
      if (socket.writable) {
        const body = JSON.stringify({ error: 'malformed HTTP request' });
        socket.end(
          `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
        );
      } else {
        socket.destroy();
      }
    });
  }

  /** Starts listening; resolves to the address actually bound (with the chosen port). */
  async listen(): Promise<URL> {
    this.unsubscribeMetrics = [
      this.options.api.subscribe((snapshot) => this.metrics.observe(snapshot)),
      this.options.api.subscribeSettled((tick) => this.metrics.settled(tick)),
    ];
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port, this.options.host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    return this.url();
  }

  /** The bound address as a URL (`http://127.0.0.1:PORT/`). */
  url(): URL {
    const address = this.http.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return new URL(`http://${host}:${address.port}/`);
  }

  /** Ends the event streams and stops accepting requests. */
  async close(): Promise<void> {
    for (const unsubscribe of this.unsubscribeMetrics.splice(0)) unsubscribe();
    this.streams.closeAll();
    this.sessions.clear();
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    // Keep-alive sockets of open pages would otherwise hold the close until they time out.
    this.http.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://server.invalid');
    } catch {
      throw new HttpError(400, 'malformed request URL');
    }
    const token = this.options.token;
    if (token !== null && token !== '') {
      const cookieName = sessionCookieName((this.http.address() as AddressInfo).port);
      const access = checkAccess(req, url, token, this.sessions, cookieName);
      if (access === null) {
        res.setHeader('www-authenticate', 'Bearer realm="carbon-tray"');
        throw new HttpError(401, 'a token is required: Authorization: Bearer <token>, or ?token=<token>');
      }
      if (access === 'query' && (req.method === 'GET' || req.method === 'HEAD')) {
        // A browser login: the token becomes a session id in this port's cookie, and leaves the address bar.
        res.writeHead(303, {
          location: withoutToken(url),
          'set-cookie': sessionCookie(cookieName, this.sessions.create()),
          'cache-control': 'no-store',
          'content-length': 0,
        });
        res.end();
        return;
      }
    } else if (!hostHeaderAllowed(req.headers.host, this.options.host)) {
      throw new HttpError(403, `this server answers only requests addressed to ${this.options.host}`);
    }
    const sameUrl = ROUTES.filter((route) => route.path === url.pathname);
    if (sameUrl.length > 0) {
      const route = sameUrl.find((r) => r.method === req.method);
      if (route === undefined) {
        res.setHeader('allow', sameUrl.map((r) => r.method).join(', '));
        throw new HttpError(405, `${req.method ?? '?'} is not allowed on ${url.pathname}`);
      }
      await route.handle({
        req,
        res,
        url,
        api: this.options.api,
        metrics: this.metrics,
        streams: this.streams,
      });
      return;
    }
    if (url.pathname.startsWith('/api/')) throw new HttpError(404, `no such API route: ${url.pathname}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      throw new HttpError(405, `${req.method ?? '?'} is not allowed on ${url.pathname}`);
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      throw new HttpError(400, 'malformed path encoding');
    }
    if (this.files === null || !(await this.files.serve(pathname, res, req.method === 'HEAD'))) {
      throw new HttpError(404, this.files === null ? 'the renderer is not served' : `not found: ${pathname}`);
    }
  }

  private fail(res: ServerResponse, error: unknown): void {
    if (error instanceof FieldError) {
      sendError(res, 400, error.message, error.field);
      return;
    }
    if (error instanceof HttpError) {
      sendError(res, error.status, error.message);
      return;
    }
    if (error instanceof FileFault) {
      // The machine's state, not the request: said in full, and logged for whoever runs the server.
      this.log(`carbon-tray serve: ${error.message}`);
      sendJson(res, 503, { error: error.message, path: error.path });
      return;
    }
    this.log(`carbon-tray serve: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    sendError(res, 500, 'internal error (see the server log)');
  }
}
