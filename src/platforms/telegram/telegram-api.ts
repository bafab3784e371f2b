/**
 * Talking to the Bot API safely: tell "Telegram said no" apart from "we could not reach
 * Telegram", and retry only what a retry can fix (429 after `retry_after`, network and 5xx
 * failures after a short back-off).
 */
import type { Logger } from "pino";
import { TelegramError, type Telegram } from "telegraf";

/**
 * - `rate_limited`: 429; Telegram says when to come back (`parameters.retry_after`).
 * - `refused`: any other 4xx answer (bad request, chat not found, bot blocked or kicked,
 *   message not modified): retrying the same call gets the same answer.
 * - `server`: Telegram answered 5xx.
 * - `network`: no answer at all (connection refused or reset, DNS, timeout).
 * - `bug`: anything else; ours to fix.
 */
export type FailureKind = "rate_limited" | "refused" | "server" | "network" | "bug";

export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof TelegramError) {
    if (error.code === 429) return "rate_limited";
    return error.code >= 500 ? "server" : "refused";
  }
  // telegraf calls the API through node-fetch, whose failures to connect are FetchErrors.
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "FetchError") return "network";
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^(ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|UND_ERR)/.test(code)) return "network";
  return "bug";
}

/**
 * True when a chat cannot be written to until a person acts (bot blocked, kicked, chat gone):
 * delivery should give up on it instead of retrying.
 */
export function isUnreachableChat(error: unknown): boolean {
  if (!(error instanceof TelegramError)) return false;
  if (error.code === 403) return true;
  return error.code === 400 && /chat not found|group chat was upgraded|have no rights|not enough rights|user is deactivated/i.test(error.description);
}

/** Editing a message to what it already says; Telegram refuses, and there is nothing to do. */
export const isNotModified = (error: unknown): boolean =>
  error instanceof TelegramError && error.code === 400 && /message is not modified/i.test(error.description);

/** Fields worth logging about a failed call, without the token (which is in the URL, not here). */
export function failureContext(error: unknown): Record<string, unknown> {
  if (error instanceof TelegramError) {
    return { kind: classifyFailure(error), code: error.code, description: error.description, method: (error.on as { method?: string }).method };
  }
  return { kind: classifyFailure(error), err: error };
}

export interface RetryPolicy {
  /** Tries per call, the first included. */
  attempts: number;
  /** A 429 asking us to wait longer than this fails at once: an answer that late helps nobody. */
  maxRetryAfterSeconds: number;
  /** First wait after a network or 5xx failure; doubles each time. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, maxRetryAfterSeconds: 60, backoffMs: 500 };

/** How long to wait before trying `error`'s call again, or null to give up. */
export function retryDelayMs(error: unknown, attempt: number, policy: RetryPolicy): number | null {
  if (attempt >= policy.attempts) return null;
  switch (classifyFailure(error)) {
    case "rate_limited": {
      const seconds = (error as TelegramError).parameters?.retry_after ?? 1;
      return seconds <= policy.maxRetryAfterSeconds ? seconds * 1000 : null;
    }
    case "network":
    case "server":
      return policy.backoffMs * 2 ** (attempt - 1);
    default:
      return null;
  }
}

/**
 * Makes every call through `telegram` retry per `policy`. Written here rather than with a
 * retry library because the wait comes from Telegram's answer (`retry_after`), and only some
 * failures qualify. `getUpdates` is left alone: telegraf's polling loop already retries it
 * (honouring `retry_after` too). Waiting stops early when `signal` aborts (shutdown).
 */
export function installRetries(telegram: Telegram, policy: RetryPolicy, log: Logger, signal: AbortSignal): void {
  const call = telegram.callApi.bind(telegram);
  const retrying = async (method: string, payload: unknown, options?: unknown) => {
    const once = () => (call as (m: string, p: unknown, o?: unknown) => Promise<unknown>)(method, payload, options);
    if (method === "getUpdates") {
      // Once stopping, a long poll ends telegraf's polling loop at once (it stops on AbortError),
      // even if stop came before the loop started. The final offset sync (no timeout) still goes
      // out, so updates already handled are not delivered again on the next start.
      if (signal.aborted && (payload as { timeout?: number } | undefined)?.timeout) {
        throw Object.assign(new Error("The bot is stopping."), { name: "AbortError" });
      }
      return once();
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await once();
      } catch (error) {
        const delay = signal.aborted ? null : retryDelayMs(error, attempt, policy);
        if (delay === null) throw error;
        log.warn({ ...failureContext(error), method, attempt, retryInMs: delay }, "Telegram call failed; retrying");
        await sleep(delay, signal);
      }
    }
  };
  telegram.callApi = retrying as Telegram["callApi"];
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
