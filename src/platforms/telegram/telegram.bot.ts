/**
 * The Telegram transport: a thin receiver around the shared command router. Commands and
 * button presses become command lines run as the person who sent or pressed them; replies go
 * back as HTML with inline keyboards; forms run as a step-by-step flow (qualify.flow.ts).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { Telegraf, type Context } from "telegraf";
import { message } from "telegraf/filters";
import type { ChatMemberUpdated, Update } from "telegraf/types";
import { readRawBody } from "../../http/body.js";
import { COMMANDS } from "../../../commands/index.js";
import type { CommandContext, PrivateReach } from "../../chat/command-context.js";
import type { Block, FollowUp, IncomingFile, Reply } from "../../chat/reply.js";
import { handleLine } from "../../../commands/index.js";
import { renderText } from "../../chat/text.render.js";
import { purgeStaleChatState } from "../../services/chat-housekeeping.service.js";
import { botBackInChat, botRemovedFromChat, personBackInChat, personLeftChat, type TeamPaused } from "../../services/chat-membership.service.js";
import { moveChat } from "../../services/chat-move.service.js";
import type { Clock } from "../../services/clock.js";
import type { ServiceDeps } from "../../services/deps.js";
import { firstUse } from "../../services/identity.service.js";
import { listTeamMembers } from "../../services/team-admin.service.js";
import { teamSettings } from "../../services/team-settings.service.js";
import { removedFromGroupReply, welcomeReply } from "../../views/team.view.js";
import { CALLBACK_TTL_DAYS, commandOf, parseCallbackData } from "./callback-data.js";
import { escapeHtml } from "./html.render.js";
import { cancelFlow, pressFlowButton, startFlow, typedInFlow, type FlowCaller, type FlowEnv, type FormBlock } from "./qualify.flow.js";
import { chooseTeam, displayName, groupIntro, isGroup, speaker, start, type Speaker, type TgChat, type TgUser } from "./team-link.js";
import { classifyFailure, DEFAULT_RETRY, failureContext, installRetries, isUnreachableChat, type RetryPolicy } from "./telegram-api.js";
import type { TelegramConfig, TelegramWebhookConfig } from "./telegram.config.js";
import { downloadDocument, isLeadFile, sendAttachment } from "./telegram.files.js";
import { TelegramSender } from "./telegram.sender.js";

export interface StartTelegramOptions {
  deps: ServiceDeps;
  log: Logger;
  config: TelegramConfig;
  /** Overrides `deps.clock` (tests). */
  clock?: Clock;
  /** Time zone of teams created from Telegram groups. Default UTC. */
  timezone?: string;
  /** Overrides parts of the retry policy for Bot API calls (tests shorten the waits). */
  retry?: Partial<RetryPolicy>;
}

export interface TelegramHandle {
  /** The telegraf bot, for tests and for the alerts work. */
  bot: Telegraf;
  mode: "polling" | "webhook";
  /** Webhook mode: the port the webhook server listens on. */
  port?: number;
  /** Webhook mode: the request handler, should the webhook ever be served by another server. */
  webhookHandler?: RequestListener;
  /**
   * Sends a reply model to a chat (alerts, digests): the outbox's way out. 429s and network
   * failures are retried here; a refusal is thrown, and `isUnreachableChat(error)` (from
   * telegram-api.ts) tells whether retrying later can help.
   */
  send(chatId: number | string, reply: Reply): Promise<void>;
  /** Stops taking updates and waits for those in progress. */
  stop(): Promise<void>;
}

/**
 * Only these reach the bot: messages (commands, typed notes, people joining and leaving),
 * button presses, and changes of membership in its chats (someone left or was removed, the
 * bot itself was removed or added back). Telegram sends `chat_member` only when asked for by
 * name, and only to a bot that is an admin of the group; `left_chat_member` messages cover
 * the rest.
 */
export const ALLOWED_UPDATES = ["message", "callback_query", "chat_member", "my_chat_member"] as const;
const SORRY = "Sorry, something went wrong on our side. Please try again in a moment.";
/** Forms nobody touched for a week are abandoned. */
const FLOW_TTL_DAYS = 7;
const DAY_MS = 86_400_000;
/** Telegram shows a button's answer in a pop-up of at most 200 characters. */
const POPUP_LIMIT = 200;
const OUR_COMMANDS = new Set(COMMANDS.map((c) => c.name));
/** Anonymous group admins post as this account; there is no person behind it to act as. */
const GROUP_ANONYMOUS_BOT = 1087968824;

