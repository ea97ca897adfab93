import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Builds dist/ once (the CLI tests spawn the built command).
    globalSetup: ['test/cli/setup.ts'],
  },
});
