import { serviceDeps } from "../support/builders.js";
/**
 * Each platform started the way main.ts starts it, through the contract alone: the chat
 * services against their fakes, handing back a sender that reaches them; the console holding
 * its conversation over the terminal it is given.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reply } from "../../src/chat/reply.js";
import type { PlatformEnv } from "../../src/platforms/contract.js";
import { PLATFORMS } from "../../src/platforms/registry.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import type { StoreHandle } from "../../src/store/client.js";
import { startFakeSlack, type FakeSlack } from "../slack/fake-slack.js";
import { startFakeTelegram, TOKEN, type FakeTelegram } from "../telegram/fake-telegram.js";
import { testClock } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });
let store: StoreHandle;
let deps: ServiceDeps;

beforeAll(async () => {
  store = await createTestStore("pglite");
  deps = serviceDeps(store, testClock(new Date("2026-06-01T09:00:00Z")).clock);
});
afterAll(async () => store?.close());

/** What main.ts gives every platform; the terminal here is a pair of streams nobody reads. */
function envFor<Config>(config: Config, terminal: Partial<PlatformEnv<Config>["terminal"]> = {}): PlatformEnv<Config> {
  return { config, deps, log, timezone: "UTC", terminal: { input: new PassThrough(), output: new PassThrough(), interactive: false, ...terminal }, httpPort: 0 };
}

const hello = reply([{ type: "text", text: "Jana Novak is hot" }], { visibility: "channel" });

describe("Slack through the contract", () => {
  let fake: FakeSlack;
  beforeAll(async () => (fake = await startFakeSlack()));
  afterAll(async () => fake?.close());

  it("starts, sends outbox messages to the channel, and stops", async () => {
    const running = await PLATFORMS.slack.start(envFor({ mode: "http", botToken: "xoxb-test", signingSecret: "8f742231b10e8888abcd99yyyzzz85a5", port: 0, apiUrl: fake.apiUrl }));
    try {
      await running.sender.send("C-ALERTS", hello);
      const [post] = fake.callsTo("chat.postMessage").filter((c) => c.body.channel === "C-ALERTS");
      expect(post?.body.text).toContain("Jana Novak is hot");
    } finally {
      await running.stop();
    }
  });
});

describe("Telegram through the contract", () => {
  let fake: FakeTelegram;
  beforeAll(async () => (fake = await startFakeTelegram()));
  afterAll(async () => fake?.close());

  it("starts, sends outbox messages to the group, and stops", async () => {
    const group = { id: -1001234567890, type: "supergroup" as const, title: "Sales" };
    fake.knowChat(group);
    const running = await PLATFORMS.telegram.start(envFor({ botToken: TOKEN, apiRoot: fake.apiRoot, mode: "polling" as const }));
    try {
      await running.sender.send(String(group.id), hello);
      expect(fake.messagesIn(group.id).map((m) => m.text).join("\n")).toContain("Jana Novak is hot");
    } finally {
      await running.stop();
    }
  });
});

describe("the console through the contract", () => {
  const exportDir = mkdtempSync(join(tmpdir(), "leadbot-contract-"));
  afterAll(() => rmSync(exportDir, { recursive: true, force: true }));

  it("has no outbox sender, and holds its conversation in the foreground until input ends", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let said = "";
    output.on("data", (chunk: Buffer) => (said += chunk.toString()));
    const running = await PLATFORMS.console.start(envFor({ mode: "auto", exportDir }, { input, output }));
    expect(running.sender).toBeUndefined();
    input.end("/help\n");
    await running.foreground?.();
    await running.stop();
    expect(said).toMatch(/^› \/help\n/);
    expect(said).toContain("/lead");
  });
});
