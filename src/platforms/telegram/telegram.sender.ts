import type { Telegram } from "telegraf";
import type { InlineKeyboardButton, InlineKeyboardMarkup, ForceReply } from "telegraf/types";
import type { FormMessage } from "../../chat/form-model.js";
import type { Notice } from "../../chat/notice.js";
import { replyLocaleT, type Reply } from "../../chat/reply.js";
import type { ServiceDeps } from "../../services/deps.js";
import { actionData, flowData, teamData } from "./callback-data.js";
import { escapeHtml, renderHtml, richHtml } from "./html.render.js";
import { buttonsBelowText } from "../../views/platform.view.js";
import { classifyFailure, isNotModified } from "./telegram-api.js";
import { sendAttachment } from "./telegram.files.js";

export type Keyboard = InlineKeyboardButton[][];

/**
 * The longest button text we send. The Bot API documents no limit, but clients show a long one
 * cut (and a row of them unreadable); Slack's 75 is a good measure of what still reads.
 */
export const TELEGRAM_BUTTON_TEXT = 64;

/** A button's text within TELEGRAM_BUTTON_TEXT, cut by code points (never splitting an emoji) and marked with an ellipsis. */
export function buttonText(label: string): string {
  const chars = [...label];
  return chars.length <= TELEGRAM_BUTTON_TEXT ? label : `${chars.slice(0, TELEGRAM_BUTTON_TEXT - 1).join("")}…`;
}

/** One message as Telegram HTML, with either inline buttons or a "reply to me" prompt. */
export interface HtmlMessage {
  html: string;
  keyboard?: Keyboard;
  /** Opens the reply box on the reader's phone; in groups this is how typed answers reach a bot in privacy mode. */
  forceReply?: { placeholder?: string };
}

/** A notice (not on a team, removed, which team) as one message; a team choice becomes a button per team. */
export function noticeMessage(notice: Notice): HtmlMessage {
  const html = renderHtml(notice.reply).parts.join("\n");
  if (!notice.teamChoice) return { html };
  return { html, keyboard: notice.teamChoice.map((team) => [{ text: buttonText(team.label), callback_data: teamData(team.teamId) }]) };
}

/** A form's question (or its settled message, without buttons) as one message. */
export function formMessage(message: FormMessage): HtmlMessage {
  const html = richHtml(message.lines);
  if (!message.buttons) return { html };
  return { html, keyboard: message.buttons.map((row) => row.map((button) => ({ text: buttonText(button.label), callback_data: flowData(button.press) }))) };
}

const FORMAT = { parse_mode: "HTML", link_preview_options: { is_disabled: true } } as const;

/**
 * Everything the bot says goes through here: reply models rendered to HTML and split,
 * buttons turned into callback data, edits that fall back to a new message.
 */
export class TelegramSender {
  constructor(
    private readonly telegram: Telegram,
    private readonly deps: ServiceDeps,
  ) {}

  /** Sends one HTML message, as a reply to `replyTo` when given. Returns its message id. */
  async sendHtml(chatId: number | string, message: HtmlMessage, options: { replyTo?: number } = {}): Promise<number> {
    const markup: InlineKeyboardMarkup | ForceReply | undefined = message.forceReply
      ? { force_reply: true, selective: true, ...(message.forceReply.placeholder ? { input_field_placeholder: message.forceReply.placeholder } : {}) }
      : message.keyboard && message.keyboard.length > 0
        ? { inline_keyboard: message.keyboard }
        : undefined;
    const sent = await this.telegram.sendMessage(chatId, message.html, {
      ...FORMAT,
      // A reply keeps the answer next to its question in a busy group (and in the same topic);
      // if the question was deleted meanwhile, the answer still goes out.
      ...(options.replyTo ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } } : {}),
      ...(markup ? { reply_markup: markup } : {}),
    });
    return sent.message_id;
  }

  /**
   * Rewrites a message (its buttons go unless `message.keyboard` brings new ones). Returns
   * false when Telegram will not edit it (too old, deleted), so the caller can send instead.
   */
  async editHtml(chatId: number | string, messageId: number, message: HtmlMessage): Promise<boolean> {
    try {
      await this.telegram.editMessageText(chatId, messageId, undefined, message.html, {
        ...FORMAT,
        ...(message.keyboard && message.keyboard.length > 0 ? { reply_markup: { inline_keyboard: message.keyboard } } : {}),
      });
      return true;
    } catch (error) {
      if (isNotModified(error)) return true;
      if (classifyFailure(error) === "refused") return false;
      throw error;
    }
  }

  /** Takes the buttons off a message whose question is settled. Best effort: it is cosmetic. */
  async dropKeyboard(chatId: number | string, messageId: number): Promise<void> {
    try {
      await this.telegram.editMessageReplyMarkup(chatId, messageId, undefined, undefined);
    } catch (error) {
      if (classifyFailure(error) !== "refused") throw error;
    }
  }

  /**
   * Sends a reply model: as many messages as its length needs, buttons under the last, then
   * its attachments (images as photos, other files as documents). Returns the ids.
   */
  async send(chatId: number | string, reply: Reply, options: { replyTo?: number } = {}): Promise<number[]> {
    const messages = await this.messages(reply);
    const ids: number[] = [];
    for (const [i, message] of messages.entries()) {
      ids.push(await this.sendHtml(chatId, message, i === 0 ? options : {}));
    }
    for (const attachment of reply.attachments ?? []) {
      ids.push(await sendAttachment(this.telegram, chatId, attachment, ids.length === 0 ? options : {}));
    }
    return ids;
  }

  /**
   * Shows a reply in place of message `messageId` (a menu answered, a preview confirmed);
   * what does not fit in it follows as new messages. Sends it anew if the message cannot be edited.
   */
  async replace(chatId: number | string, messageId: number, reply: Reply): Promise<void> {
    const [first, ...rest] = await this.messages(reply);
    if (!first) {
      await this.dropKeyboard(chatId, messageId);
      return;
    }
    if (!(await this.editHtml(chatId, messageId, first))) {
      await this.sendHtml(chatId, first, { replyTo: messageId });
    }
    for (const message of rest) await this.sendHtml(chatId, message);
    for (const attachment of reply.attachments ?? []) await sendAttachment(this.telegram, chatId, attachment);
  }

  private async messages(reply: Reply): Promise<HtmlMessage[]> {
    const { parts, rows } = renderHtml(reply);
    if (parts.length === 0 && rows.length === 0) return [];
    // Private look-ups and previews are menus their answer may replace; channel messages
    // (alerts, announcements) stay as they are and get answers below them.
    const replace = reply.visibility !== "channel";
    const keyboard: Keyboard = [];
    for (const row of rows) {
      const buttons: InlineKeyboardButton[] = [];
      for (const action of row) buttons.push({ text: buttonText(action.label), callback_data: await actionData(this.deps, action, { replace }) });
      keyboard.push(buttons);
    }
    // Telegram sends no message without text: buttons alone get a word above them.
    const texts = parts.length > 0 ? parts : [escapeHtml(buttonsBelowText(replyLocaleT(reply)))];
    return texts.map((html, i) => (i === texts.length - 1 ? { html, keyboard } : { html }));
  }
}