/**
 * Starts the Telegram bot: long polling, or a webhook when `config.mode` is "webhook"
 * (its own HTTP server on `config.webhook.port`, verifying the secret token on every update).
 * A wrong token fails here (getMe); problems after start-up are logged, never thrown.
 */
export async function startTelegram(options: StartTelegramOptions): Promise<TelegramHandle> {
  const { config } = options;
  const deps: ServiceDeps = options.clock ? { ...options.deps, clock: options.clock } : options.deps;
  const log = options.log.child({ transport: "telegram" });
  const stopping = new AbortController();
  const bot = new Telegraf(config.botToken, {
    // webhookReply off: every call is a real request, so its answer (or refusal) is seen.
    telegram: { ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}), webhookReply: false },
    // A weights change re-scores every lead before it answers.
    handlerTimeout: 120_000,
  });
  installRetries(bot.telegram, { ...DEFAULT_RETRY, ...options.retry }, log, stopping.signal);
  const sender = new TelegramSender(bot.telegram, deps);
  const flows: FlowEnv = { deps, log, sender, show: (who, reply, where) => show(app, who, reply, where) };
  const app: BotContext = { bot, deps, log, sender, flows, timezone: options.timezone ?? "UTC" };

  bot.botInfo = await bot.telegram.getMe();
  wire(app);
  await registerCommands(app);
  await housekeeping(app);
  let daily: NodeJS.Timeout | undefined;
  const everyDay = () => {
    daily = setInterval(() => void housekeeping(app), DAY_MS);
    daily.unref();
  };

  const send = async (chatId: number | string, reply: Reply) => void (await sender.send(chatId, reply));

  if (config.mode === "webhook" && config.webhook) {
    const webhook = config.webhook;
    const handler = webhookHandler(bot, webhook, log);
    const server = createServer(handler);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(webhook.port, webhook.host, () => resolve());
    });
    try {
      await bot.telegram.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES], drop_pending_updates: false });
    } catch (error) {
      await closeServer(server);
      throw error;
    }
    server.on("error", (error) => log.error({ err: error }, "Telegram webhook server error"));
    const port = (server.address() as AddressInfo).port;
    everyDay();
    log.info({ bot: bot.botInfo.username, url: webhook.url, port, secret: webhook.secretDerived ? "derived from the token" : "set" }, "Telegram webhook ready");
    return {
      bot,
      mode: "webhook",
      port,
      webhookHandler: handler,
      send,
      async stop() {
        if (stopping.signal.aborted) return;
        stopping.abort();
        clearInterval(daily);
        // The webhook stays registered: Telegram keeps updates until the next start takes them.
        await closeServer(server);
      },
    };
  }

  // Surfaces a webhook left from a previous deployment (or a wrong API root) now, not in the background.
  await bot.telegram.deleteWebhook({ drop_pending_updates: false });
  const polling = bot.launch({ allowedUpdates: [...ALLOWED_UPDATES], dropPendingUpdates: false }).catch((error: unknown) => {
    // 409: another process polls with this token (several instances need webhook mode); 401: token revoked.
    if (!stopping.signal.aborted) log.error(failureContext(error), "Telegram long polling stopped");
  });
  everyDay();
  log.info({ bot: bot.botInfo.username }, "Telegram long polling started");
  return {
    bot,
    mode: "polling",
    send,
    async stop() {
      if (stopping.signal.aborted) return;
      stopping.abort();
      clearInterval(daily);
      try {
        bot.stop("shutdown");
      } catch {
        // Not polling yet: the aborted signal makes its first getUpdates end the loop.
      }
      await polling;
    },
  };
}

interface BotContext {
  bot: Telegraf;
  deps: ServiceDeps;
  log: Logger;
  sender: TelegramSender;
  flows: FlowEnv;
  timezone: string;
}

