import { defineConfig } from "vitest/config";

/**
 * Files that replace a module with vi.mock: they need a fresh module graph of their own.
 * Everything else shares one per worker (isolate: false), which cut the run from ~400 s to
 * ~135 s on 2 cores: each file used to import and transform the whole app again. That is safe
 * because the tests keep no state in modules: each opens its own store (a schema or PGlite
 * instance), clock and servers.
 */
const MOCKS_MODULES = ["test/delivery/sender-contract.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest defaults to one worker per core minus one: a single worker on a 2-core machine.
    // Most test time is spent waiting on PostgreSQL, PGlite start-up and local HTTP servers,
    // so two workers overlap that waiting and halve the run.
    maxWorkers: 2,
    // Tests speak strictly: a message missing from a catalog fails (README, "Languages").
    setupFiles: ["test/support/i18n-setup.ts"],
    projects: [
      { extends: true, test: { name: "shared", include: ["test/**/*.test.ts"], exclude: MOCKS_MODULES, isolate: false } },
      { extends: true, test: { name: "isolated", include: MOCKS_MODULES, isolate: true } },
    ],
  },
});
