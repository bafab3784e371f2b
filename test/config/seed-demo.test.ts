import { describe, expect, it } from "vitest";
import { loadConfig, shouldSeedDemo } from "../../src/config.js";

const PG = "postgres://postgres@127.0.0.1:5432/test";

describe("demo data only where it helps", () => {
  it.each([
    ["the console on the embedded database", {}, { consoleMode: true, chatTokens: false }, true],
    ["the console on PostgreSQL", { DATABASE_URL: PG }, { consoleMode: true, chatTokens: false }, false],
    ["a Telegram or Slack bot on the embedded database", {}, { consoleMode: false, chatTokens: true }, false],
    ["a chat bot with the console forced on", {}, { consoleMode: true, chatTokens: true }, false],
    ["PostgreSQL with SEED_DEMO=true", { DATABASE_URL: PG, SEED_DEMO: "true" }, { consoleMode: false, chatTokens: true }, true],
    ["the console with SEED_DEMO=false", { SEED_DEMO: "false" }, { consoleMode: true, chatTokens: false }, false],
    ["an empty SEED_DEMO= (unset) on the console", { SEED_DEMO: "" }, { consoleMode: true, chatTokens: false }, true],
    ["an empty SEED_DEMO= (unset) on PostgreSQL", { SEED_DEMO: "", DATABASE_URL: PG }, { consoleMode: true, chatTokens: false }, false],
  ])("seeds %s: %#", (_, env, run, expected) => {
    expect(shouldSeedDemo(loadConfig(env), run)).toBe(expected);
  });

  it("names SEED_DEMO when it is neither true nor false", () => {
    expect(() => loadConfig({ SEED_DEMO: "yes please" })).toThrow(/SEED_DEMO must be true or false/);
  });
});
