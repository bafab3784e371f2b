/**
 * Membership that follows the team's chat: the platform reports that someone left or came
 * back to the group that is the team, or that the bot itself was removed or added back.
 * Nobody typed a command, so there is no actor; the chat says which team.
 */
import { personLanguage, teamLanguage, type LanguageCode } from "../i18n/index.js";
import { digestSettings } from "../store/digest.repository.js";
import type { Platform } from "../platforms/names.js";
import { activeAdmins, setTeamActive } from "../store/team-admin.repository.js";
import { findTeamIdByBinding, teamLocale } from "../store/team.repository.js";
import type { ServiceDeps } from "./deps.js";
import { memberLeft, memberReturned, type LeftHow, type MemberRow } from "./team-admin.service.js";

/** A chat that may be a team's group (or a Slack workspace, whose id is its team's binding). */
export interface ChatPlace {
  platform: Platform;
  chatId: string;
}

/**
 * Someone left the team's group or was removed from it: they are off the team at once, and
 * their open leads are offered to the admins privately (`offeredTo`: how many admins; see
 * memberLeft). Null when the chat is no team's, or they were not on it (any more).
 */
export async function personLeftChat(
  deps: ServiceDeps,
  place: ChatPlace,
  personId: string,
  how: LeftHow | string,
): Promise<{ teamId: number; member: MemberRow; promoted: MemberRow | null; offeredTo: number } | null> {
  const teamId = await findTeamIdByBinding(deps.store.db, place.platform, place.chatId);
  if (teamId === null) return null;
  const left = await memberLeft(deps, teamId, { platform: place.platform, externalId: personId }, how);
  return left ? { teamId, ...left } : null;
}

/**
 * Someone removed earlier is back in the team's group (or workspace): back on the team, as a
 * rep. `ifLeft`: only if they had left that way (see memberReturned). Null when there was
 * nothing to undo.
 */
export async function personBackInChat(
  deps: ServiceDeps,
  place: ChatPlace,
  personId: string,
  options: { ifLeft?: string } = {},
): Promise<{ teamId: number; member: MemberRow } | null> {
  const teamId = await findTeamIdByBinding(deps.store.db, place.platform, place.chatId);
  if (teamId === null) return null;
  const member = await memberReturned(deps, teamId, { platform: place.platform, externalId: personId }, options);
  return member ? { teamId, member } : null;
}

export interface TeamPaused {
  teamId: number;
  teamName: string;
  /** The team's admins on the chat's platform, to tell privately, each in their language (their choice, else the team's). */
  admins: Array<{ externalId: string; name: string; language: LanguageCode }>;
}

/**
 * The bot was removed from the team's group: the team becomes inactive (nothing more is
 * delivered to its chats). Null when the chat is no team's, or the team was inactive already,
 * so the admins are told once however many updates report it.
 */
export async function botRemovedFromChat(deps: ServiceDeps, place: ChatPlace): Promise<TeamPaused | null> {
  const teamId = await findTeamIdByBinding(deps.store.db, place.platform, place.chatId);
  if (teamId === null || !(await setTeamActive(deps.store.db, teamId, false))) return null;
  const [settings, admins, locale] = await Promise.all([digestSettings(deps.store.db, teamId), activeAdmins(deps.store.db, teamId), teamLocale(deps.store.db, teamId)]);
  const team = teamLanguage(locale);
  return {
    teamId,
    teamName: settings.name,
    admins: admins
      .filter((a) => a.platform === place.platform)
      .map((a) => ({ externalId: a.externalId, name: a.displayName, language: personLanguage({ chosen: a.language }, team) })),
  };
}

/** The bot is back in the team's group: the team is active again. Null when nothing changed. */
export async function botBackInChat(deps: ServiceDeps, place: ChatPlace): Promise<{ teamId: number } | null> {
  const teamId = await findTeamIdByBinding(deps.store.db, place.platform, place.chatId);
  if (teamId === null || !(await setTeamActive(deps.store.db, teamId, true))) return null;
  return { teamId };
}
