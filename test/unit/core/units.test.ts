import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { parseDuration, parseNumber, SECONDS_PER_YEAR } from '../../../src/core/units.js';

describe('parseDuration', () => {
  it.each([
    ['40m49s', 2449], // ART-1: 12:33:20 → 13:14:09
    ['2h50m', 10_200],
    ['3600s', 3600],
    ['1.5h', 5400],
    ['4y', 4 * 365 * 86_400], // a year is 365 days (SCI-1: 4 y = 35,040 h)
    ['250ms', 0.25],
    ['1d2h', 93_600],
    ['2w', 1_209_600],
    ['90', 90],
    ['0', 0],
    [' 1H ', 3600],
  ])('%s is %d s', (text, seconds) => {
    expect(parseDuration(text)).toBeCloseTo(seconds, 9);
  });

  it('4 years is 35,040 hours (case SCI-1, docs/ARCHITECTURE.md)', () => {
    expect((4 * SECONDS_PER_YEAR) / 3600).toBe(35_040);
  });

  it.each(['', 'abc', '5x', '1h30', 'h', '-3h', '1..5h', '4 years'])('refuses %j with a message', (text) => {
    expect(() => parseDuration(text)).toThrow(InputError);
  });

  it('names the unknown unit in its message', () => {
    expect(() => parseDuration('5x')).toThrow(/'5x' is not a duration/);
  });
});

describe('parseNumber', () => {
  it('reads decimals and exponents', () => {
    expect(parseNumber('158.75', 'TDP')).toBe(158.75);
    expect(parseNumber('1e3', 'x')).toBe(1000);
  });
  it.each([
    ['abc', /TDP must be a number/],
    ['', /TDP must be a number/],
    ['-1', /TDP must be at least 0/],
    ['Infinity', /TDP must be a number/],
  ])('refuses %j', (text, message) => {
    expect(() => parseNumber(text, 'TDP')).toThrow(message);
  });
  it('applies the minimum', () => {
    expect(() => parseNumber('0.5', 'PUE', 1)).toThrow(/PUE must be at least 1/);
  });
});
