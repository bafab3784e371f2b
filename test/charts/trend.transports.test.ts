/**
 * The trend chart through the real transports: /lead trend typed in Slack (Bolt, signed
 * requests) and in a Telegram group (telegraf, long polling), and the PNG arriving at the fake
 * Slack's upload URL and as the fake Telegram's sendPhoto, byte for byte what the command
 * rendered.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { CHART_SIZE } from "../../src/charts/render.js";
import type { Actor } from "../../src/services/actor.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import type { StoreHandle } from "../../src/store/client.js";
import { startSlack, type SlackHandle } from "../../src/platforms/slack/slack.app.js";
import { newWorkspace, slackUser, startFakeSlack, typeSlashCommand, type FakeSlack, type SlackUser } from "../slack/fake-slack.js";
import { serviceDeps, testClock } from "../support/builders.js";
import { MIA, SALES, startHarness, type Harness } from "../telegram/harness.js";
import { createTestStore } from "../support/db.js";
import { decodePng } from "./png.js";

const log = pino({ level: "silent" });

/** What the command itself answers, for the person the transport identified. */
async function directly(deps: ServiceDeps, store: StoreHandle, platform: "slack" | "telegram", externalId: string, line: string) {
  const member = await store.prisma.member.findFirstOrThrow({ where: { platform, externalId } });
  const actor: Actor = { teamId: member.teamId, memberId: member.id, role: member.role, name: member.displayName };
  return handleLine(line, { deps, actor }, log);
}

describe("Slack: /lead trend", () => {
  const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  const CHANNEL = "C0TREND01";
  let store: StoreHandle;
  let fake: FakeSlack;
  let slack: SlackHandle;
  let deps: ServiceDeps;

  beforeAll(async () => {
    store = await createTestStore("pglite");
    fake = await startFakeSlack();
    deps = serviceDeps(store, testClock().clock);
    slack = await startSlack({ deps, log, config: { mode: "http", botToken: "xoxb-test-token", signingSecret: SECRET, apiUrl: fake.apiUrl, port: 0 } });
  });
  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
    await store?.close();
  });

  const ask = (user: SlackUser, line: string) => typeSlashCommand(fake, { port: slack.port!, secret: SECRET }, { user, channel: CHANNEL, line });

  it("uploads the chart's PNG to the person's DM (the answer is private), the same bytes the command rendered", async () => {
    const ann = slackUser(newWorkspace(), "ann");
    await ask(ann, "/lead add Jana Novak email=jana@acme.example company=Acme");
    await ask(ann, "/lead event jana demo_request");
    const answer = await ask(ann, "/lead trend jana 30");
    expect(answer.text).toMatch(/Jana Novak \(Acme\): 40 now \(Warm\), \+40 over 30 days/);

    await fake.waitFor((c) => c.method === "files.completeUploadExternal", 20_000);
    const lead = await store.prisma.lead.findFirstOrThrow({ where: { email: "jana@acme.example" } });
    const file = fake.uploads().find((u) => u.filename === `trend-${lead.id}.png`);
    expect(file).toMatchObject({ channelId: `D${ann.id.slice(1)}`, title: "Jana Novak: score over the last 30 days" });
    const png = decodePng(file!.data);
    expect([png.width, png.height]).toEqual([CHART_SIZE.width, CHART_SIZE.height]);

    const rendered = await directly(deps, store, "slack", ann.id, `/lead trend #${lead.id} 30`);
    expect(Buffer.compare(file!.data, Buffer.from(rendered.attachments![0]!.data))).toBe(0);
  });
});

describe("Telegram: /lead trend", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it("sends the chart as a photo with a caption, the same bytes the command rendered", async () => {
    await h.say(SALES, MIA, '/lead add "Jana Novak" email=jana@acme.example company=Acme');
    await h.say(SALES, MIA, "/lead event jana demo_request");
    const calls = await h.say(SALES, MIA, "/lead trend jana 90");
    expect(calls.map((c) => c.method)).toContain("sendPhoto");

    const lead = await h.store.prisma.lead.findFirstOrThrow({ where: { email: "jana@acme.example" } });
    const photo = h.fake.filesSentTo(SALES.id).find((f) => f.method === "sendPhoto");
    // sendPhoto is what makes Telegram show it as a picture; the bytes below are the PNG itself.
    expect(photo).toMatchObject({ filename: `trend-${lead.id}.png`, caption: "Jana Novak: score over the last 90 days" });
    const png = decodePng(photo!.data);
    expect([png.width, png.height]).toEqual([CHART_SIZE.width, CHART_SIZE.height]);

    const rendered = await directly(h.deps, h.store, "telegram", String(MIA.id), `/lead trend #${lead.id} 90`);
    expect(Buffer.compare(photo!.data, Buffer.from(rendered.attachments![0]!.data))).toBe(0);
  });
});
