import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, ConfigError, loadConfig, logLevel } from "../../src/config.js";

const SLACK_HTTP = { SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_SIGNING_SECRET: "0123456789abcdef" };
const TELEGRAM_TOKEN = "123456789:AAEabcdefghijklmnopqrstuvwxyz";

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split("\n").filter((line) => line.startsWith("  "));
    throw error;
  }
  return [];
};

const read = (path: string) => readFile(new URL(`../../${path}`, import.meta.url), "utf8");

/** Variable names in the first column of the README's configuration table. */
async function readmeTableVariables(): Promise<string[]> {
  const readme = await read("README.md");
  const section = /^## Configuration\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? "";
  const firstCells = section.split("\n").filter((line) => line.startsWith("| `")).map((line) => line.split("|")[1]!);
  return firstCells.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!));
}

/** Variables set or shown commented out (`# NAME=…`) in .env.example. */
async function envExampleVariables(): Promise<string[]> {
  const example = await read(".env.example");
  return [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
}

describe("the configuration", () => {
  it("gives each module its typed config from one environment", () => {
    const config = loadConfig({ PORT: "8080", ...SLACK_HTTP, TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, OUTBOX_POLL_MS: "250", INGEST_RATE_BURST: "5" });
    expect(config.PORT).toBe(8080);
    expect(config.http).toMatchObject({ INGEST_RATE_BURST: 5, INGEST_RATE_PER_MINUTE: 600 });
    expect(config.slack).toEqual({ mode: "http", botToken: SLACK_HTTP.SLACK_BOT_TOKEN, signingSecret: SLACK_HTTP.SLACK_SIGNING_SECRET, port: 3001 });
    expect(config.telegram).toEqual({ botToken: TELEGRAM_TOKEN, mode: "polling" });
    expect(config.delivery).toEqual({ pollIntervalMs: 250 });
  });

  it("turns off the chat platforms whose token is unset", () => {
    expect(loadConfig({})).toMatchObject({ slack: null, telegram: null, console: { mode: "auto", exportDir: "./exports" }, delivery: {}, PORT: 3000 });
  });

  it("lists every problem in one message, each part's next to the others', a shared variable once", () => {
    const problems = problemsOf({
      PORT: "http",
      SLACK_BOT_TOKEN: "xoxb-1",
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_WEBHOOK_URL: "https://x.example/h",
      TELEGRAM_WEBHOOK_SECRET: "short",
      OUTBOX_MAX_ATTEMPTS: "zero",
      INGEST_RATE_BURST: "0",
    });
    expect(problems.filter((p) => p.startsWith("  PORT:"))).toHaveLength(1);
    for (const variable of ["SLACK_SIGNING_SECRET", "TELEGRAM_WEBHOOK_SECRET", "OUTBOX_MAX_ATTEMPTS", "INGEST_RATE_BURST"]) {
      expect(problems.some((p) => p.startsWith(`  ${variable}:`)), variable).toBe(true);
    }
  });

  it("points at the README's section for the platform that is misconfigured", () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" })).toThrow(/See .env.example and the README's configuration table.\nSee the README's "Connect to Slack" section./);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: "nope" })).toThrow(/"Connect to Telegram"/);
  });

  it("compares Telegram's webhook port with Slack's only when SLACK_PORT is set", () => {
    const webhook = { TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_URL: "https://x.example/h", TELEGRAM_WEBHOOK_PORT: "3001" };
    expect(loadConfig(webhook).telegram?.webhook?.port).toBe(3001);
    expect(problemsOf({ ...webhook, SLACK_PORT: "3001" })).toEqual(["  TELEGRAM_WEBHOOK_PORT: 3001 is already SLACK_PORT; pick another one."]);
  });

  it("keeps anonymous visitors' activity 90 days unless ANONYMOUS_RETENTION_DAYS says otherwise, and refuses a period that is no whole number of days", () => {
    expect(loadConfig({}).jobs).toEqual({ anonymousRetentionDays: 90 });
    expect(loadConfig({ ANONYMOUS_RETENTION_DAYS: "" }).jobs).toEqual({ anonymousRetentionDays: 90 });
    expect(loadConfig({ ANONYMOUS_RETENTION_DAYS: "30" }).jobs).toEqual({ anonymousRetentionDays: 30 });
    for (const wrong of ["0", "-5", "1.5", "ninety", "36501"]) {
      expect(problemsOf({ ANONYMOUS_RETENTION_DAYS: wrong }), wrong).toEqual([
        "  ANONYMOUS_RETENTION_DAYS: ANONYMOUS_RETENTION_DAYS must be a whole number of days from 1 to 36500 (unset: 90).",
      ]);
    }
  });

  it("logs at warn in console mode unless LOG_LEVEL says otherwise", () => {
    expect(logLevel(loadConfig({}), true)).toBe("warn");
    expect(logLevel(loadConfig({}), false)).toBe("info");
    expect(logLevel(loadConfig({ LOG_LEVEL: "debug" }), true)).toBe("debug");
    expect(problemsOf({ LOG_LEVEL: "loud" })[0]).toMatch(/^ {2}LOG_LEVEL:/);
  });

  it("is documented: the README's configuration table lists exactly the variables the schema reads", async () => {
    expect([...new Set(await readmeTableVariables())].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it("is documented: .env.example shows exactly the variables the schema reads", async () => {
    expect([...new Set(await envExampleVariables())].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});
