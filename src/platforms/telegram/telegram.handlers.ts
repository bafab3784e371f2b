/**
 * What the bot does with each kind of update, installed in the order telegraf tries them. Each
 * handler turns its update into the shared conversation's terms (telegram.inbound.ts) and shows
 * the outcome (telegram.replies.ts); the work itself is the conversation's and the commands'.
 */
import type { Context } from "telegraf";
import { message } from "telegraf/filters";
import type { Message, Update } from "telegraf/types";
import { COMMANDS } from "../../../commands/index.js";
import type { Input } from "../../chat/inbound.js";
import { formCancelText } from "../../views/form.view.js";
import { unsupportedChatNotice } from "../../views/private-chat.view.js";
import { DEFAULT_LANGUAGE, languageOfTag, translator } from "../../i18n/index.js";
import { anonymousAdminText, sorryText } from "../../views/platform.view.js";
import { chatLanguage } from "../../services/language.service.js";
import type { BotContext } from "./telegram.context.js";
import { callerOf, isGroup, personOf, placeOf, withMentions, type TgChat, type TgUser } from "./telegram.inbound.js";
import { carryOver, joined, left, membershipChanged } from "./telegram.membership.js";
import { onPress } from "./telegram.press.js";
import { answer, chatT, fillerOf, formScreen, reachOf, refuse, runAs, standingOf } from "./telegram.replies.js";
import { classifyFailure, failureContext } from "./telegram-api.js";
import { downloadDocument, isLeadFile } from "./telegram.files.js";
import { escapeHtml } from "./html.render.js";
import { noticeMessage } from "./telegram.sender.js";

const OUR_COMMANDS = new Set(COMMANDS.map((c) => c.name));
/** Anonymous group admins post as this account; there is no person behind it to act as. */
const GROUP_ANONYMOUS_BOT = 1087968824;

/** Installs the handlers, in the order telegraf tries them, and the one error boundary. */
export function wire(app: BotContext): void {
  followMembership(app);
  answerAnonymousAdmins(app);
  followGroupUpgrades(app);
  takeCommands(app);
  app.bot.on(message("document"), (ctx) => onDocument(app, ctx.chat, ctx.from, ctx.message));
  app.bot.on(message("text"), (ctx) => onText(app, ctx.chat, ctx.from, ctx.message));
  app.bot.on("callback_query", (ctx) => onPress(app, ctx));
  catchFailures(app);
}

/** Membership follows the chat, whoever made the change (another bot may have removed someone). */
function followMembership(app: BotContext): void {
  const { bot } = app;
  bot.on("chat_member", (ctx) => membershipChanged(app, ctx.chatMember));
  bot.on("my_chat_member", (ctx) => membershipChanged(app, ctx.myChatMember));
  bot.on(message("left_chat_member"), (ctx) => left(app, ctx.chat, ctx.message.left_chat_member, ctx.from));
  bot.on(message("new_chat_members"), async (ctx) => {
    for (const person of ctx.message.new_chat_members) await joined(app, ctx.chat, person);
  });
}

/** Bots are no one to act as: anonymous admins post as the group itself and hear how to be seen; other bots are ignored. */
function answerAnonymousAdmins(app: BotContext): void {
  app.bot.use(async (ctx, next) => {
    if (!ctx.from?.is_bot) return next();
    const text = ctx.message && "text" in ctx.message ? ctx.message.text : "";
    if (ctx.from.id === GROUP_ANONYMOUS_BOT && ctx.chat && OUR_COMMANDS.has(commandName(text).name) && ctx.message) {
      await app.sender.sendHtml(
        ctx.chat.id,
        // Said to the group, whoever posted: in its team's language.
        { html: escapeHtml(anonymousAdminText(translator(await chatLanguage(app.deps, { platform: "telegram", chatId: String(ctx.chat.id) })))) },
        { replyTo: ctx.message.message_id },
      );
    }
  });
}

/** A group upgraded to a supergroup gets a new chat id; the team goes with it. */
function followGroupUpgrades(app: BotContext): void {
  app.bot.on(message("migrate_to_chat_id"), (ctx) => carryOver(app, ctx.chat.id, ctx.message.migrate_to_chat_id));
  app.bot.on(message("migrate_from_chat_id"), (ctx) => carryOver(app, ctx.message.migrate_from_chat_id, ctx.chat.id));
}

