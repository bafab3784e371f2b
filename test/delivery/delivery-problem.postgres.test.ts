import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startOutboxWorker } from "../../src/delivery/outbox.worker.js";
import { openStore, type StoreHandle } from "../../src/store/client.js";
import { setTeamChannel } from "../../src/store/team.repository.js";
import { buildTeam, serviceDeps, type TeamFixture } from "../support/builders.js";
import { createTestStore, postgresAvailable, TEST_DATABASE_URL } from "../support/db.js";
import { chatSender, deliveryProblemSuite, GROUP, withChatAdmins } from "./delivery-problem-suite.js";
import { buildOutboxMessage, virtualTime } from "./helpers.js";

const log = pino({ level: "silent" });

describe.runIf(await postgresAvailable())("PostgreSQL server", () => {
  deliveryProblemSuite("postgres");

  describe("two instances on one database", () => {
    let store: StoreHandle;
    let other: StoreHandle;
    let team: TeamFixture;
    beforeEach(async () => {
      store = await createTestStore("postgres");
      const [{ schema }] = (await store.sql.query<{ schema: string }>("SELECT current_schema() AS schema")) as [{ schema: string }];
      other = await openStore({ databaseUrl: TEST_DATABASE_URL, schema });
      team = await buildTeam(store.prisma);
      await withChatAdmins(team);
      await setTeamChannel(store.store.db, team.teamId, "telegram", GROUP);
    });
    afterEach(async () => {
      await other?.close();
      await store?.close();
    });

    it("tell the admins once when both see the team's chat refuse at the same time", async () => {
      // Many messages to the kicked group plus a few to other chats, so both workers fail some side by side.
      for (let i = 0; i < 40; i += 1) await buildOutboxMessage(team, { platform: "telegram", channel: GROUP });
      const senders = [chatSender(), chatSender()];
      for (const sender of senders) {
        sender.refusing.add(GROUP);
        const inner = sender.send.bind(sender);
        sender.send = async (channel, reply) => {
          await new Promise((resolve) => setTimeout(resolve, 2)); // let the other worker race
          await inner(channel, reply);
        };
      }
      const workers = [store, other].map((s, i) =>
        startOutboxWorker({
          deps: serviceDeps(s, team.deps.clock),
          log,
          senders: { telegram: senders[i]! },
          // Each worker takes a few at a time; refusals have no rate-limit wait worth modelling here.
          options: { ...virtualTime(team), batchSize: 4, manual: true },
        }),
      );
      // A claim that skips the other worker's locked rows comes back short and ends that round,
      // as polling would start the next one; go on until neither worker finds anything.
      const failed = [0, 0];
      for (let claimed = 1; claimed > 0; ) {
        const reports = await Promise.all(workers.map((w) => w.drainOnce()));
        reports.forEach((r, i) => (failed[i]! += r.failed));
        claimed = reports.reduce((sum, r) => sum + r.claimed, 0);
      }
      await Promise.all(workers.map((w) => w.stop()));
      expect(failed.every((n) => n > 0)).toBe(true);
      expect(await store.prisma.outbox.count({ where: { teamId: team.teamId, kind: "alert", status: "failed" } })).toBe(40);
      const notices = await store.prisma.outbox.findMany({ where: { teamId: team.teamId, kind: "notice" } });
      expect(notices.map((n) => n.channel).sort()).toEqual(["1001", "USAM0001"]);
    });
  });
});
