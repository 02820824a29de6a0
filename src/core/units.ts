// Units and durations: the conversion constants every formula uses, and the duration/number parsers.
import { InputError } from './errors.js';

export const SECONDS_PER_MINUTE = 60;
export const SECONDS_PER_HOUR = 3600;
export const MINUTES_PER_HOUR = 60;
export const SECONDS_PER_DAY = 86_400;
/** A year is 365 days, as in the GSF SCI guide's embodied example (4 y = 35,040 h; case SCI-1, docs/ARCHITECTURE.md). */
export const SECONDS_PER_YEAR = 365 * SECONDS_PER_DAY;
export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = SECONDS_PER_MINUTE * MS_PER_SECOND;
export const MS_PER_HOUR = SECONDS_PER_HOUR * MS_PER_SECOND;
export const MS_PER_DAY = SECONDS_PER_DAY * MS_PER_SECOND;
/** 1 kWh = 3.6 MJ. */
export const J_PER_KWH = 3_600_000;
export const BYTES_PER_GB = 1e9;
export const G_PER_KG = 1000;
export const W_PER_KW = 1000;
export const M_PER_KM = 1000;

const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: SECONDS_PER_MINUTE,
  min: SECONDS_PER_MINUTE,
  h: SECONDS_PER_HOUR,
  d: SECONDS_PER_DAY,
  w: 7 * SECONDS_PER_DAY,
  y: SECONDS_PER_YEAR,
};

const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|min|[smhdwy])/gy;

/**
 * Parses a duration such as `40m49s`, `2h50m`, `3600s`, `1.5h` or `4y` (365 days) into seconds.
 * A bare number is seconds. Throws `InputError` naming the problem.
 */
export function parseDuration(text: string): number {
  const source = text.trim().toLowerCase();
  if (source === '') throw new InputError('a duration is required (e.g. 40m49s, 1.5h, 4y)');
  if (/^(\d+(\.\d+)?|\.\d+)$/.test(source)) return Number(source);
  if (source.startsWith('-')) throw new InputError(`'${text}' is negative; a duration is at least 0`);
  let total = 0;
  let position = 0;
  PART.lastIndex = 0;
  for (let match = PART.exec(source); match !== null; match = PART.exec(source)) {
    total += Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number);
    position = PART.lastIndex;
  }
  if (position !== source.length || position === 0) {
    throw new InputError(
      `'${text}' is not a duration; use a number with units ms, s, m, h, d, w, y (e.g. 40m49s, 1.5h, 4y)`,
    );
  }
  return total;
}

/** Parses a finite number; `min` (inclusive) guards against negative or zero values. */
export function parseNumber(text: string, what: string, min = 0): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(value)) throw new InputError(`${what} must be a number, got '${text}'`);
  if (value < min) throw new InputError(`${what} must be at least ${min}, got ${value}`);
  return value;
}