/** /start, /cancel, and every command of the registry (`/lead@ThisBot …` too; telegraf skips commands addressed to another bot). */
function takeCommands(app: BotContext): void {
  app.bot.start((ctx) => onStart(app, ctx.chat, ctx.from, ctx.message.message_id));
  app.bot.command("cancel", (ctx) => onCancel(app, ctx.chat, ctx.from, ctx.message.message_id));
  app.bot.command([...OUR_COMMANDS], (ctx) => runTyped(app, ctx.chat, ctx.from, withMentions(ctx.message.text, ctx.message.entities), ctx.message.message_id));
}

/**
 * `/start`: in a private chat, which team it acts for (or the choice); in a group, who the
 * group is and who they are in it, or the setup message when the group is new.
 */
async function onStart(app: BotContext, chat: TgChat, user: TgUser, messageId: number): Promise<void> {
  const place = placeOf(chat, user);
  if (!place || place.team === null) {
    const notice = place ? await app.conversation.openPrivateChat(place, personOf(user)) : unsupportedChatNotice(translator(languageOfTag(user.language_code) ?? DEFAULT_LANGUAGE));
    return void (await app.sender.sendHtml(chat.id, noticeMessage(notice), { replyTo: messageId }));
  }
  const who = await standingOf(app, chat, user);
  if (!who.ok) return refuse(app, chat, who, messageId);
  // A new group hears the setup message instead of the introduction.
  if (who.welcome) return void (await app.sender.send(chat.id, who.welcome, { replyTo: messageId }));
  const intro = await app.conversation.introduce(who.actor, app.bot.botInfo?.username ?? "");
  await app.sender.sendHtml(chat.id, noticeMessage(intro), { replyTo: messageId });
}

/** `/cancel`: stops the person's form in this chat. */
async function onCancel(app: BotContext, chat: TgChat, user: TgUser, messageId: number): Promise<void> {
  const who = await standingOf(app, chat, user);
  if (!who.ok) return refuse(app, chat, who, messageId);
  const caller = callerOf(chat, user, who.actor);
  const stopped = await app.forms.cancel(fillerOf(caller), formScreen(app, caller));
  await app.sender.sendHtml(chat.id, { html: escapeHtml(formCancelText(stopped, chatT(caller))) }, { replyTo: messageId });
}

/**
 * A document whose caption is a command (/lead import), or a CSV/XLSX sent in a private chat:
 * downloaded and handed to the command as an attached file.
 */
async function onDocument(app: BotContext, chat: TgChat, user: TgUser, sent: Message.DocumentMessage): Promise<void> {
  const { document, caption, message_id: messageId } = sent;
  const command = caption && sent.caption_entities?.[0]?.type === "bot_command" && sent.caption_entities[0].offset === 0 ? commandName(caption) : null;
  let line: string;
  if (command) {
    if (!isOurs(app, command)) return;
    line = caption!;
  } else if (!isGroup(chat) && isLeadFile(document)) {
    line = "/lead import";
  } else {
    return;
  }
  // Who is asking comes first: a stranger's file is answered like a stranger's command, and
  // never fetched. Files cannot wait for an approval: a newcomer sends it again once approved.
  const who = await standingOf(app, chat, user);
  if (!who.ok) return refuse(app, chat, who, messageId);
  if (who.welcome) await app.sender.send(chat.id, who.welcome, { replyTo: messageId });
  const downloaded = await downloadDocument(app.bot.telegram, document, undefined, chatT(callerOf(chat, user, who.actor)));
  if (!downloaded.ok) return void (await app.sender.sendHtml(chat.id, { html: escapeHtml(downloaded.message) }, { replyTo: messageId }));
  const input: Input = { kind: "file", line, files: [downloaded.file] };
  await runAs(app, callerOf(chat, user, who.actor), who.place, input, { replyTo: messageId });
}

/**
 * Text: a command of ours runs; other text is an answer or note for the person's open form. In
 * a group only replies to the bot count (with privacy mode on, they are all a bot sees anyway).
 */
