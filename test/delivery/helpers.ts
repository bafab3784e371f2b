import type { Reply } from "../../src/chat/reply.js";
import { DeliveryError, type Sender } from "../../src/delivery/delivery-error.js";
import { MemoryRateLimiter } from "../../src/delivery/rate-limiter.js";
import type { DeliveryOptions } from "../../src/delivery/outbox.worker.js";
import { outboxPayload } from "../../src/services/outbox-message.js";
import { insertOutbox } from "../../src/store/outbox.repository.js";
import type { TeamFixture } from "../support/builders.js";

let sequence = 0;

/** An alert as the alerts service writes it, due now. */
export async function buildOutboxMessage(
  team: TeamFixture,
  overrides: { platform?: "slack" | "telegram"; channel?: string; payload?: unknown; nextAttemptAt?: Date } = {},
) {
  sequence += 1;
  const now = team.time.clock();
  const payload =
    overrides.payload ??
    outboxPayload("alert", { leadId: sequence, name: `Lead ${sequence}`, company: "Acme", score: 72, tierLabel: "Hot", action: "Call today", stage: "mql", owner: null, reasons: [{ label: "Demo request", points: 40 }] });
  return insertOutbox(team.deps.store.db, {
    teamId: team.teamId,
    kind: "alert",
    platform: overrides.platform ?? "slack",
    channel: overrides.channel ?? "C-SALES",
    payload: payload as object,
    dedupeKey: `test:${sequence}:${Math.random()}`,
    nextAttemptAt: overrides.nextAttemptAt ?? now,
    createdAt: now,
  });
}

/** A sender that records what it sends and answers from a script (then succeeds). */
export function scriptedSender(script: Array<DeliveryError | Error> = []) {
  const sent: Array<{ channel: string; reply: Reply; at?: number }> = [];
  const tries: string[] = [];
  const sender: Sender & { sent: typeof sent; tries: string[]; script: typeof script } = {
    sent,
    tries,
    script,
    async send(channel, reply) {
      tries.push(channel);
      const next = script.shift();
      if (next) throw next;
      sent.push({ channel, reply });
    },
  };
  return sender;
}

/** Delivery options on the team's test clock: sleeping moves the clock instead of waiting. */
export function virtualTime(team: TeamFixture, extra: Partial<DeliveryOptions> = {}): Partial<DeliveryOptions> {
  return {
    random: () => 0.5,
    limiter: new MemoryRateLimiter(),
    sleep: async (ms) => team.time.set(new Date(team.time.clock().getTime() + ms)),
    ...extra,
  };
}

export const advance = (team: TeamFixture, ms: number) => team.time.set(new Date(team.time.clock().getTime() + ms));
