/**
 * Delivers outbox messages (alerts, digests) through the running platforms' senders: it knows
 * a platform only by its Sender (src/platforms/contract.ts), keyed by the platform's name.
 *
 * Each round claims due messages with FOR UPDATE SKIP LOCKED (see outbox.repository.ts), so
 * with several instances on one database each message goes to exactly one worker. A claim is
 * a lease: a worker that dies mid-round leaves its messages `sending`, and they become due
 * again when the lease runs out. A refusal (the platform said no) fails the message at once;
 * anything else is retried with exponential back-off and jitter, or after the platform's
 * Retry-After, until `maxAttempts` tries have failed. When the team's chat itself refuses (bot
 * removed, channel gone), its admins are told once (delivery-problem.service.ts); a chat that
 * moved (a Telegram group upgraded to a supergroup) is followed, not failed. A team marked
 * inactive (the bot was removed from its group) gets nothing more in its shared chats.
 *
 * Rate limits (each sender's `limits`) are kept by `limiter`: in the database every instance
 * shares on PostgreSQL, in memory on the embedded database (src/app.ts chooses). Messages to
 * different channels are sent side by side; one channel's messages in order.
 */
import type { Logger } from "pino";
import { z } from "zod";
import type { Reply } from "../chat/reply.js";
import { secondsSince } from "../metrics/elapsed.js";
import { moveChat } from "../services/chat-move.service.js";
import { deliveredTo, failRefused } from "../services/delivery-problem.service.js";
import type { ServiceDeps } from "../services/deps.js";
import { claimDue, deferClaim, isMemberChat, markFailed, markSent, renewClaim, scheduleRetry, type ClaimedMessage } from "../store/outbox.repository.js";
import { DeliveryError, isDeliveryError, type Sender } from "./delivery-error.js";
import { defaultRateRules, MemoryRateLimiter, type RateLimiter, type RateRule } from "./rate-limiter.js";
import { renderOutboxPayload } from "../views/outbox-views.js";
import type { OutboxPlatform } from "../platforms/names.js";

/** The platforms the outbox delivers to (those whose running handle has a sender). */
export type DeliveryPlatform = OutboxPlatform;
export type Senders = Partial<Record<DeliveryPlatform, Sender>>;

export interface DeliveryOptions {
  /** Messages claimed per round. Default 50. */
  batchSize: number;
  /** Tries before a message is marked failed. Default 8 (env OUTBOX_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Wait after the first failure; doubles per attempt, with jitter. Default 2 s. */
  baseBackoffMs: number;
  /** Longest back-off. Default 15 min. */
  maxBackoffMs: number;
  /**
   * How long a claim holds a message. Longer than any single send may take (the Telegram
   * handle retries 429s in place for up to a minute or so); a crashed worker's messages come
   * back after it. Default 5 min.
   */
  leaseMs: number;
  /** A rate-limit wait longer than this hands the message back to the queue instead of sleeping. Default 5 s. */
  maxWaitMs: number;
  /** Poll period of the worker. Default 1 s (env OUTBOX_POLL_MS). */
  pollIntervalMs: number;
  /** In [0, 1): the jitter source. */
  random: () => number;
  /** Waiting for a rate limit; tests pass one that moves their clock. */
  sleep: (ms: number) => Promise<void>;
  /** Where the send budgets are kept; default: this process's memory (main passes the store's choice). */
  limiter: RateLimiter;
}

export const DEFAULT_DELIVERY_OPTIONS: Omit<DeliveryOptions, "limiter"> = {
  batchSize: 50,
  maxAttempts: 8,
  baseBackoffMs: 2_000,
  maxBackoffMs: 15 * 60_000,
  leaseMs: 5 * 60_000,
  maxWaitMs: 5_000,
  pollIntervalMs: 1_000,
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  /** Handed back untried: our rate limit asked for a long wait. */
  deferred: number;
  /** Claims another worker took over (our lease ran out). */
  lost: number;
  /** Handed back untried because the worker is stopping: due again at once, for the next instance to send. */
  released: number;
}

const emptyReport = (): DeliveryReport => ({ claimed: 0, sent: 0, retried: 0, failed: 0, deferred: 0, lost: 0, released: 0 });

