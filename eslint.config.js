// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'demo-output/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', queueMicrotask: 'readonly', structuredClone: 'readonly', performance: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', AbortController: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-control-regex': 'off',
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  // Type-aware rules on every TypeScript file (the files of tsconfig.json).
  {
    files: ['**/*.ts'],
    ignores: ['test/consumers/**'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // An `async` function without `await` is how a function that may throw becomes one that rejects
      // (the CLI commands share one async signature; test fakes implement async interfaces).
      '@typescript-eslint/require-await': 'off',
      // Forwarding a caught error (`unknown`) unchanged is fine; rejecting with a string or a literal is still refused.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests handle `any` by design: vitest's asymmetric matchers (`expect.any`, `expect.objectContaining`),
      // XML parsed by fast-xml-parser, JSON from spawned commands, DOM values inside browser callbacks.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['src/cli/**', 'examples/**', 'bench/**', 'test/**', '.ci/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
