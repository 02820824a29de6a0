// Random JSON for property tests of input handling: values of every shape an attacker or a slip of the hand sends,
// each with its JSON text (built alongside, so a 30,000-deep value never goes through the recursive JSON.stringify).
import { SECRET_MASK, SETTINGS_FIELDS, SETTINGS_KEYS } from '../../src/shared/settings-fields.js';

/** A seeded generator (mulberry32), so a failing case can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A JSON value and its text: `JSON.parse(text)` gives `value` (Infinity for `1e999`). */
export interface RandomJson {
  value: unknown;
  text: string;
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

/** Numbers at the edges: signed zero, the largest and smallest doubles, past 2^53, and out of range for any setting. */
const NUMBERS: readonly number[] = [
  0,
  -0,
  1,
  -1,
  0.5,
  3,
  400,
  1.5e308,
  -1.5e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  2 ** 53 + 2,
  -(2 ** 63),
  1e21,
];

/** Strings that look like numbers, dates, codes, masks or keys, and control and surrogate characters. */
const STRINGS: readonly string[] = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e999',
  '0x10',
  ' 1 ',
  '1,5',
  'null',
  'true',
  '__proto__',
  'constructor',
  '2024-02-30',
  '2021-06-15',
  '2999-01-01',
  'FRA',
  'fra',
  'XYZ',
  `${SECRET_MASK}1a2b`,
  SECRET_MASK,
  'has space',
  '\u0000\u0007',
  '\ud800',
  '🌍',
  'laptop',
  'teads',
  'remaining',
];

/** Keys besides the settings: prototype names, the Api's read-only keys, the schema version, near misses. */
const ODD_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'warnings',
  'electricityMapsTokenSet',
  'schemaVersion',
  'PUE',
  'lifetime',
  '',
  'a'.repeat(300),
];

function atom(value: unknown, text = JSON.stringify(value)): RandomJson {
  return { value, text };
}

/** A value a setting might accept: in its range, one of its choices, a date, a country, a token. */
function plausible(rand: () => number, key: (typeof SETTINGS_KEYS)[number]): RandomJson {
  const field = SETTINGS_FIELDS[key];
  if (field.nullable && rand() < 0.15) return atom(null);
  switch (field.input) {
    case 'number': {
      const { min, max, integer } = field.range;
      const x = min + rand() * (max - min);
      return atom(integer ? Math.max(min, Math.round(x)) : x);
    }
    case 'select':
      return atom(pick(rand, field.choices).value);
    case 'checkbox':
      return atom(rand() < 0.5);
    default:
      if (field.format === 'iso-date') return atom(pick(rand, ['2021-06-15', '2019-12-31', '2024-02-29']));
      if (field.format === 'country') return atom(pick(rand, ['DEU', 'fra', 'USA', 'NLD']));
      return atom(`tok${Math.floor(rand() * 1e9).toString(36)}`);
  }
}

/** An array or object nested `depth` levels around a scalar, built without recursion. */
function deep(rand: () => number, depth: number): RandomJson {
  const arrays = rand() < 0.5;
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = arrays ? [value] : { a: value };
  const text = arrays
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return { value, text };
}

/** An object from entries, as JSON.parse builds it: `__proto__` is an own key, not the prototype. */
function objectOf(entries: readonly [string, RandomJson][]): RandomJson {
  const value: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    Object.defineProperty(value, key, {
      value: item.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const text = `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${item.text}`).join(',')}}`;
  return { value, text };
}

/** Any JSON value: scalars at the edges, long strings, small arrays and objects, and deep nesting (up to 30,000). */
export function randomValue(rand: () => number, budget = 3): RandomJson {
  const r = rand();
  if (r < 0.16) return atom(pick(rand, NUMBERS));
  if (r < 0.2) return rand() < 0.5 ? atom(Infinity, '1e999') : atom(-Infinity, '-1e999');
  if (r < 0.36) return atom(pick(rand, STRINGS));
  if (r < 0.42) return atom('x'.repeat(Math.floor(rand() * 20_000)));
  if (r < 0.48) return atom(rand() < 0.5);
  if (r < 0.54) return atom(null);
  if (r < 0.64) return deep(rand, pick(rand, [2, 9, 100, 5_000, 30_000]));
  if (budget <= 0) return atom(pick(rand, NUMBERS));
  if (r < 0.82) {
    const items = Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, budget - 1));
    return { value: items.map((item) => item.value), text: `[${items.map((item) => item.text).join(',')}]` };
  }
  const entries = Array.from({ length: Math.floor(rand() * 4) }, (): [string, RandomJson] => [
    pick(rand, [...SETTINGS_KEYS, ...ODD_KEYS]),
    randomValue(rand, budget - 1),
  ]);
  return objectOf(entries);
}

/**
 * A settings patch as a client might send it: mostly an object of 1–3 settings (about half of the values
 * plausible for their setting, the rest any value), sometimes odd keys, sometimes not an object at all. Its text
 * stays under `maxChars` (the server's body limit), so every case reaches the validator.
 */
export function randomPatch(rand: () => number, maxChars = 60_000): RandomJson {
  for (;;) {
    const patch = randomPatchOnce(rand);
    if (patch.text.length <= maxChars) return patch;
  }
}

function randomPatchOnce(rand: () => number): RandomJson {
  if (rand() < 0.1) return randomValue(rand);
  const entries: [string, RandomJson][] = [];
  const count = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < count; i += 1) {
    const key = rand() < 0.85 ? pick(rand, SETTINGS_KEYS) : pick(rand, ODD_KEYS);
    const settingKey = (SETTINGS_KEYS as string[]).includes(key)
      ? (key as (typeof SETTINGS_KEYS)[number])
      : null;
    entries.push([
      key,
      settingKey !== null && rand() < 0.5 ? plausible(rand, settingKey) : randomValue(rand),
    ]);
  }
  return objectOf(entries);
}
