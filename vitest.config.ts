import { defineConfig } from 'vitest/config'

// The same suite runs on the embedded PGlite and, when TEST_DATABASE_URL is set, on a PostgreSQL +
// PostGIS server. Test files of one engine share one database per worker (isolate: false).
const dbTests = ['api/**/*.test.ts', 'db/**/*.test.ts']
// Fixture and web unit tests need no database, so they run once, with the embedded engine's project.
const pureTests = ['fixtures/**/*.test.ts', 'web/**/*.test.ts']
const engines = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])]

export default defineConfig({
  test: {
    globalSetup: ['./db/testing/global-setup.ts'],
    pool: 'forks',
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      ...engines.map((engine) => ({
        extends: true as const,
        test: {
          name: engine,
          include: engine === 'pglite' ? [...dbTests, ...pureTests] : dbTests,
          env: { TEST_ENGINE: engine },
          // The server's test files share one database, and several compare whole-database digests or
          // counts before and after their own writes: one file at a time there. (PGlite workers each
          // have a copy of their own; on two cores vitest runs one worker anyway.)
          fileParallelism: engine === 'pglite',
          // A project with another worker count runs in a group of its own (vitest refuses to mix them).
          ...(engine === 'postgres' ? { sequence: { groupOrder: 1 } } : {}),
        },
      })),
      // Browser tests: one built app served by a real server child process, driven by Chromium.
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['./e2e/global-setup.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
})
