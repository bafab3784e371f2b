/**
 * A Telegram group upgraded to a supergroup gets a new chat id, and Telegram refuses
 * everything sent to the old one ("group chat was upgraded to a supergroup chat", naming the
 * new id). Through the real bot and outbox worker against the fake Bot API, on either store.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverDue } from "../../src/delivery/outbox.worker.js";
import { telegramSender } from "../../src/platforms/telegram/telegram.outbox.js";
import { outboxPayload } from "../../src/services/outbox-message.js";
import { insertOutbox } from "../../src/store/outbox.repository.js";
import { MIA, RITA, shown, startHarness, type Chat, type Harness } from "./harness.js";

export function supergroupSuite(kind: "pglite" | "postgres") {
  describe(`a group upgraded to a supergroup (${kind})`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ store: kind, retry: { attempts: 1 } });
    });
    afterAll(async () => h?.close());
    // Each test drains the outbox: only its own messages may be in it.
    beforeEach(async () => void (await h.store.prisma.outbox.deleteMany({})));

    let groups = 0;
    /** A basic group and the supergroup it becomes, ids of their own per test. */
    const pair = (): [Chat, Chat] => {
      groups += 1;
      return [
        { id: -5000 - groups, type: "group", title: `Team ${groups}` },
        { id: -1005000000 - groups, type: "supergroup", title: `Team ${groups}` },
      ];
    };
    const bindingOf = (chat: Chat) => h.store.prisma.chatBinding.findUnique({ where: { platform_externalId: { platform: "telegram", externalId: String(chat.id) } } });
    const alertTo = (teamId: number, chat: Chat, n: number) =>
      insertOutbox(h.deps.store.db, {
        teamId,
        kind: "alert",
        platform: "telegram",
        channel: String(chat.id),
        payload: outboxPayload("alert", { leadId: n, name: `Lead ${n}`, company: null, score: 80, tierLabel: "Hot", action: "Call today", stage: "mql", owner: null, reasons: [] }) as object,
        dedupeKey: `supergroup-test:${kind}:${chat.id}:${n}`,
        nextAttemptAt: h.time.clock(),
        createdAt: h.time.clock(),
      });
    // Waiting for a rate limit moves the test clock instead of sleeping.
    const drain = () =>
      deliverDue(h.deps, { telegram: telegramSender(h.handle) }, h.time.clock(), 10, {
        sleep: async (ms) => h.time.set(new Date(h.time.clock().getTime() + ms)),
      });
    /** Telegram's service messages announcing the upgrade, in the old chat and in the new one. */
    async function upgrade(old: Chat, upgraded: Chat) {
      await h.fake.processed(h.fake.push({ message: { message_id: 900 + groups, date: 0, chat: old, from: MIA, migrate_to_chat_id: upgraded.id } }));
      await h.fake.processed(h.fake.push({ message: { message_id: 1, date: 0, chat: upgraded, from: MIA, migrate_from_chat_id: old.id } }));
    }

    it("moves the team, its alert and digest destination, forms in progress and queued messages to the new chat", async () => {
      const [old, upgraded] = pair();
      await h.say(old, MIA, "/start");
      await h.say(old, RITA, "/start");
      await h.say(old, MIA, "/digest channel");
      await h.say(old, MIA, '/lead add "Jana Novak" company=Acme');
      const { teamId } = (await bindingOf(old))!;
      const lead = await h.store.prisma.lead.findFirstOrThrow({ where: { teamId } });
      // Rita is half-way through a form in the old group; an alert waits to be sent there.
      await h.say(old, RITA, `/qualify #${lead.id}`);
      const question = h.last(old);
      const queued = await alertTo(teamId, old, 1);

      await upgrade(old, upgraded);

      expect(await bindingOf(old)).toBeNull();
      expect((await bindingOf(upgraded))?.teamId).toBe(teamId);
      expect(await h.store.prisma.team.findUniqueOrThrow({ where: { id: teamId } })).toMatchObject({ channelPlatform: "telegram", digestChannel: String(upgraded.id) });
      expect(await h.store.prisma.chatFlow.findMany({ where: { teamId }, select: { chatId: true } })).toEqual([{ chatId: String(upgraded.id) }]);
      expect((await h.store.prisma.outbox.findUniqueOrThrow({ where: { id: queued.id } })).channel).toBe(String(upgraded.id));

      // The queued alert goes to the supergroup, and the form goes on there.
      expect(await drain()).toMatchObject({ sent: 1, failed: 0 });
      expect(h.last(upgraded).text).toMatch(/Hot lead: Lead 1/);
      const pressed = await h.press(RITA, { ...question, chat: { id: upgraded.id, type: upgraded.type, title: upgraded.title! } }, "Yes");
      expect(shown(pressed).join("\n")).toMatch(/2\/4[\s\S]*Budget: yes[\s\S]*Authority\?/);
      // And the team answers in the supergroup as before, with no new team made.
      expect(shown(await h.say(upgraded, MIA, "/digest")).join("\n")).toMatch(new RegExp(`to the Telegram chat ${upgraded.id}`));
      expect(await h.store.prisma.chatBinding.count({ where: { teamId } })).toBe(1);
    });

    it("delivery refused with the new chat id follows it: moves the references and sends there instead of failing", async () => {
      const [old, upgraded] = pair();
      await h.say(old, MIA, "/start");
      await h.say(old, MIA, "/digest channel");
      const { teamId } = (await bindingOf(old))!;
      const first = await alertTo(teamId, old, 2);
      const second = await alertTo(teamId, old, 3);
      // The bot missed the service messages (it was down): Telegram's refusal is the news.
      h.fake.knowChat(upgraded);
      h.fake.script("sendMessage", {
        status: 400,
        body: { ok: false, error_code: 400, description: "Bad Request: group chat was upgraded to a supergroup chat", parameters: { migrate_to_chat_id: upgraded.id } },
      });

      expect(await drain()).toMatchObject({ sent: 2, failed: 0 });
      const sentTo = h.fake.callsTo("sendMessage").slice(-3).map((c) => Number(c.body.chat_id));
      expect(sentTo).toEqual([old.id, upgraded.id, upgraded.id]);
      for (const id of [first.id, second.id]) {
        expect(await h.store.prisma.outbox.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "sent", channel: String(upgraded.id) });
      }
      expect(await h.store.prisma.team.findUniqueOrThrow({ where: { id: teamId } })).toMatchObject({ digestChannel: String(upgraded.id), deliveryProblem: null });
      expect((await bindingOf(upgraded))?.teamId).toBe(teamId);
      // Nothing failed, so nobody is told anything went wrong.
      expect(await h.store.prisma.outbox.count({ where: { teamId, kind: "notice" } })).toBe(0);
    });
  });
}