/** Installs the handlers, in the order telegraf tries them, and the one error boundary. */
function wire(app: BotContext): void {
  const { bot, deps, log, sender, timezone } = app;
  const me = (bot.botInfo?.username ?? "").toLowerCase();

  // Membership follows the chat, whoever made the change (another bot may have removed someone).
  bot.on("chat_member", (ctx) => membershipChanged(app, ctx.chatMember));
  bot.on("my_chat_member", (ctx) => membershipChanged(app, ctx.myChatMember));
  bot.on(message("left_chat_member"), (ctx) => left(app, ctx.chat, ctx.message.left_chat_member, ctx.from));
  bot.on(message("new_chat_members"), async (ctx) => {
    for (const person of ctx.message.new_chat_members) await joined(app, ctx.chat, person);
  });

  bot.use(async (ctx, next) => {
    if (!ctx.from?.is_bot) return next();
    // Anonymous admins post as the group itself: answer a command of ours, ignore other bots.
    const text = ctx.message && "text" in ctx.message ? ctx.message.text : "";
    if (ctx.from.id === GROUP_ANONYMOUS_BOT && ctx.chat && OUR_COMMANDS.has(commandName(text).name) && ctx.message) {
      await sender.sendHtml(
        ctx.chat.id,
        { html: escapeHtml("I can't tell who you are while you post anonymously. Turn off “Remain anonymous” in your admin rights to use me.") },
        { replyTo: ctx.message.message_id },
      );
    }
  });

  // A group upgraded to a supergroup gets a new chat id; the team goes with it.
  bot.on(message("migrate_to_chat_id"), (ctx) => carryOver(app, ctx.chat.id, ctx.message.migrate_to_chat_id));
  bot.on(message("migrate_from_chat_id"), (ctx) => carryOver(app, ctx.message.migrate_from_chat_id, ctx.chat.id));

  bot.start(async (ctx) => {
    const messageId = ctx.message.message_id;
    if (!isGroup(ctx.chat)) return void (await sender.sendHtml(ctx.chat.id, await start(deps, ctx.chat, ctx.from), { replyTo: messageId }));
    const who = await speaker(deps, ctx.chat, ctx.from, timezone);
    if (!who.ok) return refuse(app, ctx.chat, who, messageId);
    // A new group hears the setup message instead of the introduction.
    if (await welcomeNewTeam(app, ctx.chat, who.actor, messageId)) return;
    await sender.sendHtml(ctx.chat.id, await groupIntro(deps, who.actor, bot.botInfo?.username ?? ""), { replyTo: messageId });
  });

  bot.command("cancel", async (ctx) => {
    const who = await speaker(deps, ctx.chat, ctx.from, timezone);
    if (!who.ok) return refuse(app, ctx.chat, who, ctx.message.message_id);
    const stopped = await cancelFlow(app.flows, caller(ctx.chat, ctx.from, who.actor));
    const text = stopped ? "Stopped the form. Nothing was saved." : "There is no form in progress to cancel.";
    await sender.sendHtml(ctx.chat.id, { html: escapeHtml(text) }, { replyTo: ctx.message.message_id });
  });

  // `/lead@ThisBot …` matches too; telegraf skips commands addressed to another bot.
  bot.command([...OUR_COMMANDS], (ctx) => runTyped(app, ctx.chat, ctx.from, ctx.message.text, ctx.message.message_id));

  // A document whose caption is a command (/lead import), or a CSV/XLSX sent in a private
  // chat: downloaded and handed to the command as an attached file.
  bot.on(message("document"), async (ctx) => {
    const { document, caption, message_id: messageId } = ctx.message;
    const command = caption && ctx.message.caption_entities?.[0]?.type === "bot_command" && ctx.message.caption_entities[0].offset === 0 ? commandName(caption) : null;
    let line: string;
    if (command) {
      const ours = command.target ? command.target === me : OUR_COMMANDS.has(command.name);
      if (!ours) return;
      line = caption!;
    } else if (!isGroup(ctx.chat) && isLeadFile(document)) {
      line = "/lead import";
    } else {
      return;
    }
    // Who is asking comes first: a stranger's file is answered like a stranger's command, and
    // never fetched.
    const who = await speaker(deps, ctx.chat, ctx.from, timezone);
    if (!who.ok) return refuse(app, ctx.chat, who, messageId);
    await welcomeNewTeam(app, ctx.chat, who.actor, messageId);
    const downloaded = await downloadDocument(bot.telegram, document);
    if (!downloaded.ok) return void (await sender.sendHtml(ctx.chat.id, { html: escapeHtml(downloaded.message) }, { replyTo: messageId }));
    await runAs(app, ctx.chat, ctx.from, who.actor, line, messageId, [downloaded.file]);
  });

  bot.on(message("text"), async (ctx) => {
    const { text, message_id: messageId } = ctx.message;
    const command = ctx.message.entities?.[0]?.type === "bot_command" && ctx.message.entities[0].offset === 0 ? commandName(text) : null;
    if (command) {
      // Not one of ours as written (/Lead, /foo). In a group, answer only what is addressed to
      // us; other bots' commands are none of our business.
      const ours = command.target ? command.target === me : OUR_COMMANDS.has(command.name);
      if (isGroup(ctx.chat) && !ours) return;
      return runTyped(app, ctx.chat, ctx.from, text, messageId);
    }
    // Plain text is an answer or note for the person's open form. In a group only replies to
    // the bot count (with privacy mode on, they are all a bot sees anyway).
    const group = isGroup(ctx.chat);
    if (group && ctx.message.reply_to_message?.from?.id !== bot.botInfo?.id) return;
    const who = await speaker(deps, ctx.chat, ctx.from, timezone);
    if (!who.ok) return refuse(app, ctx.chat, who, messageId);
    if (await typedInFlow(app.flows, caller(ctx.chat, ctx.from, who.actor), text, messageId)) return;
    if (!group) await runTyped(app, ctx.chat, ctx.from, text, messageId); // the router explains commands start with a slash
  });

  bot.on("callback_query", (ctx) => onPress(app, ctx));

  // The one error boundary: an update that fails is logged with its context, the person hears
  // a polite word when they can, and the bot carries on with the next update.
  bot.catch(async (error, ctx) => {
    try {
      const kind = classifyFailure(error);
      const context = { ...failureContext(error), updateId: ctx.update.update_id, updateType: ctx.updateType, chatId: ctx.chat?.id, userId: ctx.from?.id };
      if (kind === "refused") log.warn(context, "Telegram refused a call while handling an update");
      else log.error(context, "failed to handle a Telegram update");
      // Button presses were answered already; where Telegram refused us, a reply would be refused too.
      if (ctx.chat && ctx.updateType === "message" && kind !== "refused") {
        await sender.sendHtml(ctx.chat.id, { html: escapeHtml(SORRY) });
      }
    } catch (secondary) {
      log.warn(failureContext(secondary), "could not tell the person about a failed update");
    }
  });
}

