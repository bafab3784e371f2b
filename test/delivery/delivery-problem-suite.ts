/**
 * Delivery that is refused for good is surfaced: when the team's chat refuses messages (bot
 * removed, channel gone), the team's admins are told once, privately, and /digest says so
 * until a message gets through again or the destination changes. Scripted senders here; the
 * real adapters against the fake platforms are in delivery-problem.adapters.test.ts.
 */
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { renderText } from "../../src/chat/text.render.js";
import { DeliveryError, type Sender } from "../../src/delivery/delivery-error.js";
import { deliverDue } from "../../src/delivery/outbox.worker.js";
import type { Reply } from "../../src/chat/reply.js";
import type { StoreHandle } from "../../src/store/client.js";
import { setTeamChannel } from "../../src/store/team.repository.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { storedReply } from "../support/outbox.js";
import { advance, buildOutboxMessage, virtualTime } from "./helpers.js";

const log = pino({ level: "silent" });
export const GROUP = "-1001500";
export const KICKED = 'Telegram says "bot was kicked from the supergroup chat"';

/** The refusal a kicked bot gets, as the Telegram sender reports it. */
export const kicked = () =>
  new DeliveryError("refused", "telegram (chat unreachable): Forbidden: bot was kicked from the supergroup chat", undefined, { unreachable: KICKED });

/** A sender whose `refusing` chats answer `refusal()`; every other chat takes the message. */
export function chatSender(refusal: () => DeliveryError = kicked) {
  const refusing = new Set<string>();
  const sent: Array<{ channel: string; reply: Reply }> = [];
  const sender: Sender & { refusing: Set<string>; sent: typeof sent } = {
    refusing,
    sent,
    async send(channel, reply) {
      if (refusing.has(channel)) throw refusal();
      sent.push({ channel, reply });
    },
  };
  return sender;
}

/** Two admins who can be written to privately (a Telegram one and a Slack one), besides the fixture's console people and a removed admin. */
export async function withChatAdmins(team: TeamFixture) {
  const db = team.prisma;
  await db.member.create({ data: { teamId: team.teamId, platform: "telegram", externalId: "1001", displayName: "Tanja Admin", role: "admin" } });
  await db.member.create({ data: { teamId: team.teamId, platform: "slack", externalId: "USAM0001", displayName: "Sam Admin", role: "admin" } });
  // A console admin has nowhere private to be told; a Telegram rep is not told.
  await db.member.create({ data: { teamId: team.teamId, platform: "console", externalId: "local", displayName: "You", role: "admin" } });
  await db.member.create({ data: { teamId: team.teamId, platform: "telegram", externalId: "1003", displayName: "Rita Rep", role: "rep" } });
  // An admin who has left the team is not told about it any more.
  await db.member.create({ data: { teamId: team.teamId, platform: "telegram", externalId: "1004", displayName: "Olga Gone", role: "admin", status: "removed" } });
}

