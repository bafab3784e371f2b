/**
 * Refused delivery surfaced through the real senders: the platform's own refusal (Telegram's
 * "bot was kicked", Slack's channel_not_found) fails the alert, and the team's admin hears it
 * once in their private chat with the bot (Telegram) or their DM with the app (Slack).
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { renderText } from "../../src/chat/text.render.js";
import { deliverDue } from "../../src/delivery/outbox.worker.js";
import { createSlackDeliveryClient, slackSender } from "../../src/platforms/slack/slack.outbox.js";
import { telegramSender } from "../../src/platforms/telegram/telegram.outbox.js";
import type { StoreHandle } from "../../src/store/client.js";
import { setTeamChannel } from "../../src/store/team.repository.js";
import { startFakeSlack, type FakeSlack } from "../slack/fake-slack.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { dm, MIA, RITA, SALES, shown, startHarness, type Harness } from "../telegram/harness.js";
import { buildOutboxMessage, virtualTime } from "./helpers.js";

const log = pino({ level: "silent" });

describe("Telegram: the bot was removed from the team's group", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ retry: { attempts: 1 } });
    await h.say(SALES, MIA, "/start"); // Mia: the group's admin
    await h.say(SALES, RITA, "/start");
    await h.say(dm(MIA), MIA, "/start");
    await h.say(SALES, MIA, "/digest channel");
  });
  afterAll(async () => h?.close());

  const kicked = { status: 403, body: { ok: false, error_code: 403, description: "Forbidden: bot was kicked from the supergroup chat" } };
  const drain = () =>
    deliverDue(h.deps, { telegram: telegramSender(h.handle) }, h.time.clock(), 10, { sleep: async (ms) => h.time.set(new Date(h.time.clock().getTime() + ms)) });

  it("tells the group's admin once, in their private chat, and /digest says so", async () => {
    const { teamId } = await h.store.prisma.chatBinding.findUniqueOrThrow({ where: { platform_externalId: { platform: "telegram", externalId: String(SALES.id) } } });
    // The harness's team, as the outbox builder wants it (it uses only these).
    const team = { teamId, deps: h.deps, time: h.time } as Pick<TeamFixture, "teamId" | "deps" | "time"> as TeamFixture;
    await buildOutboxMessage(team, { platform: "telegram", channel: String(SALES.id) });
    h.fake.script("sendMessage", kicked);
    expect(await drain()).toMatchObject({ failed: 1 });
    expect(await drain()).toMatchObject({ sent: 1 });
    const notice = h.last(dm(MIA)).text;
    expect(notice).toMatch(/R&D <Ops>: alerts are not being delivered/);
    expect(notice).toContain(`cannot be posted to the Telegram chat ${SALES.id}: Telegram says "bot was kicked from the supergroup chat"`);
    const messagesToMia = h.fake.messagesIn(MIA.id).length;

    // More alerts, refused the same way: Mia is not told again.
    await buildOutboxMessage(team, { platform: "telegram", channel: String(SALES.id) });
    h.fake.script("sendMessage", kicked);
    expect(await drain()).toMatchObject({ failed: 1 });
    await drain();
    expect(h.fake.messagesIn(MIA.id)).toHaveLength(messagesToMia);

    const digest = shown(await h.say(dm(MIA), MIA, "/digest")).join("\n");
    expect(digest).toMatch(/Alerts are not being delivered: Telegram says "bot was kicked from the supergroup chat" \(since/);
  });
});

describe("Slack: the team's channel is gone", () => {
  let fake: FakeSlack;
  let store: StoreHandle;
  let team: TeamFixture;
  beforeAll(async () => {
    fake = await startFakeSlack();
    store = await createTestStore("pglite");
    team = await buildTeam(store.prisma);
    await store.prisma.member.create({ data: { teamId: team.teamId, platform: "slack", externalId: "UADA0001", displayName: "Ada Admin", role: "admin" } });
    await setTeamChannel(store.store.db, team.teamId, "slack", "C-GONE");
  });
  afterAll(async () => {
    await fake?.close();
    await store?.close();
  });

  it("tells the admin once, in a DM, and /digest says so", async () => {
    const sender = slackSender(createSlackDeliveryClient({ token: "xoxb-test", apiUrl: fake.apiUrl }));
    const drain = () => deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, virtualTime(team));
    for (let i = 0; i < 2; i += 1) await buildOutboxMessage(team, { channel: "C-GONE" });
    fake.script("chat.postMessage", { body: { ok: false, error: "channel_not_found" } }, { body: { ok: false, error: "channel_not_found" } });
    expect(await drain()).toMatchObject({ failed: 2 });
    expect(await drain()).toMatchObject({ sent: 1 });
    const dms = fake.callsTo("chat.postMessage").filter((c) => c.body.channel === "UADA0001");
    expect(dms).toHaveLength(1);
    expect(String(dms[0]!.body.text)).toMatch(/alerts are not being delivered/);
    expect(String(dms[0]!.body.text)).toMatch(/Slack cannot find the channel/);

    const digest = renderText(await handleLine("/digest", { deps: team.deps, actor: team.rep }, log)).text;
    expect(digest).toMatch(/Alerts are not being delivered: Slack cannot find the channel \(deleted, or private and the app is not in it\) \(since/);
  });
});
