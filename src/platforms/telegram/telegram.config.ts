import { createHmac } from "node:crypto";
import { z } from "zod";
import { unset, type ReportProblem } from "../../config-part.js";

/** Telegram's variables (src/config.ts composes them with every other module's). */
export const telegramEnv = z.object({
  TELEGRAM_BOT_TOKEN: z.preprocess(
    unset,
    z
      .string()
      .trim()
      .regex(/^\d+:[\w-]{20,}$/, "TELEGRAM_BOT_TOKEN is the token @BotFather gave you, like 123456789:AAE…")
      .optional(),
  ),
  TELEGRAM_API_ROOT: z.preprocess(unset, z.url("TELEGRAM_API_ROOT must be a URL such as http://localhost:8081.").optional()),
  TELEGRAM_WEBHOOK_URL: z.preprocess(
    unset,
    z.url({ protocol: /^https?$/, error: "TELEGRAM_WEBHOOK_URL must be the public https:// URL Telegram should post updates to." }).optional(),
  ),
  // Telegram accepts 1-256 of A-Z a-z 0-9 _ -; we ask for 16 or more, as a short one is guessable.
  TELEGRAM_WEBHOOK_SECRET: z.preprocess(
    unset,
    z
      .string()
      .regex(/^[\w-]{16,256}$/, "TELEGRAM_WEBHOOK_SECRET must be 16-256 characters of A-Z, a-z, 0-9, _ and - (or leave it unset to derive one).")
      .optional(),
  ),
  TELEGRAM_WEBHOOK_PORT: z.preprocess(unset, z.coerce.number().int().min(0).max(65_535).default(3002)),
  TELEGRAM_WEBHOOK_PATH: z.preprocess(unset, z.string().startsWith("/", "TELEGRAM_WEBHOOK_PATH must start with /.").optional()),
});

export type TelegramEnv = z.output<typeof telegramEnv>;

/**
 * What Telegram reads of the other modules' variables: where the app listens, and ports it must
 * not take. Each is undefined when its own value is wrong (its part reports that).
 */
export type TelegramNeighbours = {
  HOST?: string | undefined;
  PORT?: number | undefined;
  /** Only when set: Slack's default port is not compared. */
  SLACK_PORT?: number | undefined;
};

export interface TelegramWebhookConfig {
  /** The public URL given to Telegram (`setWebhook`). */
  url: string;
  /** The path this process answers on: the URL's path, unless a proxy in front rewrites it. */
  path: string;
  /** Own port (0 = any free one), so the webhook works whatever the HTTP API is doing. */
  port: number;
  host: string;
  /** Telegram sends it back in `X-Telegram-Bot-Api-Secret-Token` with every update. */
  secret: string;
  /** True when the secret was derived from the bot token rather than set. */
  secretDerived: boolean;
}

export interface TelegramConfig {
  botToken: string;
  /** Bot API root (a self-hosted Bot API server, or a fake one in tests). Telegram's own when unset. */
  apiRoot?: string;
  /** Long polling unless a webhook URL is set. */
  mode: "polling" | "webhook";
  webhook?: TelegramWebhookConfig;
}

/**
 * The webhook secret when none is set: an HMAC of the bot token. Stable across restarts and
 * identical on every instance (setWebhook is one setting per bot, so a random per-process
 * secret would lock the other instances out), and as secret as the token it comes from.
 * 43 base64url characters: within Telegram's A-Za-z0-9_- alphabet and 256-character limit.
 */
export function deriveWebhookSecret(botToken: string): string {
  return createHmac("sha256", botToken).update("leadbot telegram webhook secret v1").digest("base64url");
}

/**
 * The Telegram settings from its parsed variables and its neighbours'. Null when Telegram is
 * not configured (no bot token); a mistake is reported, naming the variable.
 */
export function telegramConfigFrom(e: TelegramEnv & TelegramNeighbours, report: ReportProblem): TelegramConfig | null {
  if (!e.TELEGRAM_BOT_TOKEN) {
    const stray = (["TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_API_ROOT"] as const).filter((k) => e[k] !== undefined);
    if (stray.length > 0) report("TELEGRAM_BOT_TOKEN", `set it too, or unset ${stray.join(", ")}.`);
    return null;
  }
  // Telegraf resolves method paths against the root, so it must not end in a slash.
  const apiRoot = e.TELEGRAM_API_ROOT?.replace(/\/+$/, "");
  const common = { botToken: e.TELEGRAM_BOT_TOKEN, ...(apiRoot ? { apiRoot } : {}) };
  if (!e.TELEGRAM_WEBHOOK_URL) return { ...common, mode: "polling" };

  const path = e.TELEGRAM_WEBHOOK_PATH ?? new URL(e.TELEGRAM_WEBHOOK_URL).pathname;
  const port = e.TELEGRAM_WEBHOOK_PORT;
  for (const [name, other] of [["PORT", e.PORT], ["SLACK_PORT", e.SLACK_PORT]] as const) {
    if (port !== 0 && port === other) {
      report("TELEGRAM_WEBHOOK_PORT", `${port} is already ${name}; pick another one.`);
      return null;
    }
  }
  return {
    ...common,
    mode: "webhook",
    webhook: {
      url: e.TELEGRAM_WEBHOOK_URL,
      path,
      port,
      // Undefined only when HOST is wrong, which stops start-up before this is used.
      host: e.HOST ?? "",
      secret: e.TELEGRAM_WEBHOOK_SECRET ?? deriveWebhookSecret(e.TELEGRAM_BOT_TOKEN),
      secretDerived: !e.TELEGRAM_WEBHOOK_SECRET,
    },
  };
}
