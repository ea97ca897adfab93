import { defineConfig } from 'vitest/config';

/**
 * The fast unit subset (`npm run test:unit`, well under a minute on two cores): no build of dist/,
 * no spawned process, no worker threads, no interop with other implementations, no browser, no
 * fuzzing, no hardening, no large generated worlds, no long property runs. Everything here also
 * runs in the full suite (`npm test`).
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      // dist/ and spawned commands
      'test/cli/**',
      'test/examples/**',
      'test/consumers/**',
      'test/docs/**',
      'test/batch/cli.test.ts',
      'test/review/cli.test.ts',
      'test/sso/cli-servers.test.ts',
      'test/cas/example.test.ts',
      // worker threads
      'test/batch/export-all.test.ts',
      // other implementations and browsers
      'test/**/*.browser.test.ts',
      'test/**/interop*.test.ts',
      'test/**/*interop*.test.ts',
      'test/**/xsd.test.ts',
      'test/sso/browser.test.ts',
      'test/sso/django-cas.test.ts',
      'test/sso/phpcas.test.ts',
      // fuzzing and hardening (wrong-shapes generates an RSA key for each shape generateKeyPair accepts: about 30 s)
      'test/fuzz/**',
      'test/hardening/**',
      'test/api/wrong-shapes.test.ts',
      'test/envelope/bomb.test.ts',
      'test/envelope/mutation.test.ts',
      // large generated worlds and long property runs
      'test/generator/scale.test.ts',
      'test/generator/match.test.ts',
      'test/generator/ground-truth.test.ts',
      'test/generator/writers.test.ts',
      'test/generator/generate.test.ts',
      'test/generator/name-pools.test.ts',
      'test/generator/rng.test.ts',
      'test/match/property.test.ts',
      'test/identifiants-pronote/roundtrip.property.test.ts',
    ],
    testTimeout: 60_000,
    pool: 'forks',
    // The files of a worker share one module graph (the library is imported once per worker, not
    // once per file): less than half the CPU time. A test file must therefore restore what it
    // changes (spies, environment variables, fast-check's global settings); the full suite keeps
    // each file isolated.
    isolate: false,
  },
});
