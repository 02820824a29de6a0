import { describe, expect, it } from 'vitest';
import {
  IpcValidationError,
  validateArity,
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

  it('refuses a value nested 30,000 deep with an IpcValidationError naming it, without walking into it', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 30_000; i += 1) deep = [deep];
    expect(fieldOf(() => validateSettingsPatch({ pue: deep }))).toBe('pue');
    expect(fieldOf(() => validateSettingsPatch(deep))).toBe('settings');
    let object: unknown = {};
    for (let i = 0; i < 30_000; i += 1) object = { a: object };
    expect(fieldOf(() => validateSettingsPatch({ lifetimeYears: object }))).toBe('lifetimeYears');
  });

  it('drops the read-only keys of a settings answer sent back, as the engine ignores them', () => {
    const echoed = { pue: 1.2, electricityMapsTokenSet: true, warnings: [{ field: 'pue', message: 'x' }] };
    expect(validateSettingsPatch(echoed)).toEqual({ pue: 1.2 });
  });
});

describe('small messages', () => {
  it('checks row keys, subscriptions and argument counts', () => {
    expect(validateRowKey('service:nginx.service')).toBe('service:nginx.service');
    expect(fieldOf(() => validateRowKey(42))).toBe('key');
    expect(fieldOf(() => validateRowKey('k'.repeat(513)))).toBe('key');
    expect(validateSubscribe({ id: 3, detail: true })).toEqual({ id: 3, detail: true });
    expect(fieldOf(() => validateSubscribe({ id: 0, detail: true }))).toBe('id');
    expect(fieldOf(() => validateSubscribe({ id: 1.5, detail: false }))).toBe('id');
    expect(fieldOf(() => validateSubscribe({ id: 1, detail: 'yes' }))).toBe('detail');
    expect(validateUnsubscribe({ id: 7 })).toEqual({ id: 7 });
    expect(fieldOf(() => validateUnsubscribe(7))).toBe('subscription');
    expect(() => validateArity([], 0)).not.toThrow();
    expect(fieldOf(() => validateArity([{}], 0))).toBe('arguments');
    expect(() => validateArity([{}], 1)).not.toThrow();
    expect(fieldOf(() => validateArity([], 1))).toBe('arguments');
    expect(fieldOf(() => validateArity([{}, 2], 1))).toBe('arguments');
  });
});
