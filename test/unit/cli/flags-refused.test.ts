// Bad command lines of measure and compare: exit status 2 and exactly one line naming what is wrong.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/index.js';

afterEach(() => vi.restoreAllMocks());

async function refused(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((text: string) => lines.push(...String(text).split('\n')));
  vi.spyOn(console, 'log').mockImplementation((text: string) => lines.push(`stdout: ${String(text)}`));
  const code = await main(args);
  return { code, lines };
}

describe('refused command lines', () => {
  it.each([
    [['measure', '--bogus', '--', 'true'], /^carbon-tray measure: --bogus: unknown flag/],
    [['measure', '--repeat', '0', '--', 'true'], /--repeat: expected a whole number ≥ 1, got '0'/],
    [['measure', '--data-bytes', '12 parsecs', '--', 'true'], /--data-bytes: expected a size/],
    [['measure', '--country', 'Narnia', '--', 'true'], /--country: 'Narnia' is not an ISO 3166-1 alpha-3/],
    [['measure', '--intensity', '-5', '--', 'true'], /--intensity: expected a number ≥ 0/],
    [['measure', 'true'], /--: put the command after --/],
    [['measure', '--'], /--: no command given after --/],
    [['compare', '--', 'true'], /--: give both commands/],
    [['compare', '--', '--', 'true'], /a command is missing/],
    [['compare', 'only-one.json'], /give two saved measurements/],
    [
      ['compare', '--memory', 'max', '--', 'true', '--', 'true'],
      /--memory: expected one of peak, avg, got 'max'/,
    ],
    [['compare', '/nonexistent/a.json', '/nonexistent/b.json'], /a\.json: cannot read it \(ENOENT\)/],
  ])('%j', async (args, message) => {
    const { code, lines } = await refused(args);
    expect(code).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
