/**
 * Who may act for a team, asked by every platform before anything runs: a member, someone the
 * team removed (refused everywhere: commands, private chats, buttons, files, forms), or a
 * newcomer waiting for an admin's approval. Platform-neutral: the transports only say who is
 * speaking and where.
 */
import type { Platform } from "../platforms/names.js";
import { isAlreadyExists } from "../store/errors.js";
import { languageOfTag, personLanguage, teamLanguage, type LanguageCode } from "../i18n/index.js";
import { ensureMember, findMemberWithTeamLanguage } from "../store/member.repository.js";
import { markWelcomed, setWaitingCommand, teamJoinMode, touchMember } from "../store/team-admin.repository.js";
import { loadTeamContext } from "./team-context.js";
import type { Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { ensureTeam } from "./team.service.js";

export interface Person {
  platform: Platform;
  externalId: string;
  displayName: string;
  /** A handle teammates type to name them (Telegram @username), lower-case, without "@". */
  username?: string | null;
  /** Their platform's language tag (Telegram's language_code, Slack's locale): the first guess of their language. */
  language?: string | null;
}

export type Admission =
  | { kind: "member"; actor: Actor }
  | { kind: "removed"; teamName: string; teamLanguage: LanguageCode }
  /** `isNew`: this was their first command, so the admins are to be asked now. */
  | { kind: "waiting"; teamName: string; memberId: number; name: string; isNew: boolean; teamLanguage: LanguageCode };

/**
 * The person's standing on the team. A newcomer joins as the team allows: as a rep (open), or
 * waiting with `command` kept for after the approval (approval). The team's first member is
 * its admin either way.
 */
export async function admit(deps: ServiceDeps, teamId: number, person: Person, command?: { line: string; channelId: string | null }): Promise<Admission> {
  const now = deps.clock();
  let member = await findMemberWithTeamLanguage(deps.store.db, teamId, person.platform, person.externalId);
  let isNew = false;
  if (!member) {
    const joinMode = await teamJoinMode(deps.store.db, teamId);
    await ensureMember(deps.store.db, teamId, person.platform, person.externalId, person.displayName, { pending: joinMode === "approval" });
    member = await findMemberWithTeamLanguage(deps.store.db, teamId, person.platform, person.externalId);
    if (!member) throw new Error(`member ${person.platform}:${person.externalId} of team ${teamId} was neither created nor found`);
    isNew = true;
    if (member.status === "pending" && command) await setWaitingCommand(deps.store.db, teamId, member.id, command);
  }
  if (member.status === "removed") return { kind: "removed", teamName: (await loadTeamContext(deps.store.db, teamId)).name, teamLanguage: teamLanguage(member.teamLanguage) };
  if (member.status === "pending") {
    const team = await loadTeamContext(deps.store.db, teamId);
    return { kind: "waiting", teamName: team.name, memberId: member.id, name: member.displayName, isNew, teamLanguage: teamLanguage(member.teamLanguage) };
  }
  // At most one write a minute per person, and none at all on most commands (a hot path).
  const username = person.username?.toLowerCase() ?? null;
  const stale = !member.lastActiveAt || now.getTime() - member.lastActiveAt.getTime() >= 60_000;
  if (stale || (username !== null && username !== member.username)) await touchMember(deps.store.db, member.id, now, username);
  const team = teamLanguage(member.teamLanguage);
  const languages = { person: personLanguage({ chosen: member.language, platformTag: person.language }, team), team, platform: languageOfTag(person.language) };
  return { kind: "member", actor: { teamId, memberId: member.id, role: member.role, name: member.displayName, languages } };
}

/** True once per team: the first time anyone uses it, when the setup message is due. */
export async function firstUse(deps: ServiceDeps, teamId: number): Promise<boolean> {
  return markWelcomed(deps.store.db, teamId, deps.clock());
}

/** A chat place that is a team: a Slack workspace, a Telegram group. */
export interface TeamPlace {
  platform: Platform;
  externalId: string;
  name: string;
  /** The time zone a new team starts in. */
  timezone: string;
  /** The place is a group chat that is the team (Telegram): its alerts and digest go there from the start. */
  alertsHere?: boolean;
}

/** The language a new team starts in: its founder's platform language, when the bot speaks it. */
export const founderLanguage = (person: Person): LanguageCode | undefined => languageOfTag(person.language) ?? undefined;

/**
 * The person's standing on the team that `place` is, creating the team on its first use (with
 * them as its admin). `command`: what they asked, held for after an approval.
 */
export async function admitAt(deps: ServiceDeps, place: TeamPlace, person: Person, command?: { line: string; channelId: string | null }): Promise<Admission> {
  return onceMoreOnConflict(async () => {
    const teamId = await ensureTeam(deps, {
      platform: place.platform,
      externalId: place.externalId,
      name: place.name,
      timezone: place.timezone,
      ...(founderLanguage(person) ? { language: founderLanguage(person) } : {}),
      ...(place.alertsHere ? { alertsHere: true } : {}),
    });
    return admit(deps, teamId, person, command);
  });
}

/** The team's name, for words about it. */
export async function teamName(deps: ServiceDeps, teamId: number): Promise<string> {
  return (await loadTeamContext(deps.store.db, teamId)).name;
}

/**
 * Two first updates from a new group can race to create its team or member; the loser's
 * AlreadyExists (the store's word for a unique-constraint error) means the row now exists, so
 * one more try finds it.
 */
async function onceMoreOnConflict<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    return run();
  }
}
