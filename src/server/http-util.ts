// Small HTTP helpers of the headless server: JSON responses, request bodies with a size limit, and HttpError.
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A request the server refuses for what it is, not for one field (no token, wrong method, a body that is not JSON):
 * `status` and a message (sent as JSON). A refused field is a `FieldError`, answered 400 `{ error, field }`.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Largest request body accepted (a settings patch is a few hundred bytes). */
export const MAX_BODY_BYTES = 64 * 1024;

/** Sends `body` as JSON with no caching (live values). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** Sends an error as `{ error, field? }`. */
export function sendError(res: ServerResponse, status: number, message: string, field?: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, field === undefined ? { error: message } : { error: message, field });
}

/** Reads the request body as UTF-8, refusing more than `MAX_BODY_BYTES`. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Reads a JSON object body; anything else (bad JSON, an array, wrong content type) is a 400. */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, 'the body must be JSON (content-type: application/json)');
  }
  const text = await readBody(req);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'the body must be a JSON object of settings to change');
  }
  return value as Record<string, unknown>;
}
