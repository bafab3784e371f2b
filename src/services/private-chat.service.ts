/**
 * A person's private chat with the bot acts for one team they are on (they join teams through
 * the teams' own group chats). The choice is stored as the chat's ChatBinding, so it survives
 * restarts: with one team it is made automatically; with several, the person picks one, and
 * the last one picked stays until they pick another. Nobody joins a team from a private chat,
 * so a stranger who finds the bot gets nothing, and only teams they are still on count.
 */
import type { Platform } from "../platforms/names.js";
import { findMember } from "../store/member.repository.js";
import { linkChatToTeam, membershipsOf } from "../store/chat-flow.repository.js";
import { findTeamIdByBinding } from "../store/team.repository.js";
import type { ServiceDeps } from "./deps.js";

/** A private chat: its platform, its id there, and the person it is with. */
export interface PrivateChat {
  platform: Platform;
  chatId: string;
  personId: string;
}

/** One of the person's teams, as the private chat may act for it. */
export interface TeamChoice {
  teamId: number;
  teamName: string;
  role: "rep" | "manager" | "admin";
  /** The person's name on that team. */
  displayName: string;
}

/** A team the person is not on any more, or not yet: removed from it, or waiting to join. */
export interface FormerTeam {
  teamName: string;
  status: "pending" | "removed";
}

/** Which team the private chat acts for as the person speaks there. */
export type PrivateChatTeam =
  /** This one: chosen earlier and they are (or were) on it, or their only team, chosen now. */
  | { kind: "team"; teamId: number }
  /** They are on several teams and have not picked one for this chat. */
  | { kind: "choose"; teams: TeamChoice[] }
  /** They are on no team now; `former`: the last team that removed them or that they wait to join. */
  | { kind: "none"; former: FormerTeam | null };

/** The teams the person is an active member of on this platform, oldest membership first. */
export async function teamsOf(deps: ServiceDeps, platform: Platform, personId: string): Promise<TeamChoice[]> {
  return (await membershipsOf(deps.store.db, platform, personId)).map(choiceOf);
}

/** The team the private chat acts for, binding it to their only team when it was bound to none of theirs. */
export async function privateChatTeam(deps: ServiceDeps, chat: PrivateChat): Promise<PrivateChatTeam> {
  const bound = await findTeamIdByBinding(deps.store.db, chat.platform, chat.chatId);
  // As long as they are still on it, or were: the identity service tells them which.
  if (bound !== null && (await findMember(deps.store.db, bound, chat.platform, chat.personId))) return { kind: "team", teamId: bound };
  const teams = await teamsOf(deps, chat.platform, chat.personId);
  if (teams.length === 0) return { kind: "none", former: await formerTeam(deps, chat) };
  if (teams.length > 1) return { kind: "choose", teams };
  await linkChatToTeam(deps.store.db, chat.platform, chat.chatId, teams[0]!.teamId);
  return { kind: "team", teamId: teams[0]!.teamId };
}

/**
 * The person opened the private chat (/start): with one team the chat now acts for it; with
 * several they choose (`current`: the one it acts for now, if any).
 */
export async function openPrivateChat(
  deps: ServiceDeps,
  chat: PrivateChat,
): Promise<{ kind: "linked"; team: TeamChoice } | { kind: "choose"; teams: TeamChoice[]; current: number | null } | { kind: "none"; former: FormerTeam | null }> {
  const teams = await teamsOf(deps, chat.platform, chat.personId);
  if (teams.length === 0) return { kind: "none", former: await formerTeam(deps, chat) };
  if (teams.length === 1) {
    await linkChatToTeam(deps.store.db, chat.platform, chat.chatId, teams[0]!.teamId);
    return { kind: "linked", team: teams[0]! };
  }
  return { kind: "choose", teams, current: await findTeamIdByBinding(deps.store.db, chat.platform, chat.chatId) };
}

/** The person picked `teamId` for the private chat: it acts for that team now, if they are on it (null if not). */
export async function choosePrivateChatTeam(deps: ServiceDeps, chat: PrivateChat, teamId: number): Promise<TeamChoice | null> {
  const team = (await teamsOf(deps, chat.platform, chat.personId)).find((t) => t.teamId === teamId);
  if (!team) return null;
  await linkChatToTeam(deps.store.db, chat.platform, chat.chatId, teamId);
  return team;
}

/** The most recent team that removed them or that they wait to join. */
async function formerTeam(deps: ServiceDeps, chat: PrivateChat): Promise<FormerTeam | null> {
  const [former] = (await membershipsOf(deps.store.db, chat.platform, chat.personId, ["pending", "removed"])).reverse();
  return former && former.status !== "active" ? { teamName: former.teamName, status: former.status } : null;
}

const choiceOf = (m: { teamId: number; teamName: string; role: TeamChoice["role"]; displayName: string }): TeamChoice => ({
  teamId: m.teamId,
  teamName: m.teamName,
  role: m.role,
  displayName: m.displayName,
});
