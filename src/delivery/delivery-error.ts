import type { Reply } from "../chat/reply.js";
import type { RateRule } from "./rate-limiter.js";

/**
 * Why a send failed, as far as delivery cares:
 * - `refused`: the platform answered and said no (channel not found, bot blocked or kicked,
 *   message invalid). The same call would get the same answer: give up at once.
 * - `retryable`: we could not reach the platform, it failed on its side (5xx), or it asked us
 *   to slow down (429, then `retryAfterMs` says when to come back).
 */
export class DeliveryError extends Error {
  override readonly name = "DeliveryError";
  /**
   * A refusal of the destination itself, in words for people ("the bot was removed from the
   * chat"): nothing sent there can arrive until someone acts. Unset for a refusal of one
   * message (too long, malformed), which says nothing about the next.
   */
  readonly unreachable?: string;
  /** The chat lives at another id now (a Telegram group upgraded to a supergroup): send there. */
  readonly movedTo?: string;
  constructor(
    readonly kind: "refused" | "retryable",
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown; unreachable?: string; movedTo?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.unreachable !== undefined) this.unreachable = options.unreachable;
    if (options?.movedTo !== undefined) this.movedTo = options.movedTo;
  }
}

/**
 * One platform's way out for outbox messages (a running platform's `sender`, see
 * src/platforms/contract.ts).
 */
export interface Sender {
  /**
   * Sends the reply to `channel`, its attachments included. Resolves once the platform accepted
   * it all; throws a DeliveryError (anything else thrown counts as retryable).
   */
  send(channel: string, reply: Reply): Promise<void>;
  /**
   * The platform's published limits for messages to `channel`, the chat's own rule first (a 429
   * holds that key). Unset: one message per second per chat (defaultRateRules in rate-limiter.ts), which is
   * what Slack asks for.
   */
  limits?(channel: string): RateRule[];
}

export const isDeliveryError = (error: unknown): error is DeliveryError => error instanceof DeliveryError;
