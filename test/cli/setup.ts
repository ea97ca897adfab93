/**
 * Vitest global setup for the CLI and example tests: builds `dist/` once before any test file
 * runs (add it to `test.globalSetup` in vitest.config.ts). The test files also call
 * `ensureBuilt()` in `beforeAll`, which is then a no-op.
 */

import { ensureBuilt } from './build';

export default function setup(): void {
  ensureBuilt();
  process.env.ENT_PRONOTE_CLI_BUILT = '1';
}
