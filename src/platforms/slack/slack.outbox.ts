import { webApi } from "@slack/bolt";
import type { Reply } from "../../chat/reply.js";
import { renderBlockKit } from "./block-kit.render.js";
import { DeliveryError, type Sender } from "../../delivery/delivery-error.js";

/** What the Slack sender needs of a WebClient (Bolt's `app.client` has it). */
export interface SlackPoster {
  chat: { postMessage(args: { channel: string; text: string; blocks?: unknown[] }): Promise<unknown> };
  files: Pick<webApi.WebClient["files"], "uploadV2">;
}

/** Platform errors a later try can fix; every other `ok: false` answer is a refusal. */
const TRANSIENT_PLATFORM_ERRORS = new Set(["ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"]);

/** Refusals of the channel (or of the app itself), not of one message: nothing gets through until someone acts. */
const UNREACHABLE: Record<string, string> = {
  channel_not_found: "Slack cannot find the channel (deleted, or private and the app is not in it)",
  not_in_channel: "the app is not in the channel any more",
  is_archived: "the channel is archived",
  restricted_action: "the workspace does not let the app post in the channel",
  team_access_not_granted: "the app has no access to that workspace",
  account_inactive: "the app's token no longer works (the app was uninstalled or its token revoked)",
  token_revoked: "the app's token no longer works (the app was uninstalled or its token revoked)",
  invalid_auth: "the app's token no longer works (the app was uninstalled or its token revoked)",
  not_authed: "the app's token no longer works (the app was uninstalled or its token revoked)",
};

/**
 * A WebClient for the outbox worker: it fails fast (no retries of its own, 429s thrown with
 * their Retry-After) so that waiting happens in the outbox, where it survives a restart and
 * does not hold other channels up. Bolt's `app.client` works too, but retries in place.
 */
export function createSlackDeliveryClient(options: { token: string; apiUrl?: string; timeoutMs?: number }): webApi.WebClient {
  return new webApi.WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? 10_000,
    logLevel: webApi.LogLevel.ERROR,
  });
}

/**
 * Posts outbox messages with chat.postMessage, rendered as Block Kit with a text fallback, then
 * uploads their files to the same channel (files.uploadV2). Slack's limit of about one message
 * per second per channel is the outbox's default, so it names no limits of its own.
 */
export function slackSender(client: SlackPoster): Sender {
  return {
    async send(channel: string, reply: Reply) {
      const message = renderBlockKit(reply);
      try {
        await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
        // A channel gets no DM fallback here (unlike a person's own answer): outbox messages are
        // for the channel, so a file it refuses fails like a message it refuses.
        for (const attachment of reply.attachments ?? []) {
          await client.files.uploadV2({
            channel_id: channel,
            file: Buffer.from(attachment.data),
            filename: attachment.filename,
            title: attachment.title ?? attachment.filename,
            ...(attachment.title ? { initial_comment: attachment.title } : {}),
          });
        }
      } catch (error) {
        throw classifySlackError(error);
      }
    },
  };
}

/** Tells "Slack said no" (refused) from "could not reach Slack / asked to wait" (retryable). */
export function classifySlackError(error: unknown): DeliveryError {
  const e = (error ?? {}) as { code?: unknown; data?: { error?: unknown }; retryAfter?: unknown; statusCode?: unknown; headers?: Record<string, unknown>; message?: unknown };
  const message = typeof e.message === "string" ? e.message : String(error);
  switch (e.code) {
    case "slack_webapi_platform_error": {
      const code = typeof e.data?.error === "string" ? e.data.error : "unknown_error";
      if (TRANSIENT_PLATFORM_ERRORS.has(code)) return new DeliveryError("retryable", `slack: ${code}`, undefined, { cause: error });
      const unreachable = Object.hasOwn(UNREACHABLE, code) ? UNREACHABLE[code] : undefined;
      return new DeliveryError("refused", `slack: ${code}`, undefined, { cause: error, ...(unreachable ? { unreachable } : {}) });
    }
    case "slack_webapi_rate_limited_error": {
      const seconds = typeof e.retryAfter === "number" ? e.retryAfter : 1;
      return new DeliveryError("retryable", `slack: rate limited, retry after ${seconds}s`, seconds * 1000, { cause: error });
    }
    case "slack_webapi_http_error": {
      const status = typeof e.statusCode === "number" ? e.statusCode : 0;
      if (status === 429 || status === 408 || status >= 500) {
        const header = Number(e.headers?.["retry-after"]);
        return new DeliveryError("retryable", `slack: HTTP ${status}`, Number.isFinite(header) && header > 0 ? header * 1000 : undefined, { cause: error });
      }
      return new DeliveryError("refused", `slack: HTTP ${status}`, undefined, { cause: error });
    }
    case "slack_webapi_request_error":
      return new DeliveryError("retryable", `slack unreachable: ${message}`, undefined, { cause: error });
    default:
      // Not an answer from Slack (a bug, a timeout): a retry costs little, and N of them end it.
      return new DeliveryError("retryable", `slack: ${message}`, undefined, { cause: error });
  }
}
