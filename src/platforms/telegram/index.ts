/**
 * Telegram as a ChatPlatform: telegraf by long polling or webhook (telegram.bot.ts), replies as
 * HTML with inline keyboards (html.render.ts), outbox messages sent through the running bot
 * (telegram.outbox.ts).
 */
import type { ChatPlatform, DeliveringPlatform } from "../contract.js";
import { renderHtml, type TelegramMessage } from "./html.render.js";
import { telegramConfigFrom, telegramEnv, type TelegramConfig } from "./telegram.config.js";

export const telegramPlatform: ChatPlatform<TelegramConfig, TelegramMessage, DeliveringPlatform> = {
  name: "telegram",
  config: {
    env: telegramEnv,
    neighbours: ["HOST", "PORT", "SLACK_PORT"],
    from: telegramConfigFrom,
    seeAlso: `See the README's "Connect to Telegram" section.`,
  },
  // Default limit: the renderer's own (Telegram's 4096 characters per message).
  render: (reply) => renderHtml(reply),
  async start({ config, deps, log, timezone }) {
    // Loaded when it starts: src/config.ts reads this file (through the registry) for the config part alone.
    const [{ startTelegram }, { telegramSender }] = await Promise.all([import("./telegram.bot.js"), import("./telegram.outbox.js")]);
    const telegram = await startTelegram({ deps, log, config, timezone });
    return { stop: () => telegram.stop(), sender: telegramSender(telegram) };
  },
};
