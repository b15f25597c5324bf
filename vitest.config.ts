import { defineConfig } from 'vitest/config';

// Three tiers, runnable alone (`vitest run --project <name>`) or together (`npm test`).
// Integration and end-to-end tests talk to the real servers that infra/ starts; their global
// setup brings the infrastructure up (idempotent) before the first test.
const slowTierTimeouts = { testTimeout: 120_000, hookTimeout: 180_000 };

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['**/*.unit.test.ts'], exclude: ['**/node_modules/**'] } },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['./infra/src/vitest-global-setup.ts'],
          ...slowTierTimeouts,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**', '**/*.serial.e2e.test.ts'],
          globalSetup: ['./infra/src/vitest-global-setup.ts'],
          ...slowTierTimeouts,
        },
      },
      {
        // SIGTERMs real service processes under load and holds them to their shutdown bound:
        // one file at a time, after the other tiers, so their load does not eat into the bound.
        test: {
          name: 'e2e-serial',
          include: ['**/*.serial.e2e.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['./infra/src/vitest-global-setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          ...slowTierTimeouts,
        },
      },
      {
        // Stops and restarts the shared databases: runs alone, after the other tiers.
        test: {
          name: 'chaos',
          include: ['**/*.chaos.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['./infra/src/vitest-global-setup.ts'],
          fileParallelism: false,
          ...slowTierTimeouts,
        },
      },
    ],
  },
});
