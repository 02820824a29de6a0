// Validators for every message the renderer sends to main: pure, each error names the offending field.
import { SETTINGS_KEYS } from '../shared/settings-fields.js';
import type { HistoryQuery, SettingsPatch } from '../shared/api.js';

/** A refused IPC message: `field` names the argument or property that is wrong. */
export class IpcValidationError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'IpcValidationError';
    this.field = field;
  }
}

/** Most points one history request may ask for (a year of hourly buckets is 8,784). */
export const MAX_HISTORY_POINTS = 100_000;
/** Longest accepted row key or app name, in characters. */
export const MAX_KEY_LENGTH = 512;
/** Longest accepted string setting (the Electricity Maps token is at most 512, DESIGN.md settings schema). */
const MAX_SETTING_STRING = 1024;
/** Epoch-ms bounds of a JavaScript Date. */
const MAX_EPOCH_MS = 8.64e15;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' ? 'an object' : String(value);
}

/** Asserts a channel that takes no argument got none. */
export function validateNoArgs(args: readonly unknown[]): void {
  if (args.length > 0)
    throw new IpcValidationError('arguments', `this call takes no arguments, got ${args.length}`);
}

/** A row key: a non-empty string of at most `MAX_KEY_LENGTH` characters. */
export function validateRowKey(value: unknown, field = 'key'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_KEY_LENGTH) {
    throw new IpcValidationError(
      field,
      `must be a row key (a string of 1 to ${MAX_KEY_LENGTH} characters), got ${describe(value)}`,
    );
  }
  return value;
}

function epochMs(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_EPOCH_MS) {
    throw new IpcValidationError(field, `must be a time in epoch milliseconds, got ${describe(value)}`);
  }
  return value;
}

/** A history query: `from` ≤ `to` (epoch ms), a whole positive `stepS`, at most `MAX_HISTORY_POINTS` buckets. */
export function validateHistoryQuery(value: unknown): HistoryQuery {
  if (!isPlainObject(value))
    throw new IpcValidationError(
      'query',
      `must be an object { from, to, stepS, app? }, got ${describe(value)}`,
    );
  for (const key of Object.keys(value)) {
    if (!['from', 'to', 'stepS', 'app'].includes(key))
      throw new IpcValidationError(key, 'is not a history query field (from, to, stepS, app)');
  }
  const from = epochMs(value.from, 'from');
  const to = epochMs(value.to, 'to');
  if (to < from) throw new IpcValidationError('to', `must not be before from (${from}), got ${to}`);
  const stepS = value.stepS;
  if (typeof stepS !== 'number' || !Number.isInteger(stepS) || stepS < 1) {
    throw new IpcValidationError('stepS', `must be a whole number of seconds ≥ 1, got ${describe(stepS)}`);
  }
  const points = (to - from) / 1000 / stepS;
  if (points > MAX_HISTORY_POINTS) {
    throw new IpcValidationError(
      'stepS',
      `asks for ${Math.ceil(points)} buckets; at most ${MAX_HISTORY_POINTS} per request`,
    );
  }
  const query: HistoryQuery = { from, to, stepS };
  if (value.app !== undefined) query.app = validateRowKey(value.app, 'app');
  return query;
}

/**
 * The shape of a settings patch: a plain object whose keys are settings and whose values are JSON scalars.
 * The engine's schema then checks each value (and refuses the whole patch, naming the field).
 */
export function validateSettingsPatch(value: unknown): SettingsPatch {
  if (!isPlainObject(value))
    throw new IpcValidationError(
      'settings',
      `must be an object of setting names to values, got ${describe(value)}`,
    );
  const patch: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!(SETTINGS_KEYS as string[]).includes(key)) throw new IpcValidationError(key, 'is not a setting');
    const scalar =
      item === null ||
      typeof item === 'boolean' ||
      (typeof item === 'number' && Number.isFinite(item)) ||
      (typeof item === 'string' && item.length <= MAX_SETTING_STRING);
    if (!scalar)
      throw new IpcValidationError(key, `must be a number, string, boolean or null, got ${describe(item)}`);
    patch[key] = item;
  }
  return patch as SettingsPatch;
}

/** A subscription id chosen by the preload: a positive safe integer. */
function subscriptionId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new IpcValidationError('id', `must be a positive whole number, got ${describe(value)}`);
  }
  return value;
}

/** `{ id, detail }` of a subscribe message. */
export function validateSubscribe(value: unknown): { id: number; detail: boolean } {
  if (!isPlainObject(value))
    throw new IpcValidationError('subscription', `must be an object { id, detail }, got ${describe(value)}`);
  if (typeof value.detail !== 'boolean')
    throw new IpcValidationError('detail', `must be true or false, got ${describe(value.detail)}`);
  return { id: subscriptionId(value.id), detail: value.detail };
}

/** `{ id }` of an unsubscribe message. */
export function validateUnsubscribe(value: unknown): { id: number } {
  if (!isPlainObject(value))
    throw new IpcValidationError('subscription', `must be an object { id }, got ${describe(value)}`);
  return { id: subscriptionId(value.id) };
}
