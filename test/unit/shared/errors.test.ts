// How a rejected Api call is read, whichever transport carried it: IPC's plain object, HTTP's Error, anything else.
import { describe, expect, it } from 'vitest';
import { describeFileError, describeRefusal, FieldError, FileFault } from '../../../src/shared/errors.js';

describe('describeRefusal', () => {
  it("reads the field and message of the preload's plain { field, message } and of a FieldError alike", () => {
    const ipc = { field: 'pue', message: 'pue: must be between 1 and 3' };
    expect(describeRefusal(ipc)).toEqual(ipc);
    expect(describeRefusal(new FieldError('pue', 'must be between 1 and 3'))).toEqual(ipc);
  });

  it('has no field for an Error that names none, and the text of anything else', () => {
    expect(describeRefusal(new Error('503 Service Unavailable'))).toEqual({
      field: null,
      message: '503 Service Unavailable',
    });
    expect(describeRefusal('offline')).toEqual({ field: null, message: 'offline' });
    expect(describeRefusal(null)).toEqual({ field: null, message: 'null' });
  });
});

describe('FileFault', () => {
  it('says the path, the cause in plain words (errno and SQLite codes) and what to do', () => {
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const fault = new FileFault('/data/history.sqlite', 'cannot write the history', full, 'free some space');
    expect(fault.message).toBe(
      'cannot write the history (/data/history.sqlite): the disk is full; free some space',
    );
    expect(fault.path).toBe('/data/history.sqlite');
    // better-sqlite3 extends codes (SQLITE_IOERR_WRITE): the family's words apply.
    expect(
      describeFileError(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' })),
    ).toBe('an input/output error');
    expect(describeFileError(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('permission denied');
    // An unknown code keeps the library's own message.
    expect(describeFileError(Object.assign(new Error('odd failure'), { code: 'EWHAT' }))).toBe('odd failure');
  });
});
