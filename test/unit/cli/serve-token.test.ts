// Where `serve` takes its token from: --token, else --token-file, else $CARBONTRAY_TOKEN; bad sources refused.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../../src/cli/commands/serve.js';
import { UsageError } from '../../../src/cli/usage-error.js';
import { thrownBy } from '../../helpers/thrown.js';

let dir: string;
let warnings: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ct-serve-token-'));
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const parse = (args: string[], env: NodeJS.ProcessEnv = {}): string | null | undefined =>
  parseServeArgs(
    args,
    () => '/data',
    env,
    (line) => warnings.push(line),
  )?.token;

const tokenFile = (text: string, mode = 0o600): string => {
  const path = join(dir, 'token');
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
};

describe('the token of serve', () => {
  it('is none without a flag or CARBONTRAY_TOKEN', () => {
    expect(parse([])).toBeNull();
  });

  it('reads a token file without its trailing newline (LF or CRLF)', () => {
    expect(parse(['--token-file', tokenFile('s3cret\n')])).toBe('s3cret');
    expect(parse(['--token-file', tokenFile('s3cret\r\n')])).toBe('s3cret');
    expect(warnings).toEqual([]);
  });

  it('takes --token over --token-file over CARBONTRAY_TOKEN', () => {
    const file = tokenFile('from-file\n');
    const env = { CARBONTRAY_TOKEN: 'from-env' };
    expect(parse([], env)).toBe('from-env');
    expect(parse(['--token-file', file], env)).toBe('from-file');
    expect(parse(['--token-file', file, '--token', 'from-flag'], env)).toBe('from-flag');
  });

  it('warns once when others can read the token file, naming the mode and chmod 600', () => {
    const file = tokenFile('s3cret\n', 0o644);
    expect(parse(['--token-file', file])).toBe('s3cret');
    expect(warnings).toEqual([
      `warning: other users can read the token file ${file} (mode 0644); run chmod 600 ${file}`,
    ]);
  });

  it('lets a token from the environment open a non-loopback bind', () => {
    expect(parse(['--host', '0.0.0.0'], { CARBONTRAY_TOKEN: 's3cret' })).toBe('s3cret');
  });

  it.each([
    [
      'an empty file',
      '--token-file',
      (): string[] => ['--token-file', tokenFile('\n')],
      {},
      /is empty; put the secret in it$/,
    ],
    [
      'two lines',
      '--token-file',
      (): string[] => ['--token-file', tokenFile('a\nb\n')],
      {},
      /holds more than one line/,
    ],
    [
      'a missing file',
      '--token-file',
      (): string[] => ['--token-file', join(dir, 'nope')],
      {},
      /cannot read .*nope: it does not exist$/,
    ],
    [
      'a folder',
      '--token-file',
      (): string[] => ['--token-file', dir],
      {},
      /cannot read .*: it is a folder$/,
    ],
    [
      'an empty variable',
      'CARBONTRAY_TOKEN',
      (): string[] => [],
      { CARBONTRAY_TOKEN: ' ' },
      /is set but empty/,
    ],
    ['an empty --token', '--token', (): string[] => ['--token', ''], {}, /needs a non-empty secret/],
    [
      'no token on 0.0.0.0',
      '--host',
      (): string[] => ['--host', '0.0.0.0'],
      {},
      /give a token too \(--token-file FILE or \$CARBONTRAY_TOKEN\)$/,
    ],
  ])('refuses %s naming %s', (_what, field, args, env, message) => {
    const error = thrownBy(UsageError, () => parse(args(), env));
    expect(error.flag).toBe(field);
    expect(error.message).toMatch(message);
    expect(error.message.split('\n')).toHaveLength(1);
  });
});
