// The error raised by core parsers and formulas for input that cannot be used; its message names what is wrong.

/** Invalid input to a core function (a malformed duration, a negative power...). */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