export function deliveryProblemSuite(kind: "pglite" | "postgres") {
  describe(`refused delivery is surfaced (${kind})`, () => {
    let store: StoreHandle;
    let team: TeamFixture;
    beforeEach(async () => {
      store = await createTestStore(kind);
      team = await buildTeam(store.prisma);
      await withChatAdmins(team);
      await setTeamChannel(store.store.db, team.teamId, "telegram", GROUP);
    });
    afterEach(async () => store?.close());

    const notices = () => store.prisma.outbox.findMany({ where: { teamId: team.teamId, kind: "notice" }, orderBy: { id: "asc" } });
    const digest = async () => renderText(await handleLine("/digest", { deps: team.deps, actor: team.rep }, log)).text;
    const drain = (senders: { telegram?: Sender; slack?: Sender }) => deliverDue(team.deps, senders, team.time.clock(), 50, virtualTime(team));

    it("tells each admin once, privately, however many messages are refused, and /digest says so", async () => {
      const telegram = chatSender();
      telegram.refusing.add(GROUP);
      for (let i = 0; i < 3; i += 1) await buildOutboxMessage(team, { platform: "telegram", channel: GROUP });
      expect(await drain({ telegram })).toMatchObject({ failed: 3 });

      const told = await notices();
      expect(told.map((n) => [n.platform, n.channel])).toEqual([
        ["telegram", "1001"],
        ["slack", "USAM0001"],
      ]);
      const notice = renderText(storedReply(told[0]!.payload)).text;
      expect(notice).toContain(`Hot-lead alerts and morning digests for Test Team cannot be posted to the Telegram chat ${GROUP}: ${KICKED}.`);
      expect(notice).toMatch(/\/digest channel/);
      expect(await digest()).toContain(`Alerts are not being delivered: ${KICKED} (since`);

      // Later refusals, another round, another day: nobody is told again.
      advance(team, 86_400_000);
      await buildOutboxMessage(team, { platform: "telegram", channel: GROUP });
      expect(await drain({ telegram })).toMatchObject({ failed: 1, sent: 1 }); // the Telegram admin's notice went out
      expect(await notices()).toHaveLength(2);
      expect(telegram.sent.map((m) => m.channel)).toEqual(["1001"]);
      // A notice reaching an admin says nothing about the team's chat.
      expect(await digest()).toContain("Alerts are not being delivered");
    });

    it("clears the problem when a message reaches the team's chat again, and tells the admins about the next outage", async () => {
      const telegram = chatSender();
      telegram.refusing.add(GROUP);
      const refused = await buildOutboxMessage(team, { platform: "telegram", channel: GROUP });
      await drain({ telegram });
      expect(await notices()).toHaveLength(2);

      // Someone adds the bot back; an admin sends the failed alert again.
      telegram.refusing.delete(GROUP);
      const admin = { ...team.manager, role: "admin" as const };
      expect(renderText(await handleLine(`/admin outbox retry ${refused.id}`, { deps: team.deps, actor: admin }, log)).text).toMatch(/queued for delivery again/);
      await drain({ telegram });
      expect(await digest()).not.toContain("not being delivered");

      telegram.refusing.add(GROUP);
      advance(team, 60_000);
      await buildOutboxMessage(team, { platform: "telegram", channel: GROUP });
      await drain({ telegram });
      expect(await notices()).toHaveLength(4);
      expect(await digest()).toContain("Alerts are not being delivered");
    });

    it("forgets the problem when a manager points alerts at another chat", async () => {
      const telegram = chatSender();
      telegram.refusing.add(GROUP);
      await buildOutboxMessage(team, { platform: "telegram", channel: GROUP });
      await drain({ telegram });
      expect(await digest()).toContain("Alerts are not being delivered");
      await handleLine("/digest channel", { deps: team.deps, actor: team.manager, place: { platform: "telegram", channelId: "-1001600" } }, log);
      expect(await digest()).not.toContain("not being delivered");
      // A late refusal from the old chat is not the new chat's problem.
      await buildOutboxMessage(team, { platform: "telegram", channel: GROUP });
      await drain({ telegram });
      expect(await digest()).not.toContain("not being delivered");
      expect(await notices()).toHaveLength(2);
    });

    it("does not count a refusal of one message (too long, malformed) against the chat", async () => {
      const telegram = chatSender(() => new DeliveryError("refused", "telegram: Bad Request: message is too long"));
      telegram.refusing.add(GROUP);
      await buildOutboxMessage(team, { platform: "telegram", channel: GROUP });
      expect(await drain({ telegram })).toMatchObject({ failed: 1 });
      expect(await notices()).toEqual([]);
      expect(await digest()).not.toContain("not being delivered");
    });

    it("does not count an admin who cannot be written to privately against the team's chat", async () => {
      const telegram = chatSender();
      telegram.refusing.add(GROUP);
      // Tanja never opened a private chat with the bot: her notice is refused too.
      telegram.refusing.add("1001");
      await buildOutboxMessage(team, { platform: "telegram", channel: GROUP });
      await drain({ telegram });
      advance(team, 60_000);
      await drain({ telegram });
      expect((await notices()).map((n) => [n.channel, n.status])).toEqual([
        ["1001", "failed"],
        ["USAM0001", "pending"], // no Slack sender in this process: it waits
      ]);
      const problem = await store.prisma.team.findUniqueOrThrow({ where: { id: team.teamId }, select: { deliveryProblem: true, digestChannel: true } });
      expect(problem).toEqual({ deliveryProblem: KICKED, digestChannel: GROUP });
    });
  });
}
