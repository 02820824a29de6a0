// One lint setup for the whole tree; the layering rules of DESIGN.md are enforced here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noElectron = {
  paths: [
    { name: 'electron', message: 'src/core, src/sensors and src/engine never import electron (DESIGN.md).' },
  ],
  patterns: [
    { group: ['electron/*'], message: 'src/core, src/sensors and src/engine never import electron.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test/fixtures/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/core/**', 'src/sensors/**', 'src/engine/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/src/core/**',
                '**/src/engine/**',
                '**/src/sensors/**',
                '**/src/server/**',
                'node:*',
              ],
              message: 'The renderer talks to the Api contract in src/shared only (DESIGN.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs', '**/*.cts', 'bin/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
