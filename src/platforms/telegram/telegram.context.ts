import type { Logger } from "pino";
import type { Telegraf } from "telegraf";
import type { Conversation } from "../../chat/conversation.js";
import type { FormFlow } from "../../chat/form-flow.js";
import type { ServiceDeps } from "../../services/deps.js";
import type { TelegramSender } from "./telegram.sender.js";

/** What every Telegram handler works with: the bot, the shared conversation and form engine, and the way out. */
export interface BotContext {
  bot: Telegraf;
  deps: ServiceDeps;
  log: Logger;
  sender: TelegramSender;
  conversation: Conversation;
  forms: FormFlow;
}
