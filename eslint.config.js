// One lint setup for the whole tree: style, the layers of docs/ARCHITECTURE.md, and type-aware promise rules for src/.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers, as import rules (docs/ARCHITECTURE.md, "Layers"). Each entry lists what a layer may NOT import; the
 * patterns match import specifiers (relative paths keep the layer's folder name, e.g. `../../shared/api.js`).
 */
const NODE = { group: ['node:*'], message: 'has no Node.js: it runs in the renderer and in every shell.' };
const ELECTRON = {
  group: ['electron', 'electron/*'],
  message: 'never imports electron: only src/main and src/preload do.',
};
const layer = (folder) => `**/${folder}/**`;
const notUp = (folders, why) => ({ group: folders.map(layer), message: why });
/** A shell may use the engine (and for the CLI, measure and server) only through its public entry. */
const onlyEntry = (folder) => ({
  group: [layer(folder), `!**/${folder}/index.js`],
  message: `shells import ${folder} only through src/${folder}/index.js (its public entry), never its internals.`,
});
const SHELLS = ['server', 'cli', 'main', 'preload'];

/** The boundary rules, by layer: `files` globs and the import patterns refused there. */
export const LAYERS = [
  {
    name: 'core',
    files: ['src/core/**'],
    patterns: [
      NODE,
      ELECTRON,
      notUp(
        ['shared', 'sensors', 'engine', 'measure', ...SHELLS],
        'src/core is pure: it imports only src/core.',
      ),
    ],
  },
  {
    name: 'shared',
    files: ['src/shared/**'],
    patterns: [
      NODE,
      ELECTRON,
      notUp(['sensors', 'engine', 'measure', ...SHELLS], 'src/shared imports only src/core and src/shared.'),
    ],
  },
  {
    name: 'sensors',
    files: ['src/sensors/**'],
    patterns: [
      ELECTRON,
      notUp(['shared', 'engine', 'measure', ...SHELLS], 'src/sensors imports only src/core.'),
    ],
  },
  {
    name: 'engine',
    files: ['src/engine/**'],
    patterns: [ELECTRON, notUp(['measure', ...SHELLS], 'src/engine never imports src/measure or a shell.')],
  },
  {
    name: 'measure',
    files: ['src/measure/**'],
    patterns: [ELECTRON, onlyEntry('engine'), notUp(SHELLS, 'src/measure never imports a shell.')],
  },
  {
    name: 'server',
    files: ['src/server/**'],
    patterns: [
      ELECTRON,
      onlyEntry('engine'),
      notUp(
        ['core', 'sensors', 'measure', 'cli', 'main', 'preload'],
        'src/server uses src/shared and the engine.',
      ),
    ],
  },
  {
    name: 'cli',
    files: ['src/cli/**'],
    patterns: [
      ELECTRON,
      onlyEntry('engine'),
      onlyEntry('measure'),
      onlyEntry('server'),
      notUp(['core', 'sensors', 'main', 'preload'], 'src/cli uses src/shared and the public entries.'),
    ],
  },
  {
    name: 'main',
    files: ['src/main/**'],
    patterns: [
      onlyEntry('engine'),
      notUp(
        ['core', 'sensors', 'measure', 'server', 'cli', 'preload'],
        'src/main uses src/shared and the engine.',
      ),
    ],
  },
  {
    name: 'renderer',
    files: ['renderer/**'],
    patterns: [
      NODE,
      ELECTRON,
      notUp(
        ['core', 'sensors', 'engine', 'measure', ...SHELLS],
        'the renderer talks to the Api in src/shared only.',
      ),
    ],
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test/fixtures/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  ...LAYERS.map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
  {
    // Type-aware: a promise nobody awaits or catches is how an unhandled rejection kills the engine.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.d.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.cjs', '**/*.cts', 'bin/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
