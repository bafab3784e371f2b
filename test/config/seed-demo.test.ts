import { describe, expect, it } from "vitest";
import { loadConfig, shouldSeedDemo } from "../../src/config.js";
import { planPlatforms } from "../../src/platforms/registry.js";

const PG = "postgres://postgres@127.0.0.1:5432/test";
const SLACK = { SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_SIGNING_SECRET: "0123456789abcdef" };
const TELEGRAM = { TELEGRAM_BOT_TOKEN: "123456789:AAEabcdefghijklmnopqrstuvwxyz" };

/** As src/main.ts decides: the platforms the environment turns on say whether the console is the chat and whether a chat service uses the database. */
function seedsFor(env: Record<string, string>): boolean {
  const config = loadConfig(env);
  const plan = planPlatforms(config);
  return shouldSeedDemo(config, { consoleMode: plan.terminal, chatTokens: plan.chatServices });
}

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

  it.each([
    ["nothing set (npm start: the console on the embedded database)", {}, true],
    ["a Telegram token", TELEGRAM, false],
    ["a Slack token", SLACK, false],
    ["a Telegram token with CONSOLE=on", { ...TELEGRAM, CONSOLE: "on" }, false],
    ["DATABASE_URL", { DATABASE_URL: PG }, false],
    ["an empty SEED_DEMO= with a Telegram token", { ...TELEGRAM, SEED_DEMO: "" }, false],
    ["SEED_DEMO=true with a Telegram token", { ...TELEGRAM, SEED_DEMO: "true" }, true],
    ["SEED_DEMO=true with DATABASE_URL", { DATABASE_URL: PG, SEED_DEMO: "true" }, true],
  ])("decides from the environment as the bot starts, with %s", (_, env, expected) => {
    expect(seedsFor(env)).toBe(expected);
  });
});
