/**
 * Membership follows the team's group: someone who leaves it (or is removed) is off the team at
 * once, someone who comes back is back as a rep, and the bot removed from it pauses the team.
 * A group upgraded to a supergroup takes its team along.
 */
import type { ChatMemberUpdated } from "telegraf/types";
import { botBackInChat, botRemovedFromChat, personBackInChat, personLeftChat, type TeamPaused } from "../../services/chat-membership.service.js";
import { moveChat } from "../../services/chat-move.service.js";
import type { LeftHow } from "../../services/team-admin.service.js";
import { removedFromGroupReply } from "../../views/team.view.js";
import { translator } from "../../i18n/index.js";
import type { BotContext } from "./telegram.context.js";
import { displayName, isGroup, type TgChat, type TgUser } from "./telegram.inbound.js";
import { failureContext, isUnreachableChat } from "./telegram-api.js";

type MemberState = ChatMemberUpdated["new_chat_member"];
/** Whether a chat member's state means they are in the chat (a restricted member may be in or out). */
const isIn = (state: MemberState): boolean =>
  state.status === "creator" || state.status === "administrator" || state.status === "member" || (state.status === "restricted" && state.is_member);

/** Someone's membership of a chat changed (`chat_member`), or the bot's own (`my_chat_member`). */
export async function membershipChanged(app: BotContext, change: ChatMemberUpdated): Promise<void> {
  const was = isIn(change.old_chat_member);
  const now = isIn(change.new_chat_member);
  if (was === now) return;
  const person = change.new_chat_member.user;
  if (now) await joined(app, change.chat, person);
  else await left(app, change.chat, person, change.from);
}

/**
 * Someone left the team's group or was removed from it: off the team at once (their forms
 * end, the services refuse them everywhere), and their open leads are offered to the admins,
 * each privately through the outbox. The bot itself removed: the team is inactive, and
 * its admins are told privately. Telegram may report one departure twice (a service message
 * and a `chat_member` update); the second finds the work done.
 */
export async function left(app: BotContext, chat: TgChat, person: TgUser & { is_bot?: boolean }, by: TgUser | undefined): Promise<void> {
  if (!isGroup(chat)) return;
  const place = { platform: "telegram" as const, chatId: String(chat.id) };
  if (person.id === app.bot.botInfo?.id) {
    const paused = await botRemovedFromChat(app.deps, place);
    if (paused) await tellAdmins(app, paused);
    return;
  }
  if (person.is_bot) return;
  const how: LeftHow = by && by.id !== person.id ? { kind: "removed", by: displayName(by) } : { kind: "left" };
  const gone = await personLeftChat(app.deps, place, String(person.id), how);
  if (gone) app.log.info({ teamId: gone.teamId, memberId: gone.member.id, promoted: gone.promoted?.id, leadsOfferedTo: gone.offeredTo }, "a member left the team's group; they are off the team");
}

/** Someone joined the team's group: back on the team as a rep if they had left. The bot added back: the team is active again. */
export async function joined(app: BotContext, chat: TgChat, person: TgUser & { is_bot?: boolean }): Promise<void> {
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
      // Their platform's language is not known here: their own choice, else the team's.
      await app.sender.send(admin.externalId, removedFromGroupReply(paused.teamName, translator(admin.language)));
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
export async function carryOver(app: BotContext, fromChatId: number, toChatId: number): Promise<void> {
  const moved = await moveChat(app.deps, "telegram", String(fromChatId), String(toChatId));
  if (moved.binding === "taken") {
    app.log.warn({ teamId: moved.teamId, fromChatId, toChatId }, "group became a supergroup that already has a team of its own; left the bindings as they are");
  }
  if (moved.binding === "moved" || moved.destinations.length + moved.flows + moved.outbox > 0) {
    app.log.info({ ...moved, fromChatId, toChatId }, "group became a supergroup; its team, destination, forms and queued messages were carried over");
  }
}
