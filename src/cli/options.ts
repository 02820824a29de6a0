// Typed values of command-line flags (counts, sizes, countries, choices) that fail as one-line UsageErrors.
import { isKnownCountry } from '../engine/index.js';
import type { FlagValues } from './flags.js';
import { UsageError } from './usage-error.js';

/** A string flag's value, or undefined. */
export function flagString(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A positive integer (`--repeat 5`). */
export function parseCount(text: string, flag: string, min = 1): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(flag, `expected a whole number ≥ ${min}, got '${text}'`);
  }
  return value;
}

/** A finite number ≥ `min` (`--intensity 412.5`). */
export function parsePositive(text: string, flag: string, min = 0): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || value < min) {
    throw new UsageError(flag, `expected a number ≥ ${min}, got '${text}'`);
  }
  return value;
}

const SIZE_FACTORS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** A size in bytes: `1000000`, `200MB`, `1.5GB` (decimal), `64MiB` (binary). */
export function parseBytes(text: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(text);
  const factor = match ? SIZE_FACTORS[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || factor === undefined) {
    throw new UsageError(flag, `expected a size such as 1000000, 200MB, 1.5GB or 64MiB, got '${text}'`);
  }
  const bytes = Math.round(Number(match[1]) * factor);
  if (bytes <= 0) throw new UsageError(flag, `the size must be more than 0 bytes, got '${text}'`);
  return bytes;
}

/** An ISO 3166-1 alpha-3 code known to the bundled intensity data (`--country FRA`). */
export function parseCountry(text: string, flag: string): string {
  const code = text.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !isKnownCountry(code)) {
    throw new UsageError(
      flag,
      `'${text}' is not an ISO 3166-1 alpha-3 country code with intensity data (e.g. FRA)`,
    );
  }
  return code;
}

/** One of a fixed set of words (`--format csv`). */
export function parseChoice<T extends string>(text: string, flag: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new UsageError(flag, `expected one of ${choices.join(', ')}, got '${text}'`);
}
