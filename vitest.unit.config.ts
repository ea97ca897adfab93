import { defineConfig } from 'vitest/config';

/**
 * The fast unit subset (`npm run test:unit`): no CLI (no build of dist/), no interop with other
 * implementations, no browser, no fuzzing, no hardening, no large generated worlds.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      'test/cli/**',
      'test/examples/**',
      'test/consumers/**',
      'test/fuzz/**',
      'test/hardening/**',
      'test/**/*.browser.test.ts',
      'test/**/interop*.test.ts',
      'test/**/*interop*.test.ts',
      'test/**/xsd.test.ts',
      'test/generator/scale.test.ts',
      'test/generator/match.test.ts',
      'test/envelope/bomb.test.ts',
    ],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