async function onText(app: BotContext, chat: TgChat, user: TgUser, sent: Message.TextMessage): Promise<void> {
  const { text, message_id: messageId } = sent;
  const command = sent.entities?.[0]?.type === "bot_command" && sent.entities[0].offset === 0 ? commandName(text) : null;
  const group = isGroup(chat);
  if (command) {
    // Not one of ours as written (/Lead, /foo). In a group, answer only what is addressed to
    // us; other bots' commands are none of our business.
    if (group && !isOurs(app, command)) return;
    return runTyped(app, chat, user, withMentions(text, sent.entities), messageId);
  }
  if (group && sent.reply_to_message?.from?.id !== app.bot.botInfo?.id) return;
  const who = await standingOf(app, chat, user);
  if (!who.ok) return refuse(app, chat, who, messageId);
  const caller = callerOf(chat, user, who.actor);
  if (await app.forms.typed(fillerOf(caller), formScreen(app, caller), text, messageId)) return;
  if (!group) await runTyped(app, chat, user, text, messageId); // the router explains commands start with a slash
}

/**
 * A typed command line: run it as the sender, answer in the chat (or start the form it opens).
 * A newcomer waiting for approval has it held, to run once an admin approves them.
 */
async function runTyped(app: BotContext, chat: TgChat, user: TgUser, text: string, messageId: number): Promise<void> {
  const place = placeOf(chat, user);
  if (!place) return refuse(app, chat, { notice: unsupportedChatNotice(translator(languageOfTag(user.language_code) ?? DEFAULT_LANGUAGE)) }, messageId);
  const outcome = await app.conversation.receive({ place, person: personOf(user), input: { kind: "command", line: text } }, reachOf(app, user.id, place));
  if (!outcome.ok) return refuse(app, chat, outcome, messageId);
  // The first reply in a new group is the setup message, before the answer to what was asked.
  if (outcome.welcome) await app.sender.send(chat.id, outcome.welcome, { replyTo: messageId });
  await answer(app, callerOf(chat, user, outcome.actor), outcome.reply, { replyTo: messageId });
}

/** The one error boundary: an update that fails is logged with its context, the person hears a polite word when they can, and the bot carries on. */
function catchFailures(app: BotContext): void {
  const { bot, log, sender } = app;
  bot.catch(async (error, ctx: Context<Update>) => {
    try {
      const kind = classifyFailure(error);
      const context = { ...failureContext(error), updateId: ctx.update.update_id, updateType: ctx.updateType, chatId: ctx.chat?.id, userId: ctx.from?.id };
      if (kind === "refused") log.warn(context, "Telegram refused a call while handling an update");
      else log.error(context, "failed to handle a Telegram update");
      // Button presses were answered already; where Telegram refused us, a reply would be refused too.
      if (ctx.chat && ctx.updateType === "message" && kind !== "refused") {
        // A group reads the team's language (when the database can still say it); a private chat its person's app language.
        const language =
          ctx.chat.type === "private"
            ? (languageOfTag(ctx.from?.language_code) ?? DEFAULT_LANGUAGE)
            : await chatLanguage(app.deps, { platform: "telegram", chatId: String(ctx.chat.id) }).catch(() => DEFAULT_LANGUAGE);
        await sender.sendHtml(ctx.chat.id, { html: escapeHtml(sorryText(translator(language))) });
      }
    } catch (secondary) {
      log.warn(failureContext(secondary), "could not tell the person about a failed update");
    }
  });
}

/** A command as written is ours: addressed to this bot, or to no bot and one of the registry's. */
function isOurs(app: BotContext, command: { name: string; target?: string }): boolean {
  const me = (app.bot.botInfo?.username ?? "").toLowerCase();
  return command.target ? command.target === me : OUR_COMMANDS.has(command.name);
}

/** `/lead@Bot status` → { name: "lead", target: "bot" }. */
function commandName(text: string): { name: string; target?: string } {
  const match = /^\/([A-Za-z0-9_]+)(?:@(\w+))?/.exec(text);
  if (!match) return { name: "" };
  return { name: match[1]!.toLowerCase(), ...(match[2] ? { target: match[2].toLowerCase() } : {}) };
}
