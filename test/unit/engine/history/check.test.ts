// The one history-query check: what it accepts, the field each refusal names, and the bucket limit at its edge.
import { describe, expect, it } from 'vitest';
import { checkHistoryQuery, HistoryQueryError } from '../../../../src/engine/history/check.js';
import { FieldError } from '../../../../src/shared/errors.js';
import { MAX_HISTORY_BUCKETS } from '../../../../src/shared/routes.js';
import { MS_PER_HOUR, MS_PER_MINUTE } from '../../../../src/shared/time.js';
import { thrownBy } from '../../../helpers/thrown.js';

/** What the check says when it refuses `value`. */
const refusal = (value: unknown): HistoryQueryError =>
  thrownBy(HistoryQueryError, () => checkHistoryQuery(value));

describe('checkHistoryQuery', () => {
  it('returns a copy of the known fields', () => {
    const query = { from: 0, to: MS_PER_HOUR, stepS: 60 };
    const checked = checkHistoryQuery(query);
    expect(checked).toEqual(query);
    expect(checked).not.toBe(query);
    expect(checkHistoryQuery({ from: 5, to: 5, stepS: 3600, app: 'app:firefox' })).toEqual({
      from: 5,
      to: 5,
      stepS: 3600,
      app: 'app:firefox',
    });
  });

  it.each([
    [null, 'query'],
    [[1], 'query'],
    ['from=0', 'query'],
    [{ to: MS_PER_HOUR, stepS: 60 }, 'from'],
    [{ from: '0', to: MS_PER_HOUR, stepS: 60 }, 'from'],
    [{ from: 1.5, to: MS_PER_HOUR, stepS: 60 }, 'from'],
    [{ from: 0, to: Number.NaN, stepS: 60 }, 'to'],
    [{ from: 0, to: 9e15, stepS: 86_400 }, 'to'],
    [{ from: MS_PER_HOUR, to: 0, stepS: 60 }, 'to'],
    [{ from: 0, to: MS_PER_HOUR }, 'stepS'],
    [{ from: 0, to: MS_PER_HOUR, stepS: 600 }, 'stepS'],
    [{ from: 0, to: MS_PER_HOUR, stepS: 60, app: '' }, 'app'],
    [{ from: 0, to: MS_PER_HOUR, stepS: 60, app: '  ' }, 'app'],
    [{ from: 0, to: MS_PER_HOUR, stepS: 60, app: 'k'.repeat(513) }, 'app'],
    [{ from: 0, to: MS_PER_HOUR, stepS: 60, limit: 5 }, 'limit'],
  ])('refuses %j naming %s', (value, field) => {
    const error = refusal(value);
    expect(error).toBeInstanceOf(FieldError);
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(error.toJSON()).toEqual({ field, message: error.message });
  });

  it('says what it wanted', () => {
    expect(refusal({ to: 1, stepS: 60 }).message).toBe('from: is required (epoch milliseconds)');
    expect(refusal({ from: 0, to: 1, stepS: 30 }).message).toBe(
      'stepS: must be one of 60, 3600, 86400 seconds, got 30',
    );
    expect(refusal({ from: 5, to: 1, stepS: 60 }).message).toBe('to: must not be before from (5), got 1');
  });

  it('refuses objects with another prototype (no class instances or prototype tricks)', () => {
    class Query {
      from = 0;
      to = 1;
      stepS = 60;
    }
    expect(refusal(new Query()).field).toBe('query');
  });

  it(`admits exactly MAX_HISTORY_BUCKETS (${MAX_HISTORY_BUCKETS}) buckets`, () => {
    const to = MAX_HISTORY_BUCKETS * MS_PER_MINUTE;
    expect(checkHistoryQuery({ from: 0, to, stepS: 60 }).to).toBe(to);
    const over = refusal({ from: 0, to: to + MS_PER_MINUTE, stepS: 60 });
    expect(over.field).toBe('stepS');
    expect(over.message).toContain(`${MAX_HISTORY_BUCKETS + 1} buckets`);
  });

  it('admits what the popup and a year by the hour ask for', () => {
    // renderer/windows.ts asks for the last hour by minute, today by hour and 7 days by day; a leap year has 8,784 h.
    expect(() => checkHistoryQuery({ from: 0, to: 7 * 24 * 60 * MS_PER_MINUTE, stepS: 60 })).not.toThrow();
    expect(() => checkHistoryQuery({ from: 0, to: 8784 * MS_PER_HOUR, stepS: 3600 })).not.toThrow();
  });
});