const caller = (chat: TgChat, user: TgUser, actor: FlowCaller["actor"]): FlowCaller => ({
  chatId: chat.id,
  userId: user.id,
  userName: displayName(user),
  actor,
});

/** `/lead@Bot status` → { name: "lead", target: "bot" }. */
function commandName(text: string): { name: string; target?: string } {
  const match = /^\/([A-Za-z0-9_]+)(?:@(\w+))?/.exec(text);
  if (!match) return { name: "" };
  return { name: match[1]!.toLowerCase(), ...(match[2] ? { target: match[2].toLowerCase() } : {}) };
}

/**
 * A typed command line: run it as the sender, answer in the chat (or start the form it opens).
 * A newcomer waiting for approval has it held, to run once an admin approves them.
 */
async function runTyped(app: BotContext, chat: TgChat, user: TgUser, text: string, messageId: number): Promise<void> {
  const who = await speaker(app.deps, chat, user, app.timezone, text);
  if (!who.ok) return refuse(app, chat, who, messageId);
  await welcomeNewTeam(app, chat, who.actor, messageId);
  await runAs(app, chat, user, who.actor, text, messageId);
}

/** A command line from someone already known to be on the chat's team. */
async function runAs(app: BotContext, chat: TgChat, user: TgUser, actor: FlowCaller["actor"], text: string, messageId?: number, files?: IncomingFile[]): Promise<void> {
  const reply = await handleLine(text, { ...commandContext(app, chat, user, actor), ...(files ? { files } : {}) }, app.log);
  await present(app, chat, caller(chat, user, actor), reply, messageId ? { replyTo: messageId } : {});
  if (reply.followUp) await runFollowUp(app, chat, reply.followUp);
}

/**
 * Tells someone why nothing ran (not on a team, removed, waiting for approval). A newcomer's
 * first try also puts their request to join in front of the group's admins.
 */
async function refuse(app: BotContext, chat: TgChat, who: Extract<Speaker, { ok: false }>, replyTo: number): Promise<void> {
  await app.sender.sendHtml(chat.id, who.notice, { replyTo });
  if (who.joinRequest) await app.sender.send(chat.id, who.joinRequest);
}

/**
 * The first reply in a new group is the setup message (where alerts go, digest time, time
 * zone, how to make managers), sent before the answer to what was asked. True when it was sent.
 */
