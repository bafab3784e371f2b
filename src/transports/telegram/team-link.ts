/**
 * Who is speaking, for which team.
 *
 * - A group (or supergroup) is a team: the first command there creates the team with the
 *   default rules (ensureTeam) and whoever sent it becomes its admin; later people join as reps.
 * - A private chat acts for one team the person already belongs to (they join teams through
 *   the teams' groups). The choice is stored as the private chat's ChatBinding, so it survives
 *   restarts: with one team it is made automatically; with several, /start offers a button per
 *   team and the last one picked stays until they pick another. Nobody joins a team from a
 *   private chat, so a stranger who finds the bot gets nothing.
 */
import type { InlineKeyboardButton } from "telegraf/types";
import { escapeHtml } from "./html.render.js";
import { teamData } from "./callback-data.js";
import type { Keyboard } from "./telegram.sender.js";
import type { Actor } from "../../services/actor.js";
import type { ServiceDeps } from "../../services/deps.js";
import { actorFor, ensureTeam } from "../../services/team.service.js";
import { linkChatToTeam, membershipsOf } from "../../store/chat-flow.repository.js";
import { findMember } from "../../store/member.repository.js";
import { findTeamIdByBinding, loadTeamContext } from "../../store/team.repository.js";

export interface TgUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
}
export interface TgChat {
  id: number;
  type: string;
  title?: string;
}

/** Something to tell the person instead of running their command; `plain` fits a button's pop-up. */
export interface Notice {
  html: string;
  plain: string;
  keyboard?: Keyboard;
}

export type Speaker = { ok: true; actor: Actor } | { ok: false; notice: Notice };

export const isGroup = (chat: TgChat): boolean => chat.type === "group" || chat.type === "supergroup";

export const displayName = (user: TgUser): string =>
  [user.first_name, user.last_name].filter(Boolean).join(" ").trim() || (user.username ? `@${user.username}` : String(user.id));

const roleName = (role: Actor["role"]) => (role === "admin" ? "an admin" : role === "manager" ? "a manager" : "a rep");

/**
 * Two first updates from a new group can race to create its team or member; the loser's
 * unique-constraint error means the row now exists, so one more try finds it.
 */
async function onceMoreOnConflict<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as { code?: unknown }).code !== "P2002") throw error;
    return run();
  }
}

/** The actor for `user` in `chat`, or what to tell them when the chat has no team for them. */
export async function speaker(deps: ServiceDeps, chat: TgChat, user: TgUser, timezone: string): Promise<Speaker> {
  if (isGroup(chat)) {
    const actor = await onceMoreOnConflict(async () => {
      const teamId = await ensureTeam(deps, { platform: "telegram", externalId: String(chat.id), name: chat.title ?? "Telegram group", timezone });
      return actorFor(deps, teamId, { platform: "telegram", externalId: String(user.id), displayName: displayName(user) });
    });
    return { ok: true, actor };
  }
  if (chat.type !== "private") return { ok: false, notice: text("I only work in groups and private chats.") };
  let teamId = await findTeamIdByBinding(deps.db, "telegram", String(chat.id));
  if (teamId === null) {
    const teams = await membershipsOf(deps.db, "telegram", String(user.id));
    if (teams.length !== 1) return { ok: false, notice: teams.length === 0 ? notOnATeam() : await chooseTeamNotice(deps, user, null) };
    teamId = teams[0]!.teamId;
    await linkChatToTeam(deps.db, "telegram", String(chat.id), teamId);
  }
  const member = await findMember(deps.db, teamId, "telegram", String(user.id));
  if (!member) return { ok: false, notice: await chooseTeamNotice(deps, user, null) };
  return { ok: true, actor: { teamId, memberId: member.id, role: member.role, name: member.displayName } };
}

/** `/start`: binds a group to its team, or links a private chat to one of the person's teams. */
export async function start(deps: ServiceDeps, chat: TgChat, user: TgUser, timezone: string, botUsername: string): Promise<Notice> {
  if (isGroup(chat)) {
    const existed = (await findTeamIdByBinding(deps.db, "telegram", String(chat.id))) !== null;
    const who = await speaker(deps, chat, user, timezone);
    if (!who.ok) return who.notice;
    const team = await loadTeamContext(deps.db, who.actor.teamId);
    const intro = existed
      ? `This group is the team “${team.name}”. ${who.actor.name}, you are ${roleName(who.actor.role)} here.`
      : `This group is now the team “${team.name}”, with the default scoring rules. ${who.actor.name}, you set it up, so you are its admin.`;
    return text(`${intro}\n/help lists the commands; /lead add puts in a lead. For look-ups in private, open a chat with @${botUsername} and send /start.`);
  }
  if (chat.type !== "private") return text("I only work in groups and private chats.");
  const teams = await membershipsOf(deps.db, "telegram", String(user.id));
  if (teams.length === 0) return notOnATeam();
  if (teams.length === 1) {
    const [team] = teams;
    await linkChatToTeam(deps.db, "telegram", String(chat.id), team!.teamId);
    return text(`Hi ${team!.displayName}! This chat acts for your team “${team!.teamName}”, where you are ${roleName(team!.role)}. Try /lead list hot or /help.`);
  }
  return chooseTeamNotice(deps, user, await findTeamIdByBinding(deps.db, "telegram", String(chat.id)));
}

/** A press on a team button in a private chat: switch the chat to that team, if they are on it. */
export async function chooseTeam(deps: ServiceDeps, chat: TgChat, user: TgUser, teamId: number): Promise<{ notice: Notice; toast: string }> {
  const team = (await membershipsOf(deps.db, "telegram", String(user.id))).find((t) => t.teamId === teamId);
  if (chat.type !== "private" || !team) return { notice: notOnATeam(), toast: "You are not on that team." };
  await linkChatToTeam(deps.db, "telegram", String(chat.id), teamId);
  return {
    notice: text(`This chat now acts for “${team.teamName}”, where you are ${roleName(team.role)}. /start switches teams.`),
    toast: `Switched to ${team.teamName}`,
  };
}

async function chooseTeamNotice(deps: ServiceDeps, user: TgUser, current: number | null): Promise<Notice> {
  const teams = await membershipsOf(deps.db, "telegram", String(user.id));
  if (teams.length === 0) return notOnATeam();
  const now = teams.find((t) => t.teamId === current);
  const keyboard: Keyboard = teams.map((t): InlineKeyboardButton[] => [
    { text: `${t.teamId === current ? "✓ " : ""}${t.teamName}`, callback_data: teamData(t.teamId) },
  ]);
  const plain = now
    ? `This chat acts for “${now.teamName}”. You are on ${teams.length} teams; pick the one this chat should act for.`
    : `You are on ${teams.length} teams. Send /start here and pick the one this chat should act for.`;
  return { html: escapeHtml(now ? plain : `You are on ${teams.length} teams. Which one should this chat act for?`), plain, keyboard };
}

function notOnATeam(): Notice {
  return text(
    "I don't know your team yet. Add me to your team's Telegram group and send /start there; then come back here and send /start.",
  );
}

function text(plain: string): Notice {
  return { html: escapeHtml(plain), plain };
}
