import { defineConfig } from 'vitest/config';

// Tests import workspace packages from source (the `source` export condition), never from a
// stale build in dist/.
const conditions = ['source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    include: ['tests/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'packages/*/test/**/*.test.tsx'],
    pool: 'forks',
    testTimeout: 60_000,
  },
});