async function welcomeNewTeam(app: BotContext, chat: TgChat, actor: FlowCaller["actor"], replyTo: number): Promise<boolean> {
  if (!isGroup(chat) || !(await firstUse(app.deps, actor.teamId))) return false;
  const settings = await teamSettings(app.deps, actor, { platform: "telegram", channelId: String(chat.id) });
  if (!settings.ok) return false;
  await app.sender.send(chat.id, welcomeReply(settings.value, actor.name), { replyTo });
  return true;
}

/**
 * A command held for someone else, to run now as them (a newcomer's first command, once an
 * admin approved them): in the chat where they typed it, its answer shown there.
 */
async function runFollowUp(app: BotContext, here: TgChat, followUp: FollowUp): Promise<void> {
  const members = await listTeamMembers(app.deps, followUp.actor);
  const member = members.ok ? members.value.members.find((m) => m.id === followUp.actor.memberId && m.status === "active" && m.platform === "telegram") : undefined;
  if (!member) return void app.log.warn({ memberId: followUp.actor.memberId }, "a held command's author is not an active Telegram member; not running it");
  const chatId = followUp.channelId === null ? here.id : Number(followUp.channelId);
  // Telegram groups have negative ids, people positive ones (their private chat with the bot).
  const chat: TgChat = chatId === here.id ? here : { id: chatId, type: chatId < 0 ? "supergroup" : "private" };
  const user: TgUser = { id: Number(member.externalId), first_name: member.displayName, ...(member.username ? { username: member.username } : {}) };
  await runAs(app, chat, user, followUp.actor, followUp.line);
}

/** What a command run from this chat knows about where it was asked (typed or pressed). */
function commandContext(app: BotContext, chat: TgChat, user: TgUser, actor: FlowCaller["actor"]): CommandContext {
  return {
    deps: app.deps,
    actor,
    place: { platform: "telegram", channelId: String(chat.id) },
    ...(isGroup(chat) ? { privateReach: () => privateReach(app, user.id) } : {}),
  };
}

/**
 * Shows a reply: a form starts the step-by-step flow; anything else is sent (as a reply to
 * `replyTo`) or shown in place of the pressed message (`replace`).
 */
async function present(app: BotContext, chat: TgChat, who: FlowCaller, reply: Reply, where: { replyTo?: number; replace?: number }): Promise<void> {
  const form = reply.blocks.find((b): b is FormBlock => b.type === "form");
  if (form) return startFlow(app.flows, who, form, where);
  await show(app, who, reply, where);
}

/** A private chat's id is the person's user id; any other chat is shared with others. */
const inSharedChat = (who: FlowCaller): boolean => who.chatId !== who.userId;

/** Sends a reply that is not a form: a private one privately, anything else where it was asked. */
async function show(app: BotContext, who: FlowCaller, reply: Reply, where: { replyTo?: number; replace?: number }): Promise<void> {
  if (inSharedChat(who) && reply.visibility === "private") return showPrivately(app, who, reply, where);
  if (inSharedChat(who)) reply = await filesInPrivate(app, who, reply);
  if (where.replace !== undefined) return app.sender.replace(who.chatId, where.replace, reply);
  await app.sender.send(who.chatId, reply, where.replyTo ? { replyTo: where.replyTo } : {});
}

/** What to do so that the bot may write to someone privately: Telegram lets a bot write only to people who started it. */
function startHint(app: BotContext): string {
  const bot = app.bot.botInfo?.username;
  return `Open a private chat with ${bot ? `@${bot}` : "me"} and send /start, then ask again.`;
}

/**
 * Whether the bot may write to `userId` privately now. "typing" is the lightest call that
 * Telegram refuses exactly as it would refuse the message (never started, blocked).
 */
async function privateReach(app: BotContext, userId: number): Promise<PrivateReach> {
  try {
    await app.bot.telegram.sendChatAction(userId, "typing");
    return { ok: true };
  } catch (error) {
    if (!isUnreachableChat(error)) throw error;
    return { ok: false, hint: startHint(app) };
  }
}

/**
 * A private reply (a new API key) asked for in a group goes to the person's private chat with
 * the bot, and the group hears only that it did. When Telegram will not let the bot write there,
 * the group gets the reply's non-secret fallback and how to fix it, never the reply itself.
 */
