import { createHmac } from "node:crypto";
import { z } from "zod";
import { ConfigError } from "../../config.js";

/** An empty value (`TELEGRAM_WEBHOOK_URL=` in a .env file) means "not set". */
const unset = (value: unknown) => (value === "" ? undefined : value);

const TelegramEnv = z.object({
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
  // Read only to listen where the rest of the app does, and to refuse a clashing port.
  HOST: z.preprocess(unset, z.string().min(1).default("0.0.0.0")),
  PORT: z.preprocess(unset, z.coerce.number().int().optional()),
  SLACK_PORT: z.preprocess(unset, z.coerce.number().int().optional()),
});

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
 * Reads the Telegram settings from the environment. Returns null when Telegram is not
 * configured (no bot token); a mistake stops start-up with a message naming the variable.
 */
export function loadTelegramConfig(env: NodeJS.ProcessEnv = process.env): TelegramConfig | null {
  const parsed = TelegramEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new ConfigError(`Telegram configuration problem:\n${problems}\nSee the README's "Connect to Telegram" section.`);
  }
  const e = parsed.data;
  if (!e.TELEGRAM_BOT_TOKEN) {
    const stray = ["TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_API_ROOT"].filter((k) => unset(env[k]) !== undefined);
    if (stray.length > 0) {
      throw new ConfigError(`Telegram configuration problem:\n  TELEGRAM_BOT_TOKEN: set it too, or unset ${stray.join(", ")}.`);
    }
    return null;
  }
  // Telegraf resolves method paths against the root, so it must not end in a slash.
  const apiRoot = e.TELEGRAM_API_ROOT?.replace(/\/+$/, "");
  const common = { botToken: e.TELEGRAM_BOT_TOKEN, ...(apiRoot ? { apiRoot } : {}) };
  if (!e.TELEGRAM_WEBHOOK_URL) return { ...common, mode: "polling" };

  const path = e.TELEGRAM_WEBHOOK_PATH ?? new URL(e.TELEGRAM_WEBHOOK_URL).pathname;
  const port = e.TELEGRAM_WEBHOOK_PORT;
  for (const [name, other] of [["PORT", e.PORT ?? 3000], ["SLACK_PORT", e.SLACK_PORT]] as const) {
    if (port !== 0 && port === other) {
      throw new ConfigError(`Telegram configuration problem:\n  TELEGRAM_WEBHOOK_PORT: ${port} is already ${name}; pick another one.`);
    }
  }
  return {
    ...common,
    mode: "webhook",
    webhook: {
      url: e.TELEGRAM_WEBHOOK_URL,
      path,
      port,
      host: e.HOST,
      secret: e.TELEGRAM_WEBHOOK_SECRET ?? deriveWebhookSecret(e.TELEGRAM_BOT_TOKEN),
      secretDerived: !e.TELEGRAM_WEBHOOK_SECRET,
    },
  };
}
