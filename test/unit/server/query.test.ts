// Query-string parsing of the history and processes routes: valid windows pass, bad ones name the parameter.
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../src/server/http-util.js';
import { parseHistoryQuery, parseRowKey } from '../../../src/server/query.js';

const q = (text: string): URLSearchParams => new URLSearchParams(text);

function refusal(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected an HttpError');
}

describe('parseHistoryQuery', () => {
  it('reads a machine window and an app window', () => {
    expect(parseHistoryQuery(q('from=0&to=3600000&stepS=60'))).toEqual({ from: 0, to: 3_600_000, stepS: 60 });
    expect(parseHistoryQuery(q('from=10&to=86400010&stepS=3600&app=service%3Anginx.service'))).toEqual({
      app: 'service:nginx.service',
      from: 10,
      to: 86_400_010,
      stepS: 3600,
    });
  });

  it('defaults stepS to a minute', () => {
    expect(parseHistoryQuery(q('from=0&to=60000')).stepS).toBe(60);
  });

  it.each([
    ['to=5', 'from'],
    ['from=abc&to=5', 'from'],
    ['from=-5&to=5', 'from'],
    ['from=1.5&to=5', 'from'],
    ['from=10&to=10', 'to'],
    ['from=0&to=60000&stepS=7', 'stepS'],
    ['from=0&to=60000&stepS=', 'stepS'],
    ['from=0&to=60000&app=', 'app'],
  ])('refuses %s naming %s', (text, field) => {
    const error = refusal(() => parseHistoryQuery(q(text)));
    expect(error.status).toBe(400);
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  });

  it('refuses a window of more buckets than it serves', () => {
    // 30 days of minutes is 43,200 buckets, above the 20,000 limit.
    const error = refusal(() => parseHistoryQuery(q(`from=0&to=${30 * 86_400_000}&stepS=60`)));
    expect(error.field).toBe('stepS');
  });
});

describe('parseRowKey', () => {
  it('reads the key and refuses a missing one', () => {
    expect(parseRowKey(q('key=app%3Afirefox'))).toBe('app:firefox');
    expect(refusal(() => parseRowKey(q(''))).status).toBe(400);
    expect(refusal(() => parseRowKey(q('key=%20'))).field).toBe('key');
  });
});
