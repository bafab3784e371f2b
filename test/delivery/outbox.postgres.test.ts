import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startOutboxWorker } from "../../src/delivery/outbox.worker.js";
import { rateLimitsFor } from "../../src/app.js";
import { DEFAULT_HTTP_CONFIG } from "../../src/http/http.config.js";
import { systemClock } from "../../src/services/clock.js";
import { openStore, type StoreHandle } from "../../src/store/client.js";
import { buildTeam, serviceDeps, type TeamFixture } from "../support/builders.js";
import { createTestStore, postgresAvailable, TEST_DATABASE_URL } from "../support/db.js";
import { buildOutboxMessage, scriptedSender } from "./helpers.js";
import { outboxSuite } from "./outbox-suite.js";

const log = pino({ level: "silent" });

// The same suite as on PGlite, against the real server; plus what only a server can show.
describe.runIf(await postgresAvailable())("PostgreSQL server", () => {
  outboxSuite("postgres");

  describe("two instances on one database", () => {
    let store: StoreHandle;
    let other: StoreHandle;
    let team: TeamFixture;
    beforeEach(async () => {
      store = await createTestStore("postgres");
      const [{ schema }] = (await store.sql.query<{ schema: string }>("SELECT current_schema() AS schema")) as [{ schema: string }];
      // A second process: its own pool and Prisma client on the same schema.
      other = await openStore({ databaseUrl: TEST_DATABASE_URL, schema });
      team = await buildTeam(store.prisma);
    });
    afterEach(async () => {
      await other?.close();
      await store?.close();
    });

    it("deliver every message exactly once when draining side by side (SKIP LOCKED)", async () => {
      const total = 120;
      // Many channels, so rate limits don't slow the race; a few share one.
      for (let i = 0; i < total; i += 1) await buildOutboxMessage(team, { channel: `C-${i % 100}`, nextAttemptAt: new Date(Date.now() - 1000) });
      const senders = [scriptedSender(), scriptedSender()];
      const slow = (s: ReturnType<typeof scriptedSender>) => {
        const inner = s.send.bind(s);
        s.send = async (channel, reply) => {
          await new Promise((resolve) => setTimeout(resolve, 2)); // give the other worker a chance to race
          await inner(channel, reply);
        };
        return s;
      };
      const workers = [store, other].map((s, i) =>
        startOutboxWorker({
          deps: serviceDeps(s, systemClock),
          log,
          senders: { slack: slow(senders[i]!) },
          options: { batchSize: 10, manual: true },
        }),
      );
      const reports = await Promise.all(workers.map((w) => w.drainOnce()));
      await Promise.all(workers.map((w) => w.stop()));

      const sent = senders.flatMap((s) => s.sent.map((m) => JSON.stringify(m.reply) + m.channel));
      expect(sent).toHaveLength(total);
      expect(reports.map((r) => r.sent).reduce((a, b) => a + b)).toBe(total);
      // Both took part, and no message went out twice.
      expect(reports.every((r) => r.sent > 0)).toBe(true);
      expect(await store.prisma.outbox.count({ where: { status: "sent" } })).toBe(total);
      const ids = (await store.prisma.outbox.findMany({ select: { attempts: true } })).map((m) => m.attempts);
      expect(ids.every((a) => a === 1)).toBe(true);
    });

    it("spread a burst to one chat at the platform's rate together: one budget in the database, not one each", async () => {
      const start = Date.now();
      for (let i = 0; i < 4; i += 1) await buildOutboxMessage(team, { channel: "C-BURST", nextAttemptAt: new Date(start - 1000) });
      const times: Array<{ worker: number; at: number }> = [];
      const senders = [0, 1].map((worker) => {
        const sender = scriptedSender();
        const inner = sender.send.bind(sender);
        sender.send = async (channel, reply) => {
          times.push({ worker, at: Date.now() });
          await inner(channel, reply);
        };
        return sender;
      });
      // Each instance as main.ts wires it: the limiter its store's kind chooses, one message per claim.
      const workers = [store, other].map((s, i) =>
        startOutboxWorker({
          deps: serviceDeps(s, systemClock),
          log,
          senders: { slack: senders[i]! },
          options: { batchSize: 1, manual: true, limiter: rateLimitsFor(s, DEFAULT_HTTP_CONFIG, systemClock).sends },
        }),
      );
      await Promise.all(workers.map((w) => w.drainOnce()));
      await Promise.all(workers.map((w) => w.drainOnce()));
      await Promise.all(workers.map((w) => w.stop()));

      expect(times).toHaveLength(4);
      expect(new Set(times.map((t) => t.worker)).size).toBe(2);
      const at = times.map((t) => t.at).sort((a, b) => a - b);
      // A second apart, as Slack asks, give or take the few ms between the grant and the send.
      const gaps = at.slice(1).map((t, i) => t - at[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(950);
      expect(at[3]! - at[0]!).toBeGreaterThanOrEqual(2_950);
      expect(await store.prisma.outbox.count({ where: { status: "sent" } })).toBe(4);
    });
  });
});
