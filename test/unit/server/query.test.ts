// Query-string decoding of the history and processes routes: text becomes values; checking is the engine's.
import { describe, expect, it } from 'vitest';
import { FieldError } from '../../../src/shared/errors.js';
import { decodeHistoryQuery, parseRowKey } from '../../../src/server/query.js';

const q = (text: string): URLSearchParams => new URLSearchParams(text);

describe('decodeHistoryQuery', () => {
  it('reads a machine window and an app window as numbers and a key', () => {
    expect(decodeHistoryQuery(q('from=0&to=3600000&stepS=60'))).toEqual({
      from: 0,
      to: 3_600_000,
      stepS: 60,
    });
    expect(decodeHistoryQuery(q('from=10&to=86400010&stepS=3600&app=service%3Anginx.service'))).toEqual({
      app: 'service:nginx.service',
      from: 10,
      to: 86_400_010,
      stepS: 3600,
    });
  });

  it('leaves out missing or blank numbers and keeps non-numeric text for the engine to refuse', () => {
    expect(decodeHistoryQuery(q('to=5&stepS='))).toEqual({ to: 5 });
    expect(decodeHistoryQuery(q('from=abc&to=1.5&stepS=-60'))).toEqual({ from: 'abc', to: 1.5, stepS: -60 });
  });

  it('keeps an empty app (the engine refuses it) and ignores other parameters such as the token', () => {
    expect(decodeHistoryQuery(q('from=0&to=1&stepS=60&app=&token=k3y'))).toEqual({
      from: 0,
      to: 1,
      stepS: 60,
      app: '',
    });
  });
});

describe('parseRowKey', () => {
  it('reads the key and refuses a missing one, naming it', () => {
    expect(parseRowKey(q('key=app%3Afirefox'))).toBe('app:firefox');
    expect(() => parseRowKey(q(''))).toThrow(FieldError);
    expect(() => parseRowKey(q('key=%20'))).toThrow('key: is required (a row key from the snapshot)');
  });
});
