import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      cas: 'src/cas/index.ts',
      'cas-server': 'src/cas/server/index.ts',
      batch: 'src/batch/index.ts',
      'batch-worker': 'src/batch/worker.ts',
      review: 'src/review/index.ts',
      input: 'src/input/index.ts',
      fixtures: 'src/fixtures/index.ts',
      report: 'src/report/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    // One copy of the shared modules (EntPronoteError…) for the main entry and the subpath entries.
    splitting: true,
    // `import.meta.url` in the CommonJS build (node-forge is loaded with createRequire; the
    // experimental CommonJS splitting keeps it as it is).
    shims: true,
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
