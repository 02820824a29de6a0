import { describe, expect, it } from 'vitest';
import {
  IpcValidationError,
  MAX_HISTORY_POINTS,
  validateHistoryQuery,
  validateNoArgs,
  validateRowKey,
  validateSettingsPatch,
  validateSubscribe,
  validateUnsubscribe,
} from '../../../src/main/ipc-validate.js';

function fieldOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(IpcValidationError);
    return (error as IpcValidationError).field;
  }
  throw new Error('expected a validation error');
}

const hour = 3_600_000;

describe('validateHistoryQuery', () => {
  it('accepts a query and copies only the known fields', () => {
    expect(validateHistoryQuery({ from: 0, to: hour, stepS: 60 })).toEqual({ from: 0, to: hour, stepS: 60 });
    expect(validateHistoryQuery({ from: 5, to: 5, stepS: 3600, app: 'app:firefox' })).toEqual({
      from: 5,
      to: 5,
      stepS: 3600,
      app: 'app:firefox',
    });
  });

  it('names the field that is wrong', () => {
    expect(fieldOf(() => validateHistoryQuery(null))).toBe('query');
    expect(fieldOf(() => validateHistoryQuery([1]))).toBe('query');
    expect(fieldOf(() => validateHistoryQuery({ from: '0', to: hour, stepS: 60 }))).toBe('from');
    expect(fieldOf(() => validateHistoryQuery({ from: 0, to: Number.NaN, stepS: 60 }))).toBe('to');
    expect(fieldOf(() => validateHistoryQuery({ from: hour, to: 0, stepS: 60 }))).toBe('to');
    expect(fieldOf(() => validateHistoryQuery({ from: 0, to: hour, stepS: 0.5 }))).toBe('stepS');
    expect(fieldOf(() => validateHistoryQuery({ from: 0, to: hour, stepS: 60, app: '' }))).toBe('app');
    expect(fieldOf(() => validateHistoryQuery({ from: 0, to: hour, stepS: 60, limit: 5 }))).toBe('limit');
  });

  it('refuses more than MAX_HISTORY_POINTS buckets', () => {
    // 100,000 one-minute buckets is exactly the limit; one minute more is refused.
    const to = MAX_HISTORY_POINTS * 60_000;
    expect(validateHistoryQuery({ from: 0, to, stepS: 60 }).to).toBe(to);
    expect(() => validateHistoryQuery({ from: 0, to: to + 60_000, stepS: 60 })).toThrow(/100001 buckets/);
  });

  it('refuses objects with another prototype (no class instances or prototype tricks)', () => {
    class Query {
      from = 0;
      to = 1;
      stepS = 60;
    }
    expect(fieldOf(() => validateHistoryQuery(new Query()))).toBe('query');
  });
});

describe('validateSettingsPatch', () => {
  it('passes known settings with scalar values on to the engine', () => {
    expect(
      validateSettingsPatch({ pue: 1.2, country: 'FRA', cpuTdpW: null, storeCommandLines: true }),
    ).toEqual({
      pue: 1.2,
      country: 'FRA',
      cpuTdpW: null,
      storeCommandLines: true,
    });
    expect(validateSettingsPatch({})).toEqual({});
  });

  it('names an unknown key or a non-scalar value', () => {
    expect(fieldOf(() => validateSettingsPatch({ theme: 'dark' }))).toBe('theme');
    expect(fieldOf(() => validateSettingsPatch({ pue: { valueOf: 1 } }))).toBe('pue');
    expect(fieldOf(() => validateSettingsPatch({ pue: Number.POSITIVE_INFINITY }))).toBe('pue');
    expect(fieldOf(() => validateSettingsPatch({ country: 'x'.repeat(2000) }))).toBe('country');
    expect(fieldOf(() => validateSettingsPatch('pue=1'))).toBe('settings');
    expect(fieldOf(() => validateSettingsPatch(JSON.parse('{"__proto__": {"pue": 2}}')))).toBe('__proto__');
  });
});

describe('small messages', () => {
  it('checks row keys, subscriptions and empty argument lists', () => {
    expect(validateRowKey('service:nginx.service')).toBe('service:nginx.service');
    expect(fieldOf(() => validateRowKey(42))).toBe('key');
    expect(fieldOf(() => validateRowKey('k'.repeat(513)))).toBe('key');
    expect(validateSubscribe({ id: 3, detail: true })).toEqual({ id: 3, detail: true });
    expect(fieldOf(() => validateSubscribe({ id: 0, detail: true }))).toBe('id');
    expect(fieldOf(() => validateSubscribe({ id: 1.5, detail: false }))).toBe('id');
    expect(fieldOf(() => validateSubscribe({ id: 1, detail: 'yes' }))).toBe('detail');
    expect(validateUnsubscribe({ id: 7 })).toEqual({ id: 7 });
    expect(fieldOf(() => validateUnsubscribe(7))).toBe('subscription');
    expect(() => validateNoArgs([])).not.toThrow();
    expect(fieldOf(() => validateNoArgs([{}]))).toBe('arguments');
  });
});
