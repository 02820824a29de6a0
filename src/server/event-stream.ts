// The live stream of snapshots as server-sent events (`GET /api/stream`), one engine subscription per client.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Api, Snapshot } from '../shared/api.js';
import { MS_PER_SECOND } from '../shared/time.js';

/** A comment line every 15 s keeps proxies and idle timeouts from closing a quiet stream. */
export const HEARTBEAT_MS = 15 * MS_PER_SECOND;

/** How long a browser waits before reconnecting a dropped stream (the SSE `retry` field). */
const RECONNECT_MS = 2 * MS_PER_SECOND;

/** The open event streams of one server. */
export class EventStreams {
  private readonly open = new Set<() => void>();

  constructor(private readonly api: Api) {}

  /** Number of connected clients. */
  get size(): number {
    return this.open.size;
  }

  /**
   * Starts a stream: the current snapshot at once, then one `snapshot` event per tick. `detail` (`?detail=1`) asks
   * the engine for the full process list every tick while this client is connected; without it the stream costs
   * the engine nothing beyond its cheap ticks.
   */
  async attach(req: IncomingMessage, res: ServerResponse, detail: boolean): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${RECONNECT_MS}\n\n`);
    let lastAt = -1;
    let waitingForDrain = false;
    let pending: Snapshot | null = null;
    const send = (snapshot: Snapshot): void => {
      if (snapshot.at <= lastAt) return;
      if (waitingForDrain) {
        // A slow client gets the newest tick once it catches up, not a growing backlog.
        pending = snapshot;
        return;
      }
      lastAt = snapshot.at;
      waitingForDrain = !res.write(
        `event: snapshot\nid: ${snapshot.at}\ndata: ${JSON.stringify(snapshot)}\n\n`,
      );
    };
    res.on('drain', () => {
      waitingForDrain = false;
      const next = pending;
      pending = null;
      if (next !== null) send(next);
    });
    const unsubscribe = this.api.subscribe(send, { detail });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const close = (): void => {
      if (!this.open.delete(close)) return;
      clearInterval(heartbeat);
      unsubscribe();
      res.end();
    };
    this.open.add(close);
    req.on('close', close);
    res.on('error', close);
    const current = await this.api.getSnapshot();
    if (current !== null && this.open.has(close)) send(current);
  }

  /** Ends every stream (server shutdown). */
  closeAll(): void {
    for (const close of [...this.open]) close();
  }
}
