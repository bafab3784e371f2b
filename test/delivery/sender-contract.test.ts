/**
 * The outbox worker knows a platform only by its Sender (src/platforms/contract.ts): whatever
 * platform stands behind one gets its messages with their files, within the limits it names.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Attachment, Reply } from "../../src/chat/reply.js";
import type { RateRule, Sender } from "../../src/platforms/contract.js";
import { deliverDue } from "../../src/delivery/outbox.worker.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { buildOutboxMessage, virtualTime } from "./helpers.js";

const CHART: Attachment = { filename: "trend.png", contentType: "image/png", data: new Uint8Array([137, 80, 78, 71]), title: "Score trend" };

// No outbox view carries a file yet; this one does, as a chart in a digest would.
vi.mock("../../src/views/outbox-views.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/views/outbox-views.js")>();
  return {
    ...real,
    renderOutboxPayload: (payload: unknown) => {
      const rendered = real.renderOutboxPayload(payload);
      return rendered.ok ? { ...rendered, reply: { ...(rendered.reply as Reply), attachments: [CHART] } } : rendered;
    },
  };
});

/** A platform's sender as any platform could write it: records what arrives, names its own limit. */
function platformSender(limits?: (channel: string) => RateRule[]) {
  const sent: Array<{ channel: string; reply: Reply }> = [];
  const sender: Sender = {
    async send(channel, reply) {
      sent.push({ channel, reply });
    },
    ...(limits ? { limits } : {}),
  };
  return { sender, sent };
}

let store: StoreHandle;
let team: TeamFixture;
beforeAll(async () => {
  store = await createTestStore("pglite");
});
afterAll(async () => store?.close());
beforeEach(async () => {
  await store.prisma.outbox.deleteMany({});
  team = await buildTeam(store.prisma);
});

describe("the delivery worker and a platform's sender", () => {
  it("hands the sender the message with its files", async () => {
    await buildOutboxMessage(team, { channel: "C-FILES" });
    const { sender, sent } = platformSender();
    expect(await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, virtualTime(team))).toMatchObject({ sent: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.reply.attachments).toEqual([CHART]);
    expect(JSON.stringify(sent[0]!.reply.blocks)).toContain("Lead");
  });

  it("keeps to the limits the sender names, and hands back what would wait too long", async () => {
    for (let i = 0; i < 2; i += 1) await buildOutboxMessage(team, { channel: "C-SLOW" });
    // One message a minute per chat: the second would wait far longer than the worker sleeps.
    const { sender, sent } = platformSender((channel) => [{ key: `slow:${channel}`, limit: 1, windowMs: 60_000 }]);
    expect(await deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, virtualTime(team))).toMatchObject({ sent: 1, deferred: 1 });
    expect(sent.map((s) => s.channel)).toEqual(["C-SLOW"]);
  });

  it("gives a sender that names no limits one message a second per chat", async () => {
    for (let i = 0; i < 3; i += 1) await buildOutboxMessage(team, { channel: "C-PACED" });
    const { sender, sent } = platformSender();
    const start = team.time.clock().getTime();
    const at: number[] = [];
    const timed: Sender = {
      async send(channel, reply) {
        at.push(team.time.clock().getTime() - start);
        await sender.send(channel, reply);
      },
    };
    expect(await deliverDue(team.deps, { slack: timed }, team.time.clock(), 10, virtualTime(team))).toMatchObject({ sent: 3 });
    expect(sent).toHaveLength(3);
    expect(at).toEqual([0, 1000, 2000]);
  });
});