async function showPrivately(app: BotContext, who: FlowCaller, reply: Reply, where: { replyTo?: number; replace?: number }): Promise<void> {
  // In the group: a reply to the message that asked (or to the pressed message, left as it was).
  const inGroup = { replyTo: where.replyTo ?? where.replace };
  try {
    await app.sender.send(who.userId, reply);
  } catch (error) {
    if (!isUnreachableChat(error)) throw error;
    app.log.info({ ...failureContext(error), userId: who.userId, chatId: who.chatId }, "could not send a private answer privately; the group gets its fallback");
    const blocks: Block[] = [...(reply.privateFallback ?? []), { type: "context", text: `I can only answer that privately. ${startHint(app)}` }];
    await app.sender.send(who.chatId, { blocks, visibility: "ephemeral", tone: "refused" }, inGroup);
    return;
  }
  // A pressed menu would have been replaced by the answer; it is settled either way.
  if (where.replace !== undefined) await app.sender.dropKeyboard(who.chatId, where.replace);
  const note: Reply = { blocks: [{ type: "context", text: "I sent you the answer in a private message." }], visibility: "ephemeral", tone: "ok" };
  await app.sender.send(who.chatId, note, inGroup);
}

/**
 * A private answer asked for in a group keeps its files out of the group (an export full of
 * contact details, a managers-only chart): they go to the person's private chat with the bot,
 * and the answer in the group says so. Telegram lets a bot write there only after the person
 * has started it; until then the files go where the answer goes (the group, as before), with
 * a hint how to get them privately next time. Returns the reply still to show in the group.
 */
async function filesInPrivate(app: BotContext, who: FlowCaller, reply: Reply): Promise<Reply> {
  const attachments = reply.attachments ?? [];
  if (reply.visibility !== "ephemeral" || attachments.length === 0) return reply;
  const files = attachments.length === 1 ? "file" : "files";
  try {
    // A private chat's id is the person's user id.
    for (const attachment of attachments) await sendAttachment(app.bot.telegram, who.userId, attachment);
  } catch (error) {
    if (!isUnreachableChat(error)) throw error;
    app.log.info({ ...failureContext(error), userId: who.userId, chatId: who.chatId }, "could not send a private answer's files in private; sending them in the group");
    const bot = app.bot.botInfo?.username;
    const hint = `To get ${files} like this privately, open a chat with ${bot ? `@${bot}` : "me"} and send /start.`;
    return { ...reply, blocks: [...reply.blocks, { type: "context", text: hint }] };
  }
  const { attachments: _sent, ...rest } = reply;
  return { ...rest, blocks: [...rest.blocks, { type: "context", text: `I sent the ${files} to you in a private message.` }] };
}

/**
 * A button press. It runs as the person who pressed (not whoever the message was for), so
 * the services apply the presser's rights. The query is always answered: a refusal or a
 * mistake in the pop-up (the message stays as it was, for whoever may press next), a result
 * in the chat.
 */
async function onPress(app: BotContext, ctx: Context<Update.CallbackQueryUpdate>): Promise<void> {
  const { bot, deps, log, sender } = app;
  const query = ctx.callbackQuery;
  let answered = false;
  const answer = async (text?: string, alert = false) => {
    if (answered) return;
    answered = true;
    try {
      await bot.telegram.answerCbQuery(query.id, text ? clip(text, POPUP_LIMIT) : undefined, alert ? { show_alert: true } : {});
    } catch (error) {
      // An answer after ~15 s is refused as "query is too old"; the work itself is done.
      if (classifyFailure(error) !== "refused") throw error;
      log.debug(failureContext(error), "button answer refused");
    }
  };
  try {
    const press = "data" in query && query.data ? parseCallbackData(query.data) : null;
    const pressed = query.message;
    if (!press || !pressed) return await answer("This button no longer works. Please run the command again.", true);
    const chat = pressed.chat;
    if (press.kind === "team") {
      const { notice, toast } = await chooseTeam(deps, chat, query.from, press.teamId);
      await answer(toast);
      if (!(await sender.editHtml(chat.id, pressed.message_id, notice))) await sender.sendHtml(chat.id, notice);
      return;
    }
    const who = await speaker(deps, chat, query.from, app.timezone);
    if (!who.ok) {
      await answer(who.notice.plain, true);
      if (who.joinRequest) await sender.send(chat.id, who.joinRequest);
      return;
    }
    const presser = caller(chat, query.from, who.actor);
    if (press.kind === "flow") {
      const result = await pressFlowButton(app.flows, presser, press, pressed.message_id);
      return await answer(result.text, result.alert);
    }
    const command = await commandOf(deps.db, press);
    if (!command) return await answer("This button has expired. Please run the command again.", true);
    const reply = await handleLine(command, commandContext(app, chat, query.from, who.actor), log);
    const text = renderText(reply).text;
    const interactive = reply.blocks.some((b) => b.type === "actions" || b.type === "form");
    if (reply.tone !== "ok" && !interactive && text.length <= POPUP_LIMIT) return await answer(text, true);
    await answer();
    const replace = press.replace && reply.tone === "ok";
    await present(app, chat, presser, reply, replace ? { replace: pressed.message_id } : { replyTo: pressed.message_id });
    if (reply.followUp) await runFollowUp(app, chat, reply.followUp);
  } finally {
    // Reached with `answered` false only when something threw: the spinner must still stop.
    if (!answered) await answer(SORRY, true).catch(() => {});
  }
}

