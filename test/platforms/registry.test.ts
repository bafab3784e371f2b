/**
 * The registry and the contract hold for every platform listed: each is named by its key, reads
 * its own share of the environment (off when unset, but the terminal), renders a reply, and the
 * platforms that run follow CONSOLE and the tokens as the README says.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { reply } from "../../src/chat/reply.js";
import { CONFIG_VARIABLES, loadConfig } from "../../src/config.js";
import type { OutboxPlatform, Platform } from "../../src/platforms/names.js";
import { PLATFORM_LIST, PLATFORMS, planPlatforms } from "../../src/platforms/registry.js";

const SLACK = { SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_SIGNING_SECRET: "0123456789abcdef" };
const TELEGRAM = { TELEGRAM_BOT_TOKEN: "123456789:AAEabcdefghijklmnopqrstuvwxyz" };

describe("the platform registry", () => {
  it("names each platform by its key, and the Platform types by the registry", () => {
    for (const [key, platform] of Object.entries(PLATFORMS)) expect(platform.name).toBe(key);
    expectTypeOf<Platform>().toEqualTypeOf<"console" | "slack" | "telegram">();
    // The outbox delivers to the platforms whose running handle has a sender: not the console.
    expectTypeOf<OutboxPlatform>().toEqualTypeOf<"slack" | "telegram">();
  });

  it.each(PLATFORM_LIST.map((p) => [p.name, p] as const))("%s reads an empty environment as off, unless it is the terminal", (name, platform) => {
    const problems: string[] = [];
    const config = platform.config.from(platform.config.env.parse({}), (variable) => problems.push(variable));
    expect(problems).toEqual([]);
    // The console (CONSOLE=auto) is the chat when nothing else is configured; anything else needs its token.
    if (platform.local) expect(config).not.toBeNull();
    else expect(config).toBeNull();
    expect(loadConfig({})[name]).toEqual(config);
  });

  it("lists every platform's variables, and the neighbours each checks against, among the bot's variables", () => {
    for (const { config } of PLATFORM_LIST) {
      for (const variable of [...Object.keys(config.env.shape), ...(config.neighbours ?? [])]) expect(CONFIG_VARIABLES).toContain(variable);
    }
  });

  it.each(PLATFORM_LIST.map((p) => [p.name, p] as const))("%s renders a reply as its own message", (_name, platform) => {
    const payload = platform.render(reply([{ type: "text", text: "Jana is hot" }, { type: "actions", actions: [{ label: "Claim", command: "/lead claim #1" }] }]));
    expect(JSON.stringify(payload)).toContain("Jana is hot");
    expect(JSON.stringify(payload)).toContain("Claim");
  });
});

describe("which platforms run", () => {
  const run = (env: Record<string, string>) => {
    const plan = planPlatforms(loadConfig(env));
    return { run: plan.run.map((p) => p.name), terminal: plan.terminal, chatServices: plan.chatServices };
  };

  it.each([
    ["no tokens: the terminal is the chat", {}, { run: ["console"], terminal: true, chatServices: false }],
    ["a Slack token: Slack alone", SLACK, { run: ["slack"], terminal: false, chatServices: true }],
    ["both tokens: both, in registry order", { ...SLACK, ...TELEGRAM }, { run: ["slack", "telegram"], terminal: false, chatServices: true }],
    ["CONSOLE=on with a token: the terminal too", { ...TELEGRAM, CONSOLE: "on" }, { run: ["console", "telegram"], terminal: true, chatServices: true }],
    ["CONSOLE=on alone: the terminal, still no chat service", { CONSOLE: "on" }, { run: ["console"], terminal: true, chatServices: false }],
    ["CONSOLE=off and no tokens: nothing but the HTTP API", { CONSOLE: "off" }, { run: [], terminal: false, chatServices: false }],
    ["CONSOLE=off with a token: the chat service", { ...TELEGRAM, CONSOLE: "off" }, { run: ["telegram"], terminal: false, chatServices: true }],
  ])("%s", (_case, env, expected) => {
    expect(run(env)).toEqual(expected);
  });
});