/**
 * What a row's view renders (or, in a row stored before messages were stored as data, the
 * stored reply itself) is a Reply; checked, since a bad row must fail alone, not stop the worker.
 * A "private" reply (a secret) is not among the visibilities: the outbox posts to chats that
 * may be shared, so such a row fails instead of going out.
 */
const replySchema = z.object({
  blocks: z.array(z.looseObject({ type: z.string() })),
  // Files go with the message: a view renders them at delivery (stored JSON never holds bytes).
  attachments: z
    .array(z.object({ filename: z.string(), contentType: z.string(), data: z.instanceof(Uint8Array), title: z.string().optional() }))
    .optional(),
  visibility: z.enum(["ephemeral", "channel"]),
  tone: z.enum(["ok", "usage", "error", "refused"]),
});

/** Back-off before try `attempts + 1`: base·2^(attempts-1), capped, with "equal jitter" (half fixed, half random). */
export function backoffMs(attempts: number, options: Pick<DeliveryOptions, "baseBackoffMs" | "maxBackoffMs" | "random">): number {
  const full = Math.min(options.maxBackoffMs, options.baseBackoffMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + (full / 2) * options.random());
}

const silentLog = { warn: () => {}, error: () => {}, info: () => {}, debug: () => {} } as unknown as Logger;

/**
 * One round: claims up to `limit` messages due at `now` on the platforms we have senders for,
 * sends them within the rate limits and records each outcome. Never throws for one message.
 * Once `signal` aborts (the worker stops), a send in progress finishes and every message not yet
 * sent is released: pending again, due now, its claim not counted as an attempt.
 */
export async function deliverDue(
  deps: ServiceDeps,
  senders: Senders,
  now: Date = deps.clock(),
  limit = DEFAULT_DELIVERY_OPTIONS.batchSize,
  options: Partial<DeliveryOptions> & { log?: Logger; signal?: AbortSignal } = {},
): Promise<DeliveryReport> {
  const o: DeliveryOptions = { ...DEFAULT_DELIVERY_OPTIONS, limiter: new MemoryRateLimiter(), ...options };
  const log = options.log ?? silentLog;
  const report = emptyReport();
  const platforms = (Object.keys(senders) as DeliveryPlatform[]).filter((p) => senders[p]);
  if (platforms.length === 0) return report;
  const claimed = await claimDue(deps.store.db, now, new Date(now.getTime() + o.leaseMs), limit, platforms);
  report.claimed = claimed.length;

  // Side by side per channel, in order within one.
  const byChannel = new Map<string, ClaimedMessage[]>();
  for (const message of claimed) {
    const key = `${message.platform}:${message.channel}`;
    byChannel.set(key, [...(byChannel.get(key) ?? []), message]);
  }
  // Chats found moved this round (platform:old → new): the rest of the round sends there directly.
  const moves = new Map<string, string>();
  await Promise.all(
    [...byChannel.values()].map(async (messages) => {
      for (const message of messages) {
        try {
          const outcome = options.signal?.aborted ? await release(deps, message) : await deliverOne(deps, senders, message, o, log, moves, options.signal);
          report[outcome] += 1;
          deps.metrics?.delivery(message.platform, outcome);
        } catch (error) {
          // The store failed under us: the lease brings the message back later.
          log.error({ err: error, outboxId: message.id }, "outbox delivery bookkeeping failed");
        }
      }
    }),
  );
  return report;
}

type Outcome = "sent" | "retried" | "failed" | "deferred" | "lost" | "released";

/** Gives a claim back untried: the worker is stopping, and the lease need not run out first. */
async function release(deps: ServiceDeps, message: ClaimedMessage): Promise<"released"> {
  await deferClaim(deps.store.db, message, deps.clock());
  return "released";
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function sleepUnlessAborted(sleep: DeliveryOptions["sleep"], ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return sleep(ms);
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done, { once: true });
    sleep(ms).then(done, done);
  });
}

/** Why a message to an inactive team's chat was not sent, as stored on the row. */
export const INACTIVE_TEAM = "not sent: the team is inactive (the bot was removed from its group); add the bot back to resume delivery";

