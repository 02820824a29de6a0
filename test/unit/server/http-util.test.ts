// The JSON body reader: nesting is measured without parsing or recursing, and every body of the wrong shape is a
// FieldError naming the field (or the top-level key whose value nests too deep), never a crash.
import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  HttpError,
  jsonNesting,
  MAX_BODY_BYTES,
  MAX_JSON_DEPTH,
  readJsonObject,
} from '../../../src/server/http-util.js';
import { FieldError } from '../../../src/shared/errors.js';

/** A request whose body is `text`, as the server's handler gets it. */
function request(text: string, type = 'application/json'): IncomingMessage {
  const stream = new PassThrough();
  stream.end(Buffer.from(text, 'utf8'));
  return Object.assign(stream, { headers: { 'content-type': type } }) as unknown as IncomingMessage;
}

async function refusal(text: string, type?: string): Promise<unknown> {
  return readJsonObject(request(text, type), 'settings').then(
    () => {
      throw new Error(`expected ${text.slice(0, 40)} to be refused`);
    },
    (error: unknown) => error,
  );
}

/** The settings PATCH of the fault report: a value 30,000 arrays deep, 60 KB. */
const DEEP_BODY = `{"pue":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;

describe('jsonNesting', () => {
  it.each([
    ['1', 0, null],
    ['{}', 1, null],
    ['{"a":[1,{"b":2}]}', 3, 'a'],
    ['{"a":"[[[[{{{{","b":"\\"[["}', 1, null],
    ['[[[[]]]]', 4, null],
  ])('measures %s as %i levels deep (limit 2: too deep under key %s)', (text, depth, deepKey) => {
    expect(jsonNesting(text, 2)).toEqual({ depth, deepKey });
  });

  it('names the top-level key whose value first goes deeper than the limit, escapes decoded', () => {
    expect(jsonNesting('{"pue":1,"country":"[[[","li\\u0066e":[[[1]]],"x":[[[[[2]]]]]}', 3)).toEqual({
      depth: 6,
      deepKey: 'life',
    });
    expect(jsonNesting(DEEP_BODY, MAX_JSON_DEPTH)).toEqual({ depth: 30_001, deepKey: 'pue' });
  });

  it('measures a million levels in one pass, without recursion', () => {
    const text = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    const started = performance.now();
    expect(jsonNesting(text, MAX_JSON_DEPTH).depth).toBe(1_000_000);
    // Linear: 2 MB of brackets in well under a second on this 2-core VM (measured: about 15 ms).
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('readJsonObject', () => {
  it('reads a flat object, and a value nested up to the limit', async () => {
    expect(await readJsonObject(request('{"pue":1.2}'), 'settings')).toEqual({ pue: 1.2 });
    const atLimit = `{"pue":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`;
    expect(await readJsonObject(request(atLimit), 'settings')).toHaveProperty('pue');
  });

  it('refuses the 60 KB body nested 30,000 deep naming its key, before parsing it', async () => {
    expect(DEEP_BODY.length).toBeLessThan(MAX_BODY_BYTES);
    const error = await refusal(DEEP_BODY);
    expect(error).toBeInstanceOf(FieldError);
    expect(error).toMatchObject({
      field: 'pue',
      message: `pue: the value is nested 30000 levels deep (at most ${MAX_JSON_DEPTH - 1} are read); settings are flat: each value is a number, a string, true, false or null`,
    });
  });

  it.each([
    [
      'a deep array',
      `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      /^settings: the JSON is nested 20000 levels deep/,
    ],
    ['text that is not JSON', '{pue: 1', /^settings: the body is not valid JSON$/],
    ['an array', '[1,2]', /^settings: the body must be a JSON object of settings to change, got an array$/],
    ['null', 'null', /got null$/],
    ['a long string', JSON.stringify('x'.repeat(50_000)), /got "x{40}…"$/],
    ['a huge number', '1e999', /got Infinity$/],
  ])('refuses %s as a FieldError naming settings', async (_what, text, said) => {
    const error = await refusal(text);
    expect(error).toBeInstanceOf(FieldError);
    expect((error as FieldError).field).toBe('settings');
    expect((error as FieldError).message).toMatch(said);
  });

  it('refuses the wrong content type and a body over the limit as HTTP errors (415, 413)', async () => {
    expect(await refusal('{"pue":1}', 'text/plain')).toMatchObject({ status: 415 });
    const big = await refusal(`{"country":"${'x'.repeat(MAX_BODY_BYTES)}"}`);
    expect(big).toBeInstanceOf(HttpError);
    expect(big).toMatchObject({ status: 413 });
  });
});
