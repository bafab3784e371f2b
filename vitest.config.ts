import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest defaults to one worker per core minus one: a single worker on a 2-core machine.
    // Most test time is spent waiting on PostgreSQL, PGlite start-up and local HTTP servers,
    // so two workers overlap that waiting and halve the run.
    maxWorkers: 2,
  },
});
