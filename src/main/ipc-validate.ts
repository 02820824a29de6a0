// Validators for every message the renderer sends to main: pure, each error names the offending field.
import { SETTINGS_KEYS, SETTINGS_READ_ONLY_KEYS } from '../shared/settings-fields.js';
import type { SettingsPatch } from '../shared/api.js';
import { describeValue, FieldError, isPlainObject } from '../shared/errors.js';
import { MAX_ROW_KEY_LENGTH } from '../shared/routes.js';

/** A refused IPC message: `field` names the argument or property that is wrong. */
export class IpcValidationError extends FieldError {}

/** Longest accepted string setting (the Electricity Maps token is at most 512, the settings schema in src/engine/settings/schema.ts). */
const MAX_SETTING_STRING = 1024;

/**
 * Asserts a channel got exactly `count` arguments (what the preload sends). A history query itself is not checked
 * here: the engine checks it (`checkHistoryQuery`), as it does for HTTP.
 */
export function validateArity(args: readonly unknown[], count: 0 | 1): void {
  if (args.length !== count) {
    const takes = count === 0 ? 'no arguments' : 'one argument';
    throw new IpcValidationError('arguments', `this call takes ${takes}, got ${args.length}`);
  }
}

/** A row key: a non-empty string of at most `MAX_ROW_KEY_LENGTH` characters. */
export function validateRowKey(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ROW_KEY_LENGTH) {
    throw new IpcValidationError(
      'key',
      `must be a row key (a string of 1 to ${MAX_ROW_KEY_LENGTH} characters), got ${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * The shape of a settings patch: a plain object whose keys are settings and whose values are JSON scalars (so a
 * nested value of any depth is refused by its type, without looking inside). The read-only keys of the Api's
 * answer are dropped, as the engine ignores them. The engine's schema then checks each value (and refuses the
 * whole patch, naming the field).
 */
export function validateSettingsPatch(value: unknown): SettingsPatch {
  if (!isPlainObject(value))
    throw new IpcValidationError(
      'settings',
      `must be an object of setting names to values, got ${describeValue(value)}`,
    );
  const patch: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (SETTINGS_READ_ONLY_KEYS.includes(key)) continue;
    if (!(SETTINGS_KEYS as string[]).includes(key)) throw new IpcValidationError(key, 'is not a setting');
    const scalar =
      item === null ||
      typeof item === 'boolean' ||
      (typeof item === 'number' && Number.isFinite(item)) ||
      (typeof item === 'string' && item.length <= MAX_SETTING_STRING);
    if (!scalar)
      throw new IpcValidationError(
        key,
        `must be a number, string, boolean or null, got ${describeValue(item)}`,
      );
    patch[key] = item;
  }
  return patch as SettingsPatch;
}

/** A subscription id chosen by the preload: a positive safe integer. */
function subscriptionId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new IpcValidationError('id', `must be a positive whole number, got ${describeValue(value)}`);
  }
  return value;
}

/** `{ id, detail }` of a subscribe message. */
export function validateSubscribe(value: unknown): { id: number; detail: boolean } {
  if (!isPlainObject(value))
    throw new IpcValidationError(
      'subscription',
      `must be an object { id, detail }, got ${describeValue(value)}`,
    );
  if (typeof value.detail !== 'boolean')
    throw new IpcValidationError('detail', `must be true or false, got ${describeValue(value.detail)}`);
  return { id: subscriptionId(value.id), detail: value.detail };
}

/** `{ id }` of an unsubscribe message. */
export function validateUnsubscribe(value: unknown): { id: number } {
  if (!isPlainObject(value))
    throw new IpcValidationError('subscription', `must be an object { id }, got ${describeValue(value)}`);
  return { id: subscriptionId(value.id) };
}
