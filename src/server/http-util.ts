// Small HTTP helpers of the headless server: JSON responses, request bodies with a size limit, and HttpError.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeValue, FieldError } from '../shared/errors.js';

/**
 * A request the server refuses for what it is, not for one field (no token, wrong method, a body that is too large
 * or not JSON at all): `status` and a message (sent as JSON). A refused field — or a JSON body of the wrong shape,
 * which names the field it was meant for — is a `FieldError`, answered 400 `{ error, field }`.
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

/**
 * Deepest nesting of objects and arrays a JSON body may have (the body object itself is level 1). A settings patch
 * is flat (level 1); a shallow nested value still reaches the validator, which names the field and the type it
 * wants. Deeper bodies are refused before anything walks into them.
 */
export const MAX_JSON_DEPTH = 8;

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

/** How deep a JSON text nests, and under which key of the top-level object it first went deeper than a limit. */
export interface JsonNesting {
  /** Deepest level of objects and arrays (`{}` is 1, `{"a":[1]}` is 2; a scalar is 0). */
  depth: number;
  /** The top-level object's key whose value first nested deeper than `limit`, or null (none did, or not an object). */
  deepKey: string | null;
}

/**
 * Measures the nesting of a JSON text in one pass over its characters, without parsing it (strings and their
 * escapes are skipped, so brackets inside strings do not count). It never recurses, whatever the depth, and it
 * does not check that the text is JSON (`JSON.parse` does that afterwards).
 */
export function jsonNesting(text: string, limit: number): JsonNesting {
  let depth = 0;
  let deepest = 0;
  let deepKey: string | null = null;
  let topIsObject = false;
  let expectKey = false;
  let key: string | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i += 1; i < text.length && text[i] !== '"'; i += 1) if (text[i] === '\\') i += 1;
      if (depth === 1 && topIsObject && expectKey) {
        try {
          key = JSON.parse(text.slice(start, i + 1)) as string;
        } catch {
          key = text.slice(start + 1, i);
        }
        expectKey = false;
      }
    } else if (c === '{' || c === '[') {
      if (depth === 0) {
        topIsObject = c === '{';
        expectKey = topIsObject;
      }
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (depth > limit && deepKey === null && topIsObject) deepKey = key;
    } else if (c === '}' || c === ']') {
      depth -= 1;
    } else if (c === ',' && depth === 1) {
      expectKey = topIsObject;
    }
  }
  return { depth: deepest, deepKey };
}

/**
 * Reads a JSON object body; `field` names what it holds (`settings`). A body of the wrong content type or too large
 * is an `HttpError` (415, 413); text that is not JSON, JSON that is not an object, or JSON nested deeper than
 * `MAX_JSON_DEPTH` is a `FieldError` naming `field` — or the top-level key whose value is nested too deep.
 */
export async function readJsonObject(req: IncomingMessage, field: string): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, 'the body must be JSON (content-type: application/json)');
  }
  const text = await readBody(req);
  const nesting = jsonNesting(text, MAX_JSON_DEPTH);
  if (nesting.depth > MAX_JSON_DEPTH) {
    const flat = `${field} are flat: each value is a number, a string, true, false or null`;
    if (nesting.deepKey !== null) {
      throw new FieldError(
        nesting.deepKey,
        `the value is nested ${nesting.depth - 1} levels deep (at most ${MAX_JSON_DEPTH - 1} are read); ${flat}`,
      );
    }
    throw new FieldError(
      field,
      `the JSON is nested ${nesting.depth} levels deep (at most ${MAX_JSON_DEPTH} are read); ${flat}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new FieldError(field, 'the body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FieldError(
      field,
      `the body must be a JSON object of ${field} to change, got ${describeValue(value)}`,
    );
  }
  return value as Record<string, unknown>;
}