// ---- membership follows the chat ---------------------------------------------------------------

type MemberState = ChatMemberUpdated["new_chat_member"];
/** Whether a chat member's state means they are in the chat (a restricted member may be in or out). */
const isIn = (state: MemberState): boolean =>
  state.status === "creator" || state.status === "administrator" || state.status === "member" || (state.status === "restricted" && state.is_member);

/** Someone's membership of a chat changed (`chat_member`), or the bot's own (`my_chat_member`). */
async function membershipChanged(app: BotContext, change: ChatMemberUpdated): Promise<void> {
  const was = isIn(change.old_chat_member);
  const now = isIn(change.new_chat_member);
  if (was === now) return;
  const person = change.new_chat_member.user;
  if (now) await joined(app, change.chat, person);
  else await left(app, change.chat, person, change.from);
}

/**
 * Someone left the team's group or was removed from it: off the team at once (their forms
 * end, the services refuse them everywhere). The bot itself removed: the team is inactive, and
 * its admins are told privately. Telegram may report one departure twice (a service message
 * and a `chat_member` update); the second finds the work done.
 */
async function left(app: BotContext, chat: TgChat, person: TgUser & { is_bot?: boolean }, by: TgUser | undefined): Promise<void> {
  if (!isGroup(chat)) return;
  const place = { platform: "telegram" as const, chatId: String(chat.id) };
  if (person.id === app.bot.botInfo?.id) {
    const paused = await botRemovedFromChat(app.deps, place);
    if (paused) await tellAdmins(app, paused);
    return;
  }
  if (person.is_bot) return;
  const how = by && by.id !== person.id ? `was removed from the group by ${displayName(by)}` : "left the group";
  const gone = await personLeftChat(app.deps, place, String(person.id), how);
  if (gone) app.log.info({ teamId: gone.teamId, memberId: gone.member.id, promoted: gone.promoted?.id }, "a member left the team's group; they are off the team");
}

/** Someone joined the team's group: back on the team as a rep if they had left. The bot added back: the team is active again. */
async function joined(app: BotContext, chat: TgChat, person: TgUser & { is_bot?: boolean }): Promise<void> {
  if (!isGroup(chat)) return;
  const place = { platform: "telegram" as const, chatId: String(chat.id) };
  if (person.id === app.bot.botInfo?.id) {
    const back = await botBackInChat(app.deps, place);
    if (back) app.log.info({ teamId: back.teamId, chatId: chat.id }, "the bot is back in the team's group; the team is active again");
    return;
  }
  if (person.is_bot) return;
  const back = await personBackInChat(app.deps, place, String(person.id));
  if (back) app.log.info({ teamId: back.teamId, memberId: back.member.id }, "a former member is back in the team's group, as a rep");
}

/** Tells the team's admins, each in their private chat with the bot, that the bot was removed from the group. */
async function tellAdmins(app: BotContext, paused: TeamPaused): Promise<void> {
  let told = 0;
  for (const admin of paused.admins) {
    try {
      // A person's id is their private chat with the bot.
      await app.sender.send(admin.externalId, removedFromGroupReply(paused.teamName));
      told += 1;
    } catch (error) {
      // Telegram lets a bot write only to people who started it (and have not blocked it);
      // anything else is logged, and the next admin is still told.
      if (isUnreachableChat(error)) app.log.info({ teamId: paused.teamId, userId: admin.externalId }, "an admin never started the bot; not told privately");
      else app.log.warn({ ...failureContext(error), teamId: paused.teamId, userId: admin.externalId }, "could not tell an admin that the bot was removed from the group");
    }
  }
  app.log.warn({ teamId: paused.teamId, admins: paused.admins.length, told }, "the bot was removed from the team's group; the team is inactive");
}

