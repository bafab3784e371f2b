/**
 * A Telegram chat and user as the conversation sees them (src/chat/inbound.ts): a group (or
 * supergroup) is a team, whose alerts and digest go to the group from the start; a private
 * chat acts for one of the person's teams; any other chat (a channel) is none of ours.
 */
import type { Person, Place } from "../../chat/inbound.js";
import { DEFAULT_LANGUAGE, languageOfTag, translator } from "../../i18n/index.js";
import type { Actor } from "../../services/actor.js";
import { untitledGroupName } from "../../views/platform.view.js";

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

/**
 * Where they spoke; null for a chat the bot does not serve. A group without a title names its
 * team in the language of `user`, who founds the team if it is new.
 */
export function placeOf(chat: TgChat, user: Pick<TgUser, "language_code">): Place | null {
  const chatId = String(chat.id);
  if (isGroup(chat)) {
    const name = chat.title ?? untitledGroupName(translator(languageOfTag(user.language_code) ?? DEFAULT_LANGUAGE));
    return { platform: "telegram", team: { externalId: chatId, name, alertsHere: true }, chatId, shared: true };
  }
  if (chat.type === "private") return { platform: "telegram", team: null, chatId, shared: false };
  return null;
}

/** A piece of a message Telegram marks up; a text mention carries the person it names. */
export interface TgEntity {
  type: string;
  offset: number;
  length: number;
  user?: { id: number };
}

/**
 * A command's text with each text mention (someone picked from the mention list who has no
 * @username: Telegram sends their name with their id attached) written as `<@id>`, which
 * names exactly them, as a Slack mention does; their name alone might fit several people.
 * Offsets count UTF-16 units, as JavaScript strings do.
 */
export function withMentions(text: string, entities: readonly TgEntity[] = []): string {
  const mentions = entities.filter((e) => e.type === "text_mention" && e.user).sort((a, b) => b.offset - a.offset);
  let line = text;
  for (const m of mentions) line = `${line.slice(0, m.offset)}<@${m.user!.id}>${line.slice(m.offset + m.length)}`;
  return line;
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
