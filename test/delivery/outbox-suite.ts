/**
 * The outbox worker against a real store (PGlite, and PostgreSQL where concurrency matters).
 * Platforms are scripted senders here; adapters against fake servers are in *.adapter.test.ts.
 */
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reply } from "../../src/chat/reply.js";
import { DeliveryError } from "../../src/delivery/delivery-error.js";
import { deliverDue, startOutboxWorker } from "../../src/delivery/outbox.worker.js";
import type { AlertMessage } from "../../src/services/alerts.service.js";
import { recordEvent } from "../../src/services/lead.service.js";
import { outboxStatus, retryFailed } from "../../src/services/outbox.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { claimDue } from "../../src/store/outbox.repository.js";
import { setTeamChannel } from "../../src/store/team.repository.js";
import { alertReply } from "../../src/views/alert.view.js";
import { translator } from "../../src/i18n/index.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { advance, buildOutboxMessage, scriptedSender, virtualTime } from "./helpers.js";
import { failureText } from "../../src/views/failure.view.js";

const log = pino({ level: "silent" });
const unreachable = () => new DeliveryError("retryable", "slack unreachable: ECONNRESET");

export function outboxSuite(kind: "pglite" | "postgres") {
  describe(`outbox delivery (${kind})`, () => {
    let store: StoreHandle;
    let team: TeamFixture;
    beforeEach(async () => {
      store = await createTestStore(kind);
      team = await buildTeam(store.prisma);
    });
    afterEach(async () => store?.close());

    const row = (id: number) => store.prisma.outbox.findUniqueOrThrow({ where: { id } });

    it("retries a message whose platform failed 3 times and delivers it exactly once", async () => {
      const message = await buildOutboxMessage(team);
      const sender = scriptedSender([unreachable(), unreachable(), unreachable()]);
      const options = virtualTime(team);
      const delays: number[] = [];
      for (let round = 0; round < 4; round += 1) {
        await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, options);
        const after = await row(message.id);
        if (after.status === "sent") break;
        expect(after).toMatchObject({ status: "pending", attempts: round + 1, lastError: "slack unreachable: ECONNRESET" });
        const delay = after.nextAttemptAt.getTime() - team.time.clock().getTime();
        delays.push(delay);
        // Not due before its back-off.
        advance(team, delay - 1);
        expect((await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, options)).claimed).toBe(0);
        advance(team, 1);
      }
      expect(delays).toEqual([1500, 3000, 6000]); // 2 s · 2^n, jitter fixed at the middle
      expect(sender.tries).toHaveLength(4);
      expect(sender.sent).toHaveLength(1);
      expect(await row(message.id)).toMatchObject({ status: "sent", attempts: 4, sentAt: team.time.clock() });
      advance(team, 3_600_000);
      expect((await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, options)).claimed).toBe(0);
      expect(sender.sent).toHaveLength(1);
    });

    it("waits as long as a 429's retry-after says before trying again", async () => {
      const message = await buildOutboxMessage(team);
      const sender = scriptedSender([new DeliveryError("retryable", "slack: rate limited, retry after 30s", 30_000)]);
      const options = virtualTime(team);
      const start = team.time.clock().getTime();
      await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, options);
      expect((await row(message.id)).nextAttemptAt.getTime()).toBe(start + 30_000);
      advance(team, 29_999);
      expect((await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, options)).claimed).toBe(0);
      advance(team, 1);
      expect(await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, options)).toMatchObject({ sent: 1 });
      expect(sender.sent).toHaveLength(1);
    });

    it("fails a refused message at once, without retries, and shows it to admins", async () => {
      const message = await buildOutboxMessage(team, { channel: "C-GONE" });
      const sender = scriptedSender([new DeliveryError("refused", "slack: channel_not_found")]);
      const report = await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, virtualTime(team));
      expect(report).toMatchObject({ claimed: 1, failed: 1, retried: 0 });
      expect(await row(message.id)).toMatchObject({ status: "failed", attempts: 1, lastError: "slack: channel_not_found" });
      advance(team, 86_400_000);
      expect((await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, virtualTime(team))).claimed).toBe(0);
      expect(sender.tries).toHaveLength(1);
    });

    it("marks a message failed after N failed attempts; admins see it and can send it again", async () => {
      const message = await buildOutboxMessage(team);
      const failures = Array.from({ length: 3 }, unreachable);
      const sender = scriptedSender(failures);
      const options = virtualTime(team, { maxAttempts: 3 });
      for (let i = 0; i < 5; i += 1) {
        await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, options);
        advance(team, 3_600_000);
      }
      expect(sender.tries).toHaveLength(3);
      expect(await row(message.id)).toMatchObject({ status: "failed", attempts: 3, lastError: "gave up after 3 attempts: slack unreachable: ECONNRESET" });

      const admin = { ...team.manager, role: "admin" as const };
      const status = await outboxStatus(team.deps, admin);
      if (!status.ok) throw new Error(failureText(status.error));
      expect(status.value.counts).toEqual({ pending: 0, sending: 0, sent: 0, failed: 1 });
      expect(status.value.failed).toEqual([
        expect.objectContaining({ id: message.id, kind: "alert", channel: "C-SALES", attempts: 3, error: expect.stringContaining("ECONNRESET") }),
      ]);
      expect(await outboxStatus(team.deps, team.manager)).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await retryFailed(team.deps, team.rep, message.id)).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await retryFailed(team.deps, admin, message.id + 999)).toMatchObject({ ok: false, error: { code: "not_found" } });

      expect(await retryFailed(team.deps, admin, message.id)).toEqual({ ok: true, value: { id: message.id } });
      await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, options);
      expect(await row(message.id)).toMatchObject({ status: "sent", attempts: 1 });
    });

    it("does not let one bad message hold up the others", async () => {
      const bad = await buildOutboxMessage(team, { channel: "C-BAD", payload: { not: "a reply" } });
      const refused = await buildOutboxMessage(team, { channel: "C-GONE" });
      const good = await buildOutboxMessage(team, { channel: "C-OK" });
      const sender = scriptedSender();
      let crashed = false;
      sender.send = async function (channel, reply) {
        if (channel === "C-GONE") throw new DeliveryError("refused", "slack: channel_not_found");
        if (channel === "C-OK" && !crashed) {
          crashed = true;
          throw new Error("a bug in a renderer");
        }
        sender.sent.push({ channel, reply });
      };
      await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, virtualTime(team));
      expect((await row(bad.id)).status).toBe("failed");
      expect((await row(refused.id)).status).toBe("failed");
      expect((await row(good.id)).status).toBe("pending"); // an unexpected throw counts as retryable
      advance(team, 60_000);
      await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, virtualTime(team));
      expect((await row(good.id)).status).toBe("sent");
    });

    it("renders a message from its view name and data when it delivers it", async () => {
      const message = await buildOutboxMessage(team, { channel: "C-VIEW" });
      expect(message.payload).toMatchObject({ view: "alert", data: { name: expect.stringMatching(/^Lead \d+$/), score: 72 } });
      const sender = scriptedSender();
      await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, virtualTime(team));
      expect(sender.sent).toHaveLength(1);
      expect(sender.sent[0]!.reply).toEqual(alertReply((message.payload as unknown as { data: AlertMessage }).data, translator("en")));
    });

    it("still delivers a message stored as a rendered reply, as rows written before views were", async () => {
      const old = alertReply({ leadId: 41, name: "Old Row", company: null, score: 80, tierLabel: "Hot", action: "Call today", stage: "mql", owner: null, reasons: [] }, translator("en"));
      const message = await buildOutboxMessage(team, { channel: "C-OLD", payload: old });
      const sender = scriptedSender();
      expect(await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, virtualTime(team))).toMatchObject({ sent: 1 });
      expect(sender.sent).toEqual([{ channel: "C-OLD", reply: old }]);
      expect((await row(message.id)).status).toBe("sent");
    });

    it("refuses a private reply stored in the outbox: it may be going to a shared chat", async () => {
      const secret = reply([{ type: "text", text: "Your API key: lb_secret" }], { visibility: "private" });
      const message = await buildOutboxMessage(team, { channel: "C-SHARED", payload: secret });
      const sender = scriptedSender();
      expect(await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, virtualTime(team))).toMatchObject({ failed: 1 });
      expect(sender.tries).toEqual([]);
      expect(await row(message.id)).toMatchObject({ status: "failed", lastError: expect.stringMatching(/^invalid payload/) });
    });

    it("fails a message whose view is unknown or whose data does not fit its view, and sends the rest", async () => {
      const unknown = await buildOutboxMessage(team, { channel: "C-A", payload: { view: "fireworks", data: {} } });
      const misfit = await buildOutboxMessage(team, { channel: "C-B", payload: { view: "digest", data: { mode: "late" } } });
      const good = await buildOutboxMessage(team, { channel: "C-C" });
      const sender = scriptedSender();
      expect(await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, virtualTime(team))).toMatchObject({ sent: 1, failed: 2 });
      expect(await row(unknown.id)).toMatchObject({ status: "failed", lastError: 'invalid payload: no outbox view named "fireworks"' });
      expect(await row(misfit.id)).toMatchObject({ status: "failed", lastError: expect.stringMatching(/^invalid payload: digest data at digest/) });
      expect((await row(good.id)).status).toBe("sent");
    });

    it("leaves messages for platforms it has no sender for", async () => {
      const telegram = await buildOutboxMessage(team, { platform: "telegram", channel: "-100123" });
      const sender = scriptedSender();
      expect((await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, virtualTime(team))).claimed).toBe(0);
      expect((await row(telegram.id)).status).toBe("pending");
    });

    it("spaces messages to one Slack channel at least a second apart, another channel's message going out in the same round", async () => {
      for (let i = 0; i < 3; i += 1) await buildOutboxMessage(team, { channel: "C-ONE" });
      await buildOutboxMessage(team, { channel: "C-TWO" });
      const times: Array<{ channel: string; at: number }> = [];
      const sender = scriptedSender();
      const inner = sender.send.bind(sender);
      sender.send = async (channel, reply) => {
        times.push({ channel, at: team.time.clock().getTime() });
        await inner(channel, reply);
      };
      const start = team.time.clock().getTime();
      await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, virtualTime(team));
      const one = times.filter((t) => t.channel === "C-ONE").map((t) => t.at - start);
      expect(one).toHaveLength(3);
      expect(one[1]! - one[0]!).toBeGreaterThanOrEqual(1000);
      expect(one[2]! - one[1]!).toBeGreaterThanOrEqual(1000);
      // The other channel does not wait for C-ONE's queue to go first (the shared test clock
      // makes its exact time depend on scheduling, so only the round is checked).
      expect(times.filter((t) => t.channel === "C-TWO")).toHaveLength(1);
    });

    it("hands a message back to the queue when the rate limit asks for a long wait", async () => {
      const message = await buildOutboxMessage(team, { channel: "C-BUSY" });
      const options = virtualTime(team);
      await options.limiter!.block("slack:C-BUSY", 20_000, team.time.clock().getTime());
      const sender = scriptedSender();
      expect(await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, options)).toMatchObject({ deferred: 1 });
      expect(await row(message.id)).toMatchObject({ status: "pending", attempts: 0 });
      advance(team, 20_000);
      expect(await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, options)).toMatchObject({ sent: 1 });
    });

    describe("after a crash", () => {
      beforeEach(async () => setTeamChannel(store.store.db, team.teamId, "slack", "C-SALES"));

      const makeHot = async () => {
        const lead = await buildLead(team);
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "demo_request" });
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "quote_request" });
        const alerts = await store.prisma.outbox.findMany({ where: { teamId: team.teamId, kind: "alert" } });
        expect(alerts).toHaveLength(1);
        return alerts[0]!;
      };

      it("delivers an alert written before the process died, once, from a new worker", async () => {
        const alert = await makeHot();
        // The process died here: the alert is stored, nothing was sent. A new process starts.
        const sender = scriptedSender();
        const worker = startOutboxWorker({ deps: team.deps, log, senders: { slack: sender }, options: { ...virtualTime(team), manual: true } });
        await worker.drainOnce();
        await worker.drainOnce();
        await worker.stop();
        expect(sender.sent).toHaveLength(1);
        expect(sender.sent[0]!.channel).toBe("C-SALES");
        expect(JSON.stringify(sender.sent[0]!.reply)).toContain(`/lead claim #`);
        expect((await row(alert.id)).status).toBe("sent");
      });

      it("takes over a claim whose worker died mid-send once its lease has run out", async () => {
        const alert = await makeHot();
        const leaseMs = 60_000;
        // A worker claimed it and died before sending.
        const now = team.time.clock();
        expect(await claimDue(store.store.db, now, new Date(now.getTime() + leaseMs), 10, ["slack"])).toHaveLength(1);
        const sender = scriptedSender();
        const worker = startOutboxWorker({ deps: team.deps, log, senders: { slack: sender }, options: { ...virtualTime(team), leaseMs, manual: true } });
        expect((await worker.drainOnce()).claimed).toBe(0);
        advance(team, leaseMs);
        expect(await worker.drainOnce()).toMatchObject({ claimed: 1, sent: 1 });
        advance(team, leaseMs);
        expect((await worker.drainOnce()).claimed).toBe(0);
        await worker.stop();
        expect(sender.sent).toHaveLength(1);
        expect(await row(alert.id)).toMatchObject({ status: "sent", attempts: 2 });
      });
    });

    it("polls by itself and can be kicked after a write", async () => {
      const sender = scriptedSender();
      const worker = startOutboxWorker({ deps: team.deps, log, senders: { slack: sender }, options: { ...virtualTime(team), pollIntervalMs: 20 } });
      try {
        await buildOutboxMessage(team, { channel: "C-POLL" });
        await expect.poll(() => sender.sent.length, { timeout: 5000 }).toBe(1);
        await buildOutboxMessage(team, { channel: "C-KICK" });
        worker.kick();
        await expect.poll(() => sender.sent.map((s) => s.channel), { timeout: 5000 }).toEqual(["C-POLL", "C-KICK"]);
      } finally {
        await worker.stop();
      }
    });
  });
}
