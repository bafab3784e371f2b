import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index.js";
import { SLACK_EVENTS_PATH } from "../../src/transports/slack/slack.config.js";

describe("the Slack app manifest", () => {
  it("declares every chat command, each pointing at the events path", async () => {
    const manifest = await readFile(new URL("../../slack-app-manifest.yml", import.meta.url), "utf8");
    const declared = [...manifest.matchAll(/^\s*- command: (\S+)$/gm)].map((m) => m[1]);
    expect(declared.sort()).toEqual(COMMANDS.map((c) => `/${c.name}`).sort());
    const urls = [...manifest.matchAll(/^\s*(?:url|request_url): (\S+)$/gm)].map((m) => m[1]);
    // One per command, interactivity, and event subscriptions (files shared with /lead import).
    expect(urls).toHaveLength(COMMANDS.length + 2);
    for (const url of urls) expect(new URL(url!).pathname).toBe(SLACK_EVENTS_PATH);
  });

  it("subscribes to user_change with users:read, and sends /team mentions as user ids", async () => {
    const manifest = await readFile(new URL("../../slack-app-manifest.yml", import.meta.url), "utf8");
    const botEvents = /bot_events:\n((?:\s+- \S+\n)+)/.exec(manifest)?.[1] ?? "";
    expect(botEvents).toMatch(/- user_change\n/);
    expect(manifest).toMatch(/^\s+- users:read$/m);
    expect(manifest).not.toMatch(/users:read\.email/);
    const team = /- command: \/team\n((?:\s{6}\S.*\n|\s+#.*\n)+)/.exec(manifest)?.[1] ?? "";
    expect(team).toMatch(/should_escape: true/);
  });
});