async function deliverOne(
  deps: ServiceDeps,
  senders: Senders,
  message: ClaimedMessage,
  o: DeliveryOptions,
  log: Logger,
  moves: Map<string, string>,
  signal?: AbortSignal,
): Promise<Outcome> {
  const context = { outboxId: message.id, kind: message.kind, platform: message.platform, channel: message.channel, attempt: message.attempts };
  const sender = senders[message.platform as DeliveryPlatform];
  // Rendered now, at delivery, from the view name and data the row stores, in the team's language.
  const rendered = renderOutboxPayload(message.payload, message.teamLanguage);
  const payload = rendered.ok ? replySchema.safeParse(rendered.reply) : null;
  if (!sender || !payload?.success) {
    const reason = !sender
      ? `no sender for ${message.platform}`
      : !rendered.ok
        ? rendered.reason
        : `invalid payload: ${payload?.error?.issues[0]?.message ?? "not a reply"}`;
    await markFailed(deps.store.db, message, deps.clock(), reason);
    log.error({ ...context, reason }, "outbox message cannot be delivered");
    return "failed";
  }

  const platform = message.platform as DeliveryPlatform;
  // The bot was removed from the team's group: nothing more goes to a shared chat of the team
  // (its people's private chats still get notices). Failed, not held: alerts and digests that
  // went out days late, in a burst once the bot is added back, would mislead more than help;
  // the reason stays on the row for /digest to show, and the bot added back resumes delivery.
  if (!message.teamActive && !(await isMemberChat(deps.store.db, message.teamId, platform, message.channel))) {
    await markFailed(deps.store.db, message, deps.clock(), INACTIVE_TEAM);
    log.info({ ...context, reason: INACTIVE_TEAM }, "outbox message not sent: the team is inactive");
    return "failed";
  }
  // Claimed before its chat was found moved this round: the row says the new id already.
  let channel = moves.get(`${platform}:${message.channel}`) ?? message.channel;
  const rules = sender.limits?.(channel) ?? defaultRateRules(platform, channel);
  for (;;) {
    // Our lease may have run out while we waited: only what we still hold takes a place in the
    // rate limit, and the send follows the grant at once (other instances count from it too).
    if (!(await renewClaim(deps.store.db, message, new Date(deps.clock().getTime() + o.leaseMs)))) {
      log.warn(context, "outbox claim lost before sending; another worker has it");
      return "lost";
    }
    const wait = await o.limiter.tryAcquire(rules, deps.clock().getTime());
    if (wait === 0) break;
    if (wait > o.maxWaitMs) {
      await deferClaim(deps.store.db, message, new Date(deps.clock().getTime() + wait));
      return "deferred";
    }
    await sleepUnlessAborted(o.sleep, wait, signal);
    if (signal?.aborted) return release(deps, message);
  }

  for (let followed = false; ; followed = true) {
    const started = performance.now();
    try {
      await sender.send(channel, payload.data as unknown as Reply);
      deps.metrics?.send(platform, secondsSince(started), false);
      break;
    } catch (thrown) {
      const error = isDeliveryError(thrown) ? thrown : new DeliveryError("retryable", thrown instanceof Error ? thrown.message : String(thrown), undefined, { cause: thrown });
      // A retryable error with the platform's Retry-After is its 429 (too many requests).
      deps.metrics?.send(platform, secondsSince(started), error.kind === "retryable" && error.retryAfterMs !== undefined);
      // The chat moved (a group became a supergroup): move every reference to it, this message
      // included, and send there now. Followed once: a chat that keeps moving is refused.
      if (error.kind === "refused" && error.movedTo && error.movedTo !== channel && !followed) {
        const moved = await moveChat(deps, platform, channel, error.movedTo);
        moves.set(`${platform}:${channel}`, error.movedTo);
        log.info({ ...context, movedTo: error.movedTo, teamId: moved.teamId, binding: moved.binding, outbox: moved.outbox }, "the chat moved to a new id; following it");
        channel = error.movedTo;
        continue;
      }
      return failedSend(deps, message, channel, error, rules, o, log);
    }
  }
  if (!(await markSent(deps.store.db, message, deps.clock()))) {
    log.warn(context, "outbox message sent after its claim lapsed; it may be delivered twice");
  }
  // A message got through: if the team's chat had been refusing, it no longer does.
  if (await deliveredTo(deps, { teamId: message.teamId, platform, channel })) log.info({ ...context, channel }, "the team's chat takes messages again");
  return "sent";
}

