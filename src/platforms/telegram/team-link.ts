/**
 * Who is speaking, for which team.
 *
 * - A group (or supergroup) is a team: the first command there creates the team with the
 *   default rules (ensureTeam), its alerts and digest going to the group, and whoever sent it
 *   becomes its admin; later people join as the team allows (admit): as reps, or waiting for
 *   an admin's approval.
 * - A private chat acts for one team the person is on (they join teams through the teams'
 *   groups). The choice is stored as the private chat's ChatBinding, so it survives restarts:
 *   with one team it is made automatically; with several, /start offers a button per team and
 *   the last one picked stays until they pick another. Nobody joins a team from a private chat,
 *   so a stranger who finds the bot gets nothing, and only teams they are still on count.
 * - Someone the team removed hears so wherever they try, and nothing runs.
 */
import type { InlineKeyboardButton } from "telegraf/types";
import type { Reply } from "../../chat/reply.js";
import { renderText } from "../../chat/text.render.js";
import type { Actor } from "../../services/actor.js";
import type { ServiceDeps } from "../../services/deps.js";
import { admit, type Admission, type Person } from "../../services/identity.service.js";
import { ensureTeam } from "../../services/team.service.js";
import { linkChatToTeam, membershipsOf } from "../../store/chat-flow.repository.js";
import { findMember } from "../../store/member.repository.js";
import { findTeamIdByBinding, loadTeamContext } from "../../store/team.repository.js";
import { joinRequestReply, removedReply, waitingReply } from "../../views/team.view.js";
import { teamData } from "./callback-data.js";
import { escapeHtml, renderHtml } from "./html.render.js";
import type { Keyboard } from "./telegram.sender.js";

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

/**
 * Who is speaking: a member, or what to tell them instead. `joinRequest`: they just asked to
 * join a team in approval mode, and this goes to the group for its admins to decide.
 */
export type Speaker = { ok: true; actor: Actor } | { ok: false; notice: Notice; joinRequest?: Reply };

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

/** The person as the identity service sees them. */
const personOf = (user: TgUser): Person => ({ platform: "telegram", externalId: String(user.id), displayName: displayName(user), username: user.username ?? null });

/** A view's reply as a notice: the refusals built by views (removed, waiting) carry no buttons. */
function noticeOf(reply: Reply): Notice {
  return { html: renderHtml(reply).parts.join("\n"), plain: renderText(reply).text };
}

/** What the person's standing on a team means for what they asked. */
function fromAdmission(admitted: Admission, line: string | null): Speaker {
  switch (admitted.kind) {
    case "member":
      return { ok: true, actor: admitted.actor };
    case "removed":
      return { ok: false, notice: noticeOf(removedReply(admitted.teamName)) };
    case "waiting":
      return {
        ok: false,
        notice: noticeOf(waitingReply(admitted.teamName)),
        // Their first command: the team's admins are asked now, once.
        ...(admitted.isNew ? { joinRequest: joinRequestReply(admitted.name, admitted.memberId, line) } : {}),
      };
  }
}

/**
 * The actor for `user` in `chat`, or what to tell them instead of running anything: not on a
 * team, removed from it, or waiting for an admin's approval. In a group, a newcomer joins as
 * the team allows, and `command` (what they typed) is held for after the approval.
 */
export async function speaker(deps: ServiceDeps, chat: TgChat, user: TgUser, timezone: string, command?: string): Promise<Speaker> {
  if (isGroup(chat)) {
    const admitted = await onceMoreOnConflict(async () => {
      const teamId = await ensureTeam(deps, { platform: "telegram", externalId: String(chat.id), name: chat.title ?? "Telegram group", timezone, alertsHere: true });
      return admit(deps, teamId, personOf(user), command ? { line: command, channelId: String(chat.id) } : undefined);
    });
    return fromAdmission(admitted, command ?? null);
  }
  if (chat.type !== "private") return { ok: false, notice: text("I only work in groups and private chats.") };
  // The team this private chat acts for, as long as they are still on it (or waiting to be).
  const bound = await findTeamIdByBinding(deps.db, "telegram", String(chat.id));
  if (bound !== null && (await findMember(deps.db, bound, "telegram", String(user.id)))) {
    const admitted = await admit(deps, bound, personOf(user));
    if (admitted.kind !== "removed") return fromAdmission(admitted, null);
    const others = await membershipsOf(deps.db, "telegram", String(user.id));
    return { ok: false, notice: others.length > 0 ? withOtherTeams(noticeOf(removedReply(admitted.teamName)), others.length) : noticeOf(removedReply(admitted.teamName)) };
  }
  const teams = await membershipsOf(deps.db, "telegram", String(user.id));
  if (teams.length === 0) return { ok: false, notice: await noTeamNotice(deps, user) };
  if (teams.length > 1) return { ok: false, notice: await chooseTeamNotice(deps, user, null) };
  const teamId = teams[0]!.teamId;
  await linkChatToTeam(deps.db, "telegram", String(chat.id), teamId);
  return fromAdmission(await admit(deps, teamId, personOf(user)), null);
}

/** `/start` in a group: who the group is and who they are in it (the setup message is the bot's, on first use). */
export async function groupIntro(deps: ServiceDeps, actor: Actor, botUsername: string): Promise<Notice> {
  const team = await loadTeamContext(deps.db, actor.teamId);
  return text(
    `This group is the team “${team.name}”. ${actor.name}, you are ${roleName(actor.role)} here.\n` +
      `/help lists the commands; /lead add puts in a lead. For look-ups in private, open a chat with @${botUsername} and send /start.`,
  );
}

/** `/start` in a private chat: links it to one of the person's teams, or offers the choice. */
export async function start(deps: ServiceDeps, chat: TgChat, user: TgUser): Promise<Notice> {
  if (chat.type !== "private") return text("I only work in groups and private chats.");
  const teams = await membershipsOf(deps.db, "telegram", String(user.id));
  if (teams.length === 0) return noTeamNotice(deps, user);
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

/** Someone on no team right now: removed from one, waiting to join one, or never on any. */
async function noTeamNotice(deps: ServiceDeps, user: TgUser): Promise<Notice> {
  const [former] = (await membershipsOf(deps.db, "telegram", String(user.id), ["pending", "removed"])).reverse();
  if (!former) return notOnATeam();
  return noticeOf(former.status === "pending" ? waitingReply(former.teamName) : removedReply(former.teamName));
}

function withOtherTeams(notice: Notice, teams: number): Notice {
  const more = `You are still on ${teams === 1 ? "another team" : `${teams} other teams`}: send /start to pick ${teams === 1 ? "it" : "one"}.`;
  return { html: `${notice.html}\n${escapeHtml(more)}`, plain: `${notice.plain}\n${more}` };
}

function notOnATeam(): Notice {
  return text(
    "I don't know your team yet. Add me to your team's Telegram group and send /start there; then come back here and send /start.",
  );
}

function text(plain: string): Notice {
  return { html: escapeHtml(plain), plain };
}
