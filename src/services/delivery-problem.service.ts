/**
 * When a team's alerts and digests stop reaching their chat for good (the bot was removed or
 * blocked, the channel is gone), the team's admins hear it once, privately, and /digest says
 * so until a message gets through again or the destination changes.
 */
import type { OutboxPlatform } from "../platforms/names.js";
import { chatAdmins, clearDeliveryProblem, deliveryProblemOf, raiseDeliveryProblem, type DeliveryProblemRow, type Destination } from "../store/delivery-problem.repository.js";
import { insertOutbox, markFailed } from "../store/outbox.repository.js";
import { teamName } from "../store/team.repository.js";
import type { ServiceDeps } from "./deps.js";
import { outboxPayload } from "./outbox-message.js";

export type DeliveryProblem = DeliveryProblemRow;

/** What the admins are told (src/views/delivery-problem.view.ts words it). */
export interface DeliveryProblemNotice {
  teamName: string;
  platform: OutboxPlatform;
  channel: string;
  reason: string;
  since: Date;
  /** The admin being told. */
  adminName: string;
}

export interface RefusedMessage extends Destination {
  /** The outbox claim that failed. */
  claim: { id: number; attempts: number };
  /** The platform's refusal, as stored on the message. */
  error: string;
  /** Set when the destination itself refuses (see DeliveryError.unreachable): why, in words. */
  unreachable?: string;
}

/**
 * Marks a refused message failed and, when its destination itself refused and is still where
 * the team's messages go, records the problem. The first to record it (across retries and
 * instances: a conditional UPDATE) queues a private notice to each admin, in the same
 * transaction. Returns how many admins are being told (0 when they already were).
 */
export async function failRefused(deps: ServiceDeps, refused: RefusedMessage): Promise<{ told: number }> {
  const at = deps.clock();
  return deps.store.transaction(async (tx) => {
    await markFailed(tx, refused.claim, at, refused.error);
    if (refused.unreachable === undefined) return { told: 0 };
    const first = await raiseDeliveryProblem(tx, { teamId: refused.teamId, platform: refused.platform, channel: refused.channel, reason: refused.unreachable, at });
    if (!first) return { told: 0 };
    const [name, admins] = await Promise.all([teamName(tx, refused.teamId), chatAdmins(tx, refused.teamId)]);
    for (const admin of admins) {
      const notice: DeliveryProblemNotice = { teamName: name, platform: refused.platform, channel: refused.channel, reason: refused.unreachable, since: at, adminName: admin.name };
      await insertOutbox(tx, {
        teamId: refused.teamId,
        kind: "notice",
        platform: admin.platform,
        // A person's id is their private chat with the bot (Telegram) or their DM with the app (Slack).
        channel: admin.externalId,
        payload: outboxPayload("delivery_problem", notice) as object,
        dedupeKey: `delivery-problem:${refused.teamId}:${admin.memberId}:${at.getTime()}`,
        nextAttemptAt: at,
        createdAt: at,
      });
    }
    return { told: admins.length };
  });
}

/** A message reached `destination`: if it is the team's and had a problem recorded, that is over. */
export async function deliveredTo(deps: ServiceDeps, destination: Destination): Promise<boolean> {
  return clearDeliveryProblem(deps.store.db, destination);
}

/** The team's current delivery problem, or null while its messages arrive. */
export async function deliveryProblem(deps: ServiceDeps, teamId: number): Promise<DeliveryProblem | null> {
  return deliveryProblemOf(deps.store.db, teamId);
}
