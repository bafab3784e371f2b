/**
 * Words for a private chat with the bot, which acts for one of the person's teams: which team
 * it acts for, the choice when they are on several, and what someone on no team hears. Also
 * what `/start` says in a team's own group.
 */
import { noticeOf, type Notice } from "../chat/notice.js";
import { reply, type Reply } from "../chat/reply.js";
import type { FormerTeam, TeamChoice } from "../services/private-chat.service.js";
import { removedReply, waitingReply } from "./team.view.js";

type Role = TeamChoice["role"];
type PlatformName = "console" | "slack" | "telegram";

const roleName = (role: Role) => (role === "admin" ? "an admin" : role === "manager" ? "a manager" : "a rep");

/** Where a platform's teams meet, and so where a stranger should go first. */
const TEAM_CHAT: Record<PlatformName, string> = { telegram: "Telegram group", slack: "Slack workspace", console: "team chat" };

const say = (text: string, tone: Reply["tone"] = "ok"): Reply => reply([{ type: "text", text }], { tone });

/** Someone who never was on a team writes to the bot privately. */
export function notOnATeamNotice(platform: PlatformName): Notice {
  return noticeOf(say(`I don't know your team yet. Add me to your team's ${TEAM_CHAT[platform]} and send /start there; then come back here and send /start.`, "refused"));
}

/** Someone on no team right now: removed from one, waiting to join one, or never on any. */
export function noTeamNotice(platform: PlatformName, former: FormerTeam | null): Notice {
  if (!former) return notOnATeamNotice(platform);
  return noticeOf(former.status === "pending" ? waitingReply(former.teamName) : removedReply(former.teamName));
}

/** Removed from the team this chat acted for; `otherTeams`: how many they are still on. */
export function removedHereNotice(teamName: string, otherTeams: number): Notice {
  const removed = removedReply(teamName);
  if (otherTeams === 0) return noticeOf(removed);
  const more = `You are still on ${otherTeams === 1 ? "another team" : `${otherTeams} other teams`}: send /start to pick ${otherTeams === 1 ? "it" : "one"}.`;
  return noticeOf({ ...removed, blocks: [...removed.blocks, { type: "text", text: more }] });
}

/**
 * On several teams: a button per team (✓ on the one the chat acts for now). The pop-up, which
 * shows no buttons, says how to get them.
 */
export function chooseTeamNotice(teams: TeamChoice[], current: number | null): Notice {
  const now = teams.find((t) => t.teamId === current);
  const popup = now
    ? `This chat acts for “${now.teamName}”. You are on ${teams.length} teams; pick the one this chat should act for.`
    : `You are on ${teams.length} teams. Send /start here and pick the one this chat should act for.`;
  return {
    reply: say(now ? popup : `You are on ${teams.length} teams. Which one should this chat act for?`),
    popup,
    teamChoice: teams.map((t) => ({ teamId: t.teamId, label: `${t.teamId === current ? "✓ " : ""}${t.teamName}` })),
  };
}

/** The private chat now acts for their only team. */
export function linkedNotice(team: TeamChoice): Notice {
  return noticeOf(say(`Hi ${team.displayName}! This chat acts for your team “${team.teamName}”, where you are ${roleName(team.role)}. Try /lead list hot or /help.`));
}

/** They picked a team for the private chat (`toast`: the pop-up on the pressed button), or one they are not on. */
export function teamChosenNotice(platform: PlatformName, team: TeamChoice | null): { notice: Notice; toast: string } {
  if (!team) return { notice: notOnATeamNotice(platform), toast: "You are not on that team." };
  return {
    notice: noticeOf(say(`This chat now acts for “${team.teamName}”, where you are ${roleName(team.role)}. /start switches teams.`)),
    toast: `Switched to ${team.teamName}`,
  };
}

/** `/start` in a team's group: who the group is and who they are in it, and where to look things up privately. */
export function groupIntroNotice(teamName: string, actor: { name: string; role: Role }, botUsername: string): Notice {
  return noticeOf(
    say(
      `This group is the team “${teamName}”. ${actor.name}, you are ${roleName(actor.role)} here.\n` +
        `/help lists the commands; /lead add puts in a lead. For look-ups in private, open a chat with @${botUsername} and send /start.`,
    ),
  );
}

/** A chat the bot does not serve (a Telegram channel). */
export function unsupportedChatNotice(): Notice {
  return noticeOf(say("I only work in groups and private chats.", "refused"));
}
