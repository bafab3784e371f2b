/**
 * Choosing the language the bot speaks (README, "Languages"): the team's, for its shared chat
 * (`/team language uk`, admins), and a person's own, for their private answers
 * (`/me language pl`; `auto` goes back to their platform's language, else the team's).
 */
import { DEFAULT_LANGUAGE, LANGUAGE_CODES, LANGUAGES, languageOfTag, personLanguage, teamLanguage, type LanguageCode } from "../i18n/index.js";
import { findMemberWithTeamLanguage, getMember, setMemberLanguage } from "../store/member.repository.js";
import { insertAudit } from "../store/team-admin.repository.js";
import { findTeamIdByBinding, setTeamLocale, teamLocale } from "../store/team.repository.js";
import type { Platform } from "../platforms/names.js";
import type { Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { forbidden, invalid, ok, type Result } from "./result.js";

/** What `/me language auto` is typed as: no choice of their own. */
export const AUTO = "auto";

/** A language as typed: its code ("uk", "pl-PL") or its own name ("Polski", "українська"). */
export function readLanguage(typed: string): LanguageCode | null {
  const wanted = typed.trim().toLowerCase();
  return languageOfTag(wanted) ?? LANGUAGES.find((l) => l.nativeName.toLowerCase() === wanted)?.code ?? null;
}

/** `/team language <code>`: the language of the team's shared chat (admins). */
export async function changeTeamLanguage(deps: ServiceDeps, actor: Actor, typed: string): Promise<Result<{ language: LanguageCode }>> {
  if (actor.role !== "admin") return forbidden({ reason: "admins_only", what: "team" });
  const language = readLanguage(typed);
  if (!language) return invalid({ reason: "unknown_language", typed, known: LANGUAGE_CODES });
  await deps.store.transaction(async (tx) => {
    await setTeamLocale(tx, actor.teamId, language);
    await insertAudit(tx, { teamId: actor.teamId, memberId: actor.memberId, action: "language", summary: { kind: "language", language }, at: deps.clock() });
  });
  return ok({ language });
}

export interface MyLanguages {
  /** What they chose; null: their platform's language, else the team's. */
  chosen: LanguageCode | null;
  /** What they read now. */
  person: LanguageCode;
  team: LanguageCode;
}

/** `/me language <code|auto>`: the language of their own private answers. */
export async function changeMyLanguage(deps: ServiceDeps, actor: Actor, typed: string): Promise<Result<MyLanguages>> {
  const auto = typed.trim().toLowerCase() === AUTO;
  const language = auto ? null : readLanguage(typed);
  if (!auto && !language) return invalid({ reason: "unknown_language", typed, known: [...LANGUAGE_CODES, AUTO] });
  await setMemberLanguage(deps.store.db, actor.teamId, actor.memberId, language);
  const team = teamLanguage(await teamLocale(deps.store.db, actor.teamId));
  return ok({ chosen: language, person: language ?? actor.languages?.platform ?? team, team });
}

/** `/me`: the languages they read. */
export async function myLanguages(deps: ServiceDeps, actor: Actor): Promise<Result<MyLanguages>> {
  const member = await getMember(deps.store.db, actor.teamId, actor.memberId);
  const team = teamLanguage(await teamLocale(deps.store.db, actor.teamId));
  const chosen = LANGUAGE_CODES.find((c) => c === member?.language) ?? null;
  return ok({ chosen, person: actor.languages?.person ?? chosen ?? team, team });
}

/**
 * The language a team's own chat reads, for a word to it from nobody we know (an anonymous group
 * admin); the default language when the chat is no team's.
 */
export async function chatLanguage(deps: ServiceDeps, place: { platform: Platform; chatId: string }): Promise<LanguageCode> {
  const teamId = await findTeamIdByBinding(deps.store.db, place.platform, place.chatId);
  return teamId === null ? teamLanguage(null) : teamLanguage(await teamLocale(deps.store.db, teamId));
}

/**
 * The language of a word only one person reads, said before anything knew who they are (Slack's
 * last-resort apology, when a request failed): what they chose, else their platform's language
 * (`platformTag`), else their team's; on no team, their platform's, else the default.
 */
export async function personLanguageAt(
  deps: ServiceDeps,
  place: { platform: Platform; chatId: string },
  person: { externalId: string; platformTag?: string | null },
): Promise<LanguageCode> {
  const teamId = await findTeamIdByBinding(deps.store.db, place.platform, place.chatId);
  if (teamId === null) return languageOfTag(person.platformTag) ?? DEFAULT_LANGUAGE;
  const member = await findMemberWithTeamLanguage(deps.store.db, teamId, place.platform, person.externalId);
  const team = teamLanguage(member ? member.teamLanguage : await teamLocale(deps.store.db, teamId));
  return personLanguage({ chosen: member?.language ?? null, platformTag: person.platformTag ?? null }, team);
}
