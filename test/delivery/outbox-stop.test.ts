/**
 * Stopping the outbox worker (a shutdown): a send in progress finishes and is recorded; every
 * other message the round claimed goes back to the queue at once, due now and its claim not
 * counted, instead of waiting out the lease (5 minutes) as a crashed worker's would.
 */
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Reply } from "../../src/chat/reply.js";
import type { Sender } from "../../src/delivery/delivery-error.js";
import { startOutboxWorker } from "../../src/delivery/outbox.worker.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { buildOutboxMessage } from "./helpers.js";

const log = pino({ level: "silent" });

/** A sender whose sends wait until the test lets them through. */
function gatedSender() {
  const sent: string[] = [];
  let started = 0;
  let open: () => void = () => {};
  let gate = new Promise<void>((resolve) => (open = resolve));
  const sender: Sender = {
    async send(channel: string, _reply: Reply) {
      started += 1;
      await gate;
      sent.push(channel);
    },
  };
  return {
    sender,
    sent,
    started: () => started,
    release() {
      open();
      gate = Promise.resolve();
    },
  };
}

const until = async (check: () => boolean, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("stopping the outbox worker", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  // A store each: a worker claims every team's due messages.
  beforeEach(async () => {
    store = await createTestStore("pglite");
    team = await buildTeam(store.prisma);
  });
  afterEach(async () => store?.close());

  const rows = () => store.prisma.outbox.findMany({ where: { teamId: team.teamId }, orderBy: { id: "asc" } });

  it("finishes the send in progress and hands the round's other claimed messages back, due now", async () => {
    for (let i = 0; i < 3; i++) await buildOutboxMessage(team, { channel: "C-ONE" });
    const fake = gatedSender();
    const worker = startOutboxWorker({ deps: team.deps, log, senders: { slack: fake.sender }, options: { manual: true } });
    const round = worker.drainOnce();
    await until(() => fake.started() === 1);
    expect((await rows()).map((r) => r.status)).toEqual(["sending", "sending", "sending"]);

    const stopped = worker.stop();
    fake.release();
    await stopped;
    expect(await round).toMatchObject({ claimed: 3, sent: 1, released: 2 });
    expect(fake.sent).toEqual(["C-ONE"]);
    const [first, ...rest] = await rows();
    expect(first).toMatchObject({ status: "sent", attempts: 1 });
    for (const row of rest) {
      // Pending, due at once (not after OUTBOX_LEASE_MS), and the claim given back untried.
      expect(row).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: team.time.clock() });
    }
  });

  it("stops at once while the round waits for a channel's rate limit", async () => {
    for (let i = 0; i < 3; i++) await buildOutboxMessage(team, { channel: "C-TWO" });
    const fake = gatedSender();
    fake.release();
    // The real sleep: one message a second per channel, and the test clock stands still, so
    // without stopping the round would wait for ever.
    const worker = startOutboxWorker({ deps: team.deps, log, senders: { slack: fake.sender }, options: { manual: true } });
    const round = worker.drainOnce();
    await until(() => fake.sent.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const startedAt = Date.now();
    await worker.stop();
    expect(Date.now() - startedAt).toBeLessThan(500);
    expect(await round).toMatchObject({ sent: 1, released: 2 });
    expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([
      ["sent", 1],
      ["pending", 0],
      ["pending", 0],
    ]);
  });
});