/**
 * A group became a supergroup, with a new chat id: the team, its alert and digest destination,
 * forms in progress and queued messages all move with it (Telegram announces this in both
 * chats; the second announcement finds the work done).
 */
async function carryOver(app: BotContext, fromChatId: number, toChatId: number): Promise<void> {
  const moved = await moveChat(app.deps, "telegram", String(fromChatId), String(toChatId));
  if (moved.binding === "taken") {
    app.log.warn({ teamId: moved.teamId, fromChatId, toChatId }, "group became a supergroup that already has a team of its own; left the bindings as they are");
  }
  if (moved.binding === "moved" || moved.destinations.length + moved.flows + moved.outbox > 0) {
    app.log.info({ ...moved, fromChatId, toChatId }, "group became a supergroup; its team, destination, forms and queued messages were carried over");
  }
}

/** The command menu in Telegram's UI. A failure is only cosmetic: commands work without it. */
async function registerCommands(app: BotContext): Promise<void> {
  const commands = [
    ...COMMANDS.map((c) => ({ command: c.name, description: clip(c.summary, 256) })),
    { command: "cancel", description: "Stop the step-by-step form you are filling in." },
  ];
  try {
    await app.bot.telegram.setMyCommands(commands);
  } catch (error) {
    app.log.warn(failureContext(error), "could not register the command menu (setMyCommands)");
  }
}

/** Drops abandoned forms and expired button commands. */
async function housekeeping(app: BotContext): Promise<void> {
  const now = app.deps.clock().getTime();
  try {
    await purgeStaleChatState(app.deps, {
      platform: "telegram",
      formsBefore: new Date(now - FLOW_TTL_DAYS * DAY_MS),
      buttonsBefore: new Date(now - CALLBACK_TTL_DAYS * DAY_MS),
    });
  } catch (error) {
    app.log.warn({ err: error }, "Telegram housekeeping failed; will try again tomorrow");
  }
}

// ---- webhook --------------------------------------------------------------------------------

const MAX_UPDATE_BYTES = 1_000_000;
const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * The webhook endpoint. Every request must carry the secret token set with setWebhook in
 * `X-Telegram-Bot-Api-Secret-Token`; anything else gets 401 and is not read, so nobody who
 * guesses the URL can inject updates. Compared as digests, in constant time.
 */
function webhookHandler(bot: Telegraf, webhook: TelegramWebhookConfig, log: Logger): RequestListener {
  const expected = digest(webhook.secret);
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== webhook.path) return void res.writeHead(404).end();
    if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
    const header = req.headers["x-telegram-bot-api-secret-token"];
    if (typeof header !== "string" || !timingSafeEqual(digest(header), expected)) {
      log.warn({ remote: req.socket.remoteAddress, header: header === undefined ? "missing" : "wrong" }, "rejected a webhook request without the right secret token");
      req.resume();
      return void res.writeHead(401).end();
    }
    readUpdate(req).then(
      (read) => {
        if (!read.ok) {
          log.warn({ status: read.status, reason: read.message }, "rejected a webhook request with an unreadable body");
          // Over the limit, the rest of the upload is drained, not read: close the connection after
          // answering so the client cannot reuse a socket with a body still in flight.
          return void res.writeHead(read.status, read.status === 413 ? { connection: "close" } : {}).end();
        }
        // telegraf ends the response once the update is handled; Telegram then sends the next.
        return bot.handleUpdate(read.update, res);
      },
    ).catch((error: unknown) => {
      log.error({ err: error }, "webhook update failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}

/** A webhook body as an update, or why not (400, or 413 past MAX_UPDATE_BYTES, which is drained unread). */
async function readUpdate(req: IncomingMessage): Promise<{ ok: true; update: Update } | { ok: false; status: 400 | 413; message: string }> {
  const raw = await readRawBody(req, MAX_UPDATE_BYTES);
  if (!raw.ok) return { ok: false, status: raw.status, message: raw.message };
  let update: unknown;
  try {
    update = JSON.parse(raw.value.toString("utf8"));
  } catch {
    return { ok: false, status: 400, message: "not JSON" };
  }
  if (!update || typeof update !== "object" || typeof (update as { update_id?: unknown }).update_id !== "number") {
    return { ok: false, status: 400, message: "not a Telegram update" };
  }
  return { ok: true, update: update as Update };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
