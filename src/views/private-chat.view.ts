/**
 * Words for a private chat with the bot, which acts for one of the person's teams: which team
 * it acts for, the choice when they are on several, and what someone on no team hears. Also
 * what `/start` says in a team's own group. In the reader's language (`t`).
 */
import { noticeOf, type Notice } from "../chat/notice.js";
import { reply, type Reply } from "../chat/reply.js";
import type { Translator } from "../i18n/index.js";
import type { FormerTeam, TeamChoice } from "../services/private-chat.service.js";
import { removedReply, waitingReply } from "./team.view.js";

type PlatformName = "console" | "slack" | "telegram";

const say = (text: string, tone: Reply["tone"] = "ok"): Reply => reply([{ type: "text", text }], { tone });

/** Someone who never was on a team writes to the bot privately. */
export function notOnATeamNotice(platform: PlatformName, t: Translator): Notice {
  return noticeOf(say(t.t("privateChat.notOnATeam", { platform, start: "/start" }), "refused"));
}

/** Someone on no team right now: removed from one, waiting to join one, or never on any. */
export function noTeamNotice(platform: PlatformName, former: FormerTeam | null, t: Translator): Notice {
  if (!former) return notOnATeamNotice(platform, t);
  return noticeOf(former.status === "pending" ? waitingReply(former.teamName, t) : removedReply(former.teamName, t));
}

/** Removed from the team this chat acted for; `otherTeams`: how many they are still on. */
export function removedHereNotice(teamName: string, otherTeams: number, t: Translator): Notice {
  const removed = removedReply(teamName, t);
  if (otherTeams === 0) return noticeOf(removed);
  const more = t.t("privateChat.stillOnOthers", { count: otherTeams, start: "/start" });
  return noticeOf({ ...removed, blocks: [...removed.blocks, { type: "text", text: more }] });
}

/**
 * On several teams: a button per team (✓ on the one the chat acts for now). The pop-up, which
 * shows no buttons, says how to get them.
 */
export function chooseTeamNotice(teams: TeamChoice[], current: number | null, t: Translator): Notice {
  const now = teams.find((team) => team.teamId === current);
  const popup = now
    ? t.t("privateChat.actsForPick", { team: now.teamName, count: teams.length })
    : t.t("privateChat.severalSendStart", { count: teams.length, start: "/start" });
  return {
    reply: say(now ? popup : t.t("privateChat.severalWhich", { count: teams.length })),
    popup,
    teamChoice: teams.map((team) => ({ teamId: team.teamId, label: `${team.teamId === current ? "✓ " : ""}${team.teamName}` })),
  };
}

/** The private chat now acts for their only team. */
export function linkedNotice(team: TeamChoice, t: Translator): Notice {
  return noticeOf(say(t.t("privateChat.linked", { name: team.displayName, team: team.teamName, role: team.role, hot: "/lead list hot", help: "/help" })));
}

/** They picked a team for the private chat (`toast`: the pop-up on the pressed button), or one they are not on. */
export function teamChosenNotice(platform: PlatformName, team: TeamChoice | null, t: Translator): { notice: Notice; toast: string } {
  if (!team) return { notice: notOnATeamNotice(platform, t), toast: t.t("privateChat.notOnThatTeam") };
  return {
    notice: noticeOf(say(t.t("privateChat.chosen", { team: team.teamName, role: team.role, start: "/start" }))),
    toast: t.t("privateChat.switched", { team: team.teamName }),
  };
}

/** `/start` in a team's group: who the group is and who they are in it, and where to look things up privately. */
export function groupIntroNotice(teamName: string, actor: { name: string; role: TeamChoice["role"] }, botUsername: string, t: Translator): Notice {
  return noticeOf(
    say(
      `${t.t("privateChat.groupIntro", { team: teamName, name: actor.name, role: actor.role })}\n` +
        t.t("privateChat.groupIntroHow", { help: "/help", add: "/lead add", bot: `@${botUsername}`, start: "/start" }),
    ),
  );
}

/** A chat the bot does not serve (a Telegram channel). */
export function unsupportedChatNotice(t: Translator): Notice {
  return noticeOf(say(t.t("privateChat.unsupportedChat"), "refused"));
}
