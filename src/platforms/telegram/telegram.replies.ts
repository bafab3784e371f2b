/**
 * How the bot answers in Telegram: who is speaking (through the shared conversation), refusals,
 * replies (a form starts the step-by-step flow; a private answer asked for in a group goes to
 * the person's private chat), and a newcomer's held command once an admin approved them.
 */
import { answerLanguages, type Standing } from "../../chat/conversation.js";
import type { FormFiller, FormScreen } from "../../chat/form-flow.js";
import type { Input, Place } from "../../chat/inbound.js";
import { replyT, type AnswerLanguages, type PrivateReach } from "../../chat/command-context.js";
import type { Block, FollowUp, Reply } from "../../chat/reply.js";
import { listTeamMembers } from "../../services/team-admin.service.js";
import { unsupportedChatNotice } from "../../views/private-chat.view.js";
import { DEFAULT_LANGUAGE, languageOfTag, translator, type Translator } from "../../i18n/index.js";
import { filesHintText, filesSentText, onlyPrivatelyText, sentPrivatelyText, startHintText } from "../../views/platform.view.js";
import type { BotContext } from "./telegram.context.js";
import { callerOf, inSharedChat, personOf, placeOf, type Caller, type TgChat, type TgUser } from "./telegram.inbound.js";
import { failureContext, isUnreachableChat } from "./telegram-api.js";
import { sendAttachment } from "./telegram.files.js";
import { formMessage, noticeMessage } from "./telegram.sender.js";

type FormBlock = Extract<Block, { type: "form" }>;
export type Refusal = Extract<Standing, { ok: false }>;
/** Where an answer goes: in place of the pressed message, or as a reply to the asking one. */
export interface Where {
  replyTo?: number;
  replace?: number;
}

/** Someone who may act, and where: the place to run their input at. */
export type Identified = Extract<Standing, { ok: true }> & { place: Place };

/**
 * Who is speaking in `chat`, and whether they may act. `hold`: a typed command to keep for a
 * newcomer who must wait for an admin's approval.
 */
export async function standingOf(app: BotContext, chat: TgChat, user: TgUser, hold?: string): Promise<Identified | Refusal> {
  const place = placeOf(chat, user);
  if (!place) return { ok: false, notice: unsupportedChatNotice(translator(languageOfTag(user.language_code) ?? DEFAULT_LANGUAGE)) };
  const standing = await app.conversation.identify(place, personOf(user), hold === undefined ? {} : { hold });
  return standing.ok ? { ...standing, place } : standing;
}

/**
 * Tells someone why nothing ran (not on a team, removed, waiting for approval). A newcomer's
 * first try also puts their request to join in front of the group's admins.
 */
export async function refuse(app: BotContext, chat: TgChat, refusal: Pick<Refusal, "notice" | "joinRequest">, replyTo: number): Promise<void> {
  await app.sender.sendHtml(chat.id, noticeMessage(refusal.notice), { replyTo });
  if (refusal.joinRequest) await app.sender.send(chat.id, refusal.joinRequest);
}

/** A command line (or a button's command, or a file's) run as `who`, its answer shown where they asked. */
export async function runAs(app: BotContext, who: Caller, place: Place, input: Input, where: Where = {}): Promise<void> {
  const reply = await app.conversation.run(who.actor, place, input, reachOf(app, who.userId, place));
  await answer(app, who, reply, where);
}

/** Shows a command's answer, then runs the command it releases (an approved newcomer's), if any. */
export async function answer(app: BotContext, who: Caller, reply: Reply, where: Where): Promise<void> {
  await present(app, who, reply, where);
  if (reply.followUp) await runFollowUp(app, who.chatId, reply.followUp);
}

/** What a command may ask about reaching the person privately: in a group, only people who started the bot can be written to. */
export function reachOf(app: BotContext, userId: number, place: Place): { privateReach?: (t: Translator) => Promise<PrivateReach> } {
  return place.shared ? { privateReach: (t) => privateReach(app, userId, t) } : {};
}

/**
 * A command held for someone else, to run now as them (a newcomer's first command, once an
 * admin approved them): in the chat where they typed it, its answer shown there.
 */
async function runFollowUp(app: BotContext, hereId: number, followUp: FollowUp): Promise<void> {
  const members = await listTeamMembers(app.deps, followUp.actor);
  const member = members.ok ? members.value.members.find((m) => m.id === followUp.actor.memberId && m.status === "active" && m.platform === "telegram") : undefined;
  if (!member) return void app.log.warn({ memberId: followUp.actor.memberId }, "a held command's author is not an active Telegram member; not running it");
  const chatId = followUp.channelId === null ? hereId : Number(followUp.channelId);
  // Telegram groups have negative ids, people positive ones (their private chat with the bot).
  const chat: TgChat = { id: chatId, type: chatId < 0 ? "supergroup" : "private" };
  const user: TgUser = { id: Number(member.externalId), first_name: member.displayName, ...(member.username ? { username: member.username } : {}) };
  // A supergroup or a private chat is always a place of ours.
  await runAs(app, callerOf(chat, user, followUp.actor), placeOf(chat, user)!, { kind: "command", line: followUp.line });
}

/** The languages of what `who` is told where they are: a group reads everything in the team's, a private chat in theirs. */
export const languagesOf = (who: Caller): AnswerLanguages => answerLanguages(who.actor, { shared: inSharedChat(who) });

/** The words of what the bot says to `who` in their chat (everyone there may read it). */
export const chatT = (who: Caller): Translator => replyT({ languages: languagesOf(who) });

/** The person filling in a form, as the form engine knows them: typed answers are read in their language. */
export const fillerOf = (who: Caller): FormFiller => ({
  platform: "telegram",
  chatId: String(who.chatId),
  personId: String(who.userId),
  name: who.userName,
  actor: who.actor,
  languages: languagesOf(who),
});

