// How a rejected Api call is read, whichever transport carried it: IPC's plain object, HTTP's Error, anything else.
import { describe, expect, it } from 'vitest';
import { describeRefusal, FieldError } from '../../../src/shared/errors.js';

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
