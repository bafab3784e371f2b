import type { Reply } from "../../chat/reply.js";
import { classifyFailure, isUnreachableChat } from "./telegram-api.js";
import { DeliveryError, type Sender } from "../../delivery/delivery-error.js";
import type { RateRule } from "../../delivery/rate-limiter.js";

/** What the Telegram sender needs of the bot: `startTelegram(...)`'s handle has it. */
export interface TelegramPoster {
  send(chatId: number | string, reply: Reply): Promise<void>;
}

/**
 * Sends outbox messages through the Telegram handle (HTML, inline buttons; it already retries
 * 429s and network failures briefly). What still fails is sorted here: Telegram's refusals
 * (bot blocked, chat not found, bad request) are final; the rest is retried by the outbox.
 */
export function telegramSender(bot: TelegramPoster): Sender {
  return {
    async send(channel: string, reply: Reply) {
      try {
        await bot.send(channel, reply);
      } catch (error) {
        throw classifyTelegramError(error);
      }
    },
    limits: telegramRateRules,
  };
}

/**
 * Telegram's published limits for bot messages: about 1 per second per chat, 20 per minute per
 * group (negative chat ids) and 30 per second overall.
 */
export function telegramRateRules(channel: string): RateRule[] {
  const rules: RateRule[] = [
    { key: `telegram:${channel}`, limit: 1, windowMs: 1000 },
    { key: "telegram:*", limit: 30, windowMs: 1000 },
  ];
  if (channel.startsWith("-")) rules.push({ key: `telegram-group:${channel}`, limit: 20, windowMs: 60_000 });
  return rules;
}

export function classifyTelegramError(error: unknown): DeliveryError {
  const e = (error ?? {}) as { code?: unknown; description?: unknown; parameters?: { retry_after?: unknown; migrate_to_chat_id?: unknown }; message?: unknown };
  const detail = typeof e.description === "string" ? e.description : typeof e.message === "string" ? e.message : String(error);
  switch (classifyFailure(error)) {
    case "rate_limited": {
      const seconds = typeof e.parameters?.retry_after === "number" ? e.parameters.retry_after : 1;
      return new DeliveryError("retryable", `telegram: ${detail}`, seconds * 1000, { cause: error });
    }
    case "refused": {
      const unreachable = isUnreachableChat(error);
      // "group chat was upgraded to a supergroup chat" names the chat's new id.
      const movedTo = typeof e.parameters?.migrate_to_chat_id === "number" ? String(e.parameters.migrate_to_chat_id) : undefined;
      return new DeliveryError("refused", `telegram${unreachable ? " (chat unreachable)" : ""}: ${detail}`, undefined, {
        cause: error,
        ...(unreachable ? { unreachable: `Telegram says "${detail.replace(/^(Forbidden|Bad Request): /, "")}"` } : {}),
        ...(movedTo ? { movedTo } : {}),
      });
    }
    case "server":
    case "network":
      return new DeliveryError("retryable", `telegram unreachable: ${detail}`, undefined, { cause: error });
    default:
      return new DeliveryError("retryable", `telegram: ${detail}`, undefined, { cause: error });
  }
}