/** How a form is shown to `who` in their chat: questions as HTML with buttons, answers as any answer. */
export function formScreen(app: BotContext, who: Caller): FormScreen {
  const { sender } = app;
  const id = (ref: number | string) => Number(ref);
  return {
    edit: (ref, message) => sender.editHtml(who.chatId, id(ref), formMessage(message)),
    post: (message, replyTo) => sender.sendHtml(who.chatId, formMessage(message), replyTo === undefined ? {} : { replyTo: id(replyTo) }),
    settle: (ref) => sender.dropKeyboard(who.chatId, id(ref)),
    async askNote(prompt, replyTo) {
      const { html } = formMessage({ lines: prompt.lines });
      await sender.sendHtml(who.chatId, { html, forceReply: { placeholder: prompt.placeholder } }, { replyTo: id(replyTo) });
    },
    show: (reply, where) =>
      show(app, who, reply, {
        ...(where.replace !== undefined ? { replace: id(where.replace) } : {}),
        ...(where.replyTo !== undefined ? { replyTo: id(where.replyTo) } : {}),
      }),
  };
}

/**
 * Shows a reply: a form starts the step-by-step flow; anything else is sent (as a reply to
 * `replyTo`) or shown in place of the pressed message (`replace`).
 */
async function present(app: BotContext, who: Caller, reply: Reply, where: Where): Promise<void> {
  const form = reply.blocks.find((b): b is FormBlock => b.type === "form");
  if (form) return app.forms.start(fillerOf(who), formScreen(app, who), form, where);
  await show(app, who, reply, where);
}

/** Sends a reply that is not a form: a private one privately, anything else where it was asked. */
async function show(app: BotContext, who: Caller, reply: Reply, where: Where): Promise<void> {
  if (inSharedChat(who) && reply.visibility === "private") return showPrivately(app, who, reply, where);
  if (inSharedChat(who)) reply = await filesInPrivate(app, who, reply);
  if (where.replace !== undefined) return app.sender.replace(who.chatId, where.replace, reply);
  await app.sender.send(who.chatId, reply, where.replyTo ? { replyTo: where.replyTo } : {});
}

/** What to do so that the bot may write to someone privately: Telegram lets a bot write only to people who started it. */
const startHint = (app: BotContext, t: Translator): string => startHintText(app.bot.botInfo?.username, t);

/**
 * Whether the bot may write to `userId` privately now. "typing" is the lightest call that
 * Telegram refuses exactly as it would refuse the message (never started, blocked).
 */
async function privateReach(app: BotContext, userId: number, t: Translator): Promise<PrivateReach> {
  try {
    await app.bot.telegram.sendChatAction(userId, "typing");
    return { ok: true };
  } catch (error) {
    if (!isUnreachableChat(error)) throw error;
    return { ok: false, hint: startHint(app, t) };
  }
}

/**
 * A private reply (a new API key) asked for in a group goes to the person's private chat with
 * the bot, and the group hears only that it did. When Telegram will not let the bot write there,
 * the group gets the reply's non-secret fallback and how to fix it, never the reply itself.
 */
async function showPrivately(app: BotContext, who: Caller, reply: Reply, where: Where): Promise<void> {
  // In the group: a reply to the message that asked (or to the pressed message, left as it was).
  const inGroup = { replyTo: where.replyTo ?? where.replace };
  try {
    await app.sender.send(who.userId, reply);
  } catch (error) {
    if (!isUnreachableChat(error)) throw error;
    app.log.info({ ...failureContext(error), userId: who.userId, chatId: who.chatId }, "could not send a private answer privately; the group gets its fallback");
    const t = chatT(who);
    const blocks: Block[] = [...(reply.privateFallback ?? []), { type: "context", text: onlyPrivatelyText(startHint(app, t), t) }];
    await app.sender.send(who.chatId, { blocks, visibility: "ephemeral", tone: "refused" }, inGroup);
    return;
  }
  // A pressed menu would have been replaced by the answer; it is settled either way.
  if (where.replace !== undefined) await app.sender.dropKeyboard(who.chatId, where.replace);
  const note: Reply = { blocks: [{ type: "context", text: sentPrivatelyText(chatT(who)) }], visibility: "ephemeral", tone: "ok" };
  await app.sender.send(who.chatId, note, inGroup);
}

/**
 * A private answer asked for in a group keeps its files out of the group (an export full of
 * contact details, a managers-only chart): they go to the person's private chat with the bot,
 * and the answer in the group says so. Telegram lets a bot write there only after the person
 * has started it; until then the files go where the answer goes (the group, as before), with
 * a hint how to get them privately next time. Returns the reply still to show in the group.
 */
async function filesInPrivate(app: BotContext, who: Caller, reply: Reply): Promise<Reply> {
  const attachments = reply.attachments ?? [];
  if (reply.visibility !== "ephemeral" || attachments.length === 0) return reply;
  try {
    // A private chat's id is the person's user id.
    for (const attachment of attachments) await sendAttachment(app.bot.telegram, who.userId, attachment);
  } catch (error) {
    if (!isUnreachableChat(error)) throw error;
    app.log.info({ ...failureContext(error), userId: who.userId, chatId: who.chatId }, "could not send a private answer's files in private; sending them in the group");
    const hint = filesHintText(attachments.length, app.bot.botInfo?.username, chatT(who));
    return { ...reply, blocks: [...reply.blocks, { type: "context", text: hint }] };
  }
  const { attachments: _sent, ...rest } = reply;
  return { ...rest, blocks: [...rest.blocks, { type: "context", text: filesSentText(attachments.length, chatT(who)) }] };
}
