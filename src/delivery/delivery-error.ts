import type { Reply } from "../chat/reply.js";

/**
 * Why a send failed, as far as delivery cares:
 * - `refused`: the platform answered and said no (channel not found, bot blocked or kicked,
 *   message invalid). The same call would get the same answer: give up at once.
 * - `retryable`: we could not reach the platform, it failed on its side (5xx), or it asked us
 *   to slow down (429, then `retryAfterMs` says when to come back).
 */
export class DeliveryError extends Error {
  override readonly name = "DeliveryError";
  constructor(
    readonly kind: "refused" | "retryable",
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * One platform's way out for outbox messages. Resolves once the platform accepted the
 * message; throws a DeliveryError (anything else thrown counts as retryable).
 */
export interface Sender {
  send(channel: string, reply: Reply): Promise<void>;
}

export const isDeliveryError = (error: unknown): error is DeliveryError => error instanceof DeliveryError;