/** Records a failed send to `channel`: failed for good (a refusal, or out of attempts) or retried later. */
async function failedSend(
  deps: ServiceDeps,
  message: ClaimedMessage,
  channel: string,
  error: DeliveryError,
  rules: RateRule[],
  o: DeliveryOptions,
  log: Logger,
): Promise<Outcome> {
  const context = { outboxId: message.id, kind: message.kind, platform: message.platform, channel, attempt: message.attempts };
  const at = deps.clock();
  if (error.retryAfterMs !== undefined && rules[0]) await o.limiter.block(rules[0].key, error.retryAfterMs, at.getTime());
  if (error.kind === "refused") {
    const refused = { claim: message, teamId: message.teamId, platform: message.platform as DeliveryPlatform, channel, error: error.message };
    // A refusal of the chat itself (not of this one message) is the team's problem: its admins hear of it once.
    const { told } = await failRefused(deps, error.unreachable !== undefined ? { ...refused, unreachable: error.unreachable } : refused);
    log.warn({ ...context, error: error.message, ...(told > 0 ? { adminsTold: told } : {}) }, "outbox message refused by the platform; not retrying");
    return "failed";
  }
  if (message.attempts >= o.maxAttempts) {
    const reason = `gave up after ${message.attempts} attempts: ${error.message}`;
    await markFailed(deps.store.db, message, at, reason);
    log.error({ ...context, error: error.message }, "outbox message failed for good");
    return "failed";
  }
  const delay = error.retryAfterMs ?? backoffMs(message.attempts, o);
  await scheduleRetry(deps.store.db, message, new Date(at.getTime() + delay), error.message);
  log.warn({ ...context, error: error.message, retryInMs: delay }, "outbox delivery failed; will retry");
  return "retried";
}

export interface OutboxWorker {
  /** Runs rounds until nothing more is due now (or the worker stops); resolves with what they did. */
  drainOnce(): Promise<DeliveryReport>;
  /** Asks for a round soon (after writing a message), without waiting for it. */
  kick(): void;
  /**
   * Stops polling and claiming, lets a send in progress finish, and releases the round's other
   * claimed messages (pending again, due now) instead of leaving them to their lease.
   */
  stop(): Promise<void>;
}

/**
 * Starts polling the outbox every `pollIntervalMs`. `deps.clock` decides what is due, so tests
 * can drive it with `drainOnce()` and a test clock.
 */
export function startOutboxWorker(args: {
  deps: ServiceDeps;
  log: Logger;
  senders: Senders;
  options?: Partial<DeliveryOptions> & { /** Don't poll; only drainOnce/kick run rounds (tests). */ manual?: boolean };
}): OutboxWorker {
  const { deps, senders } = args;
  const log = args.log.child({ component: "outbox" });
  const options: DeliveryOptions = { ...DEFAULT_DELIVERY_OPTIONS, limiter: new MemoryRateLimiter(), ...args.options };
  let stopped = false;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<DeliveryReport> | undefined;
  let again = false;

  const round = async (): Promise<DeliveryReport> => {
    const total = emptyReport();
    do {
      again = false;
      // Keep going while rounds come back full: more may be due right now.
      for (let i = 0; i < 100 && !stopped; i += 1) {
        const report = await deliverDue(deps, senders, deps.clock(), options.batchSize, { ...options, log, signal: stopping.signal });
        for (const key of Object.keys(total) as Array<keyof DeliveryReport>) total[key] += report[key];
        if (report.claimed < options.batchSize) break;
      }
    } while (again && !stopped);
    return total;
  };

  const drainOnce = (): Promise<DeliveryReport> => {
    if (running) {
      again = true;
      return running;
    }
    running = round().finally(() => {
      running = undefined;
    });
    return running;
  };

  const schedule = () => {
    if (stopped || args.options?.manual) return;
    timer = setTimeout(() => {
      drainOnce()
        .catch((error: unknown) => log.error({ err: error }, "outbox round failed"))
        .finally(schedule);
    }, options.pollIntervalMs);
    timer.unref();
  };
  schedule();

  return {
    drainOnce,
    kick() {
      if (stopped) return;
      drainOnce().catch((error: unknown) => log.error({ err: error }, "outbox round failed"));
    },
    async stop() {
      stopped = true;
      stopping.abort();
      clearTimeout(timer);
      const last = await running?.catch(() => undefined);
      if (last?.released) log.info({ released: last.released }, "outbox messages handed back for the next start");
    },
  };
}
