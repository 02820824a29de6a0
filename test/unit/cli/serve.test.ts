// Flags of `carbon-tray serve`: defaults, free port, the token rule for non-loopback hosts, one-line refusals.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseServeArgs } from '../../../src/cli/commands/serve.js';
import { UsageError } from '../../../src/cli/usage-error.js';
import { thrownBy } from '../../helpers/thrown.js';

const dir = (): string => '/data/default';

/** What the flags parser says when it refuses `args`. */
const refusal = (args: string[]): UsageError =>
  thrownBy(UsageError, () => parseServeArgs(args, dir), args.join(' '));

describe('parseServeArgs', () => {
  it('defaults to 127.0.0.1, the default port, no token and the platform data folder', () => {
    expect(parseServeArgs([], dir)).toEqual({
      host: '127.0.0.1',
      port: DEFAULT_PORT,
      token: null,
      dataDir: '/data/default',
    });
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    expect(
      parseServeArgs(['--port', '0', '--host=0.0.0.0', '--token', 's3cret', '--data-dir=/tmp/ct'], dir),
    ).toEqual({
      host: '0.0.0.0',
      port: 0,
      token: 's3cret',
      dataDir: '/tmp/ct',
    });
    expect(parseServeArgs(['--host', '::1'], dir)?.host).toBe('::1');
  });

  it('returns null for --help', () => {
    expect(parseServeArgs(['--help'], dir)).toBeNull();
  });

  it.each([
    [['--port', '-1'], '--port'],
    [['--port', '65536'], '--port'],
    [['--port', '80.5'], '--port'],
    [['--port'], '--port'],
    [['--host', '0.0.0.0'], '--host'],
    [['--host', '192.0.2.2'], '--host'],
    [['--token', ''], '--token'],
    [['--data-dir', ''], '--data-dir'],
    [['--verbose'], '--verbose'],
    [['extra'], 'arguments'],
  ])('refuses %j naming %s', (args, flag) => {
    const error = refusal(args);
    expect(error.flag).toBe(flag);
    expect(error.message.split('\n')).toHaveLength(1);
  });
});
