/**
 * A Telegram chat and user as the conversation sees them (src/chat/inbound.ts): a group (or
 * supergroup) is a team, whose alerts and digest go to the group from the start; a private
 * chat acts for one of the person's teams; any other chat (a channel) is none of ours.
 */
import type { Person, Place } from "../../chat/inbound.js";
import type { Actor } from "../../services/actor.js";

export interface TgUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  /** The language of their Telegram app ("uk", "pt-br"): the first guess of theirs. */
  language_code?: string;
}
export interface TgChat {
  id: number;
  type: string;
  title?: string;
}

export const isGroup = (chat: TgChat): boolean => chat.type === "group" || chat.type === "supergroup";

export const displayName = (user: TgUser): string =>
  [user.first_name, user.last_name].filter(Boolean).join(" ").trim() || (user.username ? `@${user.username}` : String(user.id));

/** Where they spoke; null for a chat the bot does not serve. */
export function placeOf(chat: TgChat): Place | null {
  const chatId = String(chat.id);
  if (isGroup(chat)) return { platform: "telegram", team: { externalId: chatId, name: chat.title ?? "Telegram group", alertsHere: true }, chatId, shared: true };
  if (chat.type === "private") return { platform: "telegram", team: null, chatId, shared: false };
  return null;
}

export const personOf = (user: TgUser): Person => ({
  platform: "telegram",
  externalId: String(user.id),
  displayName: displayName(user),
  username: user.username ?? null,
  language: user.language_code ?? null,
});

/** Someone known to be on the chat's team, in the chat where they asked: whom answers go to. */
export interface Caller {
  chatId: number;
  userId: number;
  userName: string;
  actor: Actor;
}

export const callerOf = (chat: TgChat, user: TgUser, actor: Actor): Caller => ({ chatId: chat.id, userId: user.id, userName: displayName(user), actor });

/** A private chat's id is the person's user id; any other chat is shared with others. */
export const inSharedChat = (who: Caller): boolean => who.chatId !== who.userId;
