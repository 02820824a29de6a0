// The lint config refuses a planted violation of every layer rule and a floating promise, and lets the allowed imports
// through: planted files are written to a temporary tree laid out like src/ and linted with the project's config.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

/** One planted file: where it sits, what it imports, and whether the layer rules must refuse it. */
interface Planted {
  file: string;
  imports: string;
  refused: boolean;
}

/** An import (type-only, so the planted tree needs none of the imported files) from `file`. */
const importOf = (specifier: string): string =>
  `import type * as imported from '${specifier}';\nexport type Imported = typeof imported;\n`;

const PLANTED: readonly Planted[] = [
  // src/core: pure — no Node, no other layer
  { file: 'src/core/a.ts', imports: 'node:fs', refused: true },
  { file: 'src/core/b.ts', imports: '../shared/api.js', refused: true },
  { file: 'src/core/c.ts', imports: '../engine/index.js', refused: true },
  { file: 'src/core/d.ts', imports: './units.js', refused: false },
  // src/shared: no Node, no layer but core
  { file: 'src/shared/a.ts', imports: 'node:path', refused: true },
  { file: 'src/shared/b.ts', imports: '../engine/index.js', refused: true },
  { file: 'src/shared/c.ts', imports: '../core/units.js', refused: false },
  // src/sensors: only core
  { file: 'src/sensors/power/a.ts', imports: '../../engine/model.js', refused: true },
  { file: 'src/sensors/power/b.ts', imports: '../../shared/api.js', refused: true },
  { file: 'src/sensors/power/c.ts', imports: 'electron', refused: true },
  { file: 'src/sensors/power/d.ts', imports: '../../core/power.js', refused: false },
  // src/engine: never measure or a shell, never electron
  { file: 'src/engine/a.ts', imports: '../server/server.js', refused: true },
  { file: 'src/engine/b.ts', imports: '../measure/index.js', refused: true },
  { file: 'src/engine/c.ts', imports: 'electron', refused: true },
  { file: 'src/engine/d.ts', imports: '../sensors/power/rapl.js', refused: false },
  // src/measure: the engine only through its entry
  { file: 'src/measure/a.ts', imports: '../engine/settings/schema.js', refused: true },
  { file: 'src/measure/b.ts', imports: '../cli/index.js', refused: true },
  { file: 'src/measure/c.ts', imports: '../engine/index.js', refused: false },
  // shells: public entries only
  { file: 'src/cli/commands/a.ts', imports: '../../engine/history/types.js', refused: true },
  { file: 'src/cli/commands/b.ts', imports: '../../measure/run.js', refused: true },
  { file: 'src/cli/commands/c.ts', imports: '../../sensors/hardware/inventory.js', refused: true },
  { file: 'src/cli/commands/d.ts', imports: '../../core/units.js', refused: true },
  { file: 'src/cli/commands/e.ts', imports: '../../server/server.js', refused: true },
  { file: 'src/cli/commands/f.ts', imports: '../../engine/index.js', refused: false },
  { file: 'src/cli/commands/g.ts', imports: '../../measure/index.js', refused: false },
  { file: 'src/cli/commands/h.ts', imports: '../../server/index.js', refused: false },
  { file: 'src/server/a.ts', imports: '../engine/history/queries.js', refused: true },
  { file: 'src/server/b.ts', imports: '../measure/index.js', refused: true },
  { file: 'src/server/c.ts', imports: '../shared/api.js', refused: false },
  { file: 'src/main/a.ts', imports: '../engine/settings/store.js', refused: true },
  { file: 'src/main/b.ts', imports: '../server/index.js', refused: true },
  { file: 'src/main/c.ts', imports: 'electron', refused: false },
  // the renderer: src/shared only
  { file: 'renderer/views/a.ts', imports: '../../src/engine/index.js', refused: true },
  { file: 'renderer/views/b.ts', imports: '../../src/core/units.js', refused: true },
  { file: 'renderer/views/c.ts', imports: 'node:fs', refused: true },
  { file: 'renderer/views/d.ts', imports: '../../src/shared/api.js', refused: false },
];

/** A promise nobody awaits: what turned a full disk into a crash of the tick loop. */
const FLOATING = {
  file: 'src/engine/floating.ts',
  code: 'async function write(): Promise<void> {}\nexport function tick(): void {\n  write();\n}\n',
};
/** The same call, handled. */
const HANDLED = {
  file: 'src/engine/handled.ts',
  code: 'async function write(): Promise<void> {}\nexport function tick(): void {\n  write().catch(() => undefined);\n}\n',
};

let tree: string;
let results: Map<string, ESLint.LintResult>;

beforeAll(async () => {
  tree = mkdtempSync(join(tmpdir(), 'ct-lint-'));
  const put = (file: string, code: string): void => {
    mkdirSync(dirname(join(tree, file)), { recursive: true });
    writeFileSync(join(tree, file), code);
  };
  for (const p of PLANTED) put(p.file, importOf(p.imports));
  put(FLOATING.file, FLOATING.code);
  put(HANDLED.file, HANDLED.code);
  put(
    'tsconfig.json',
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.base.json'),
      compilerOptions: { noEmit: true, typeRoots: [join(ROOT, 'node_modules/@types')] },
      include: ['src/**/*.ts', 'renderer/**/*.ts'],
    }),
  );
  // The project's own config, with its `files` globs taken relative to the planted tree.
  const eslint = new ESLint({ cwd: tree, overrideConfigFile: join(ROOT, 'eslint.config.js') });
  const linted = await eslint.lintFiles(['src', 'renderer']);
  results = new Map(linted.map((r) => [r.filePath.slice(tree.length + 1), r]));
}, 60_000);

afterAll(() => rmSync(tree, { recursive: true, force: true }));

const rules = (file: string): (string | null)[] => (results.get(file)?.messages ?? []).map((m) => m.ruleId);

describe('the layer rules of docs/ARCHITECTURE.md', () => {
  it.each(PLANTED.filter((p) => p.refused))('refuses $imports in $file', ({ file }) => {
    expect(rules(file)).toEqual(['no-restricted-imports']);
  });

  it.each(PLANTED.filter((p) => !p.refused))('allows $imports in $file', ({ file }) => {
    expect(rules(file)).toEqual([]);
  });
});

describe('type-aware promise rules in src/', () => {
  it('refuses a floating promise', () => {
    expect(rules(FLOATING.file)).toEqual(['@typescript-eslint/no-floating-promises']);
  });

  it('accepts the same promise once it is handled', () => {
    expect(rules(HANDLED.file)).toEqual([]);
  });
});
