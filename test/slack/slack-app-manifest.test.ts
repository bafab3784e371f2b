import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { COMMANDS, type CommandDefinition } from "../../commands/index.js";
import { MANIFEST_FILE, syncManifest } from "../../scripts/slack-manifest.js";
import { SLACK_EVENTS_PATH } from "../../src/platforms/slack/slack.config.js";
import { manifestSlashCommands } from "../../src/platforms/slack/slack.manifest.js";
import { translator } from "../../src/i18n/index.js";

const RUN_SYNC = "slack-app-manifest.yml differs from the command registry (commands/index.ts): run npm run slack:manifest";

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

  it("lists exactly the registry's commands, with their names, descriptions and hints, in its order", async () => {
    const manifest = parse(await readFile(MANIFEST_FILE, "utf8")) as { features: { slash_commands: unknown[] } };
    const fromRegistry = manifestSlashCommands(COMMANDS);
    expect(manifest.features.slash_commands, RUN_SYNC).toEqual(fromRegistry);
    // Each command's own words, so a wording change in a command file shows up here too.
    for (const command of COMMANDS) {
      const entry = fromRegistry.find((e) => e.command === `/${command.name}`);
      const en = translator("en");
      expect(entry?.description).toBe(command.menu?.description ? en.t(command.menu.description) : en.t(command.summary).replace(/\.$/, ""));
    }
  });

  it("is exactly what npm run slack:manifest writes", async () => {
    const text = await readFile(MANIFEST_FILE, "utf8");
    expect(syncManifest(text), RUN_SYNC).toBe(text);
  });

  it("takes a new command from the registry and drops one that left it, keeping the other entries' comments", async () => {
    const text = await readFile(MANIFEST_FILE, "utf8");
    const stats: CommandDefinition = { name: "stats", summary: "command.team.summary", usage: ["/stats"], help: "command.team.help", menu: { hint: "week" }, run: async () => ({}) as never };
    const synced = syncManifest(text, [...COMMANDS.filter((c) => c.name !== "log"), stats]);
    const commands = (parse(synced) as { features: { slash_commands: Array<{ command: string }> } }).features.slash_commands;
    expect(commands.map((c) => c.command)).toEqual([...COMMANDS.filter((c) => c.name !== "log").map((c) => `/${c.name}`), "/stats"]);
    expect(commands.at(-1)).toEqual({ command: "/stats", url: "https://YOUR-BOT-HOST/slack/events", description: "Run the team: members and roles, removing people, joining, settings and audit; how it works its hot leads (stats)", usage_hint: "week", should_escape: false });
    expect(synced).toContain("# Mentions arrive as user ids");
  });
});
