// Typed flag values: counts, sizes, numbers, countries and choices, refused as UsageErrors naming the flag.
import { describe, expect, it } from 'vitest';
import {
  parseBytes,
  parseChoice,
  parseCount,
  parseCountry,
  parsePositive,
} from '../../../src/cli/options.js';
import { UsageError } from '../../../src/cli/usage-error.js';

describe('options', () => {
  it('parses sizes in decimal and binary units', () => {
    expect(parseBytes('1000000', '--data-bytes')).toBe(1e6);
    expect(parseBytes('200MB', '--data-bytes')).toBe(200e6);
    expect(parseBytes('1.5 GB', '--data-bytes')).toBe(1.5e9);
    expect(parseBytes('64MiB', '--data-bytes')).toBe(64 * 1024 * 1024);
    expect(parseBytes('2k', '--data-bytes')).toBe(2000);
    expect(() => parseBytes('12 parsecs', '--data-bytes')).toThrow(UsageError);
    expect(() => parseBytes('0', '--data-bytes')).toThrow(/more than 0 bytes/);
    expect(() => parseBytes('-5MB', '--data-bytes')).toThrow(/--data-bytes/);
  });

  it('parses counts and numbers with their minimum', () => {
    expect(parseCount('5', '--repeat')).toBe(5);
    expect(() => parseCount('0', '--repeat')).toThrow("--repeat: expected a whole number ≥ 1, got '0'");
    expect(() => parseCount('2.5', '--repeat')).toThrow(UsageError);
    expect(parsePositive('412.5', '--intensity')).toBe(412.5);
    expect(() => parsePositive('', '--intensity')).toThrow(/--intensity/);
    expect(() => parsePositive('-1', '--intensity')).toThrow(/≥ 0/);
  });

  it('accepts ISO alpha-3 countries present in the @tgwf/co2 data, in any case', () => {
    expect(parseCountry('fra', '--country')).toBe('FRA');
    expect(() => parseCountry('FR', '--country')).toThrow(/alpha-3/);
    expect(() => parseCountry('XYZ', '--country')).toThrow(/--country/);
  });

  it('accepts one of a fixed set of words', () => {
    expect(parseChoice('csv', '--format', ['csv', 'json'] as const)).toBe('csv');
    expect(() => parseChoice('xml', '--format', ['csv', 'json'] as const)).toThrow(
      "--format: expected one of csv, json, got 'xml'",
    );
  });
});
