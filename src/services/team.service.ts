import { defaultScoringConfig } from "../domain/default-rules.js";
import { bindChat, findTeamIdByBinding, insertTeam, setTeamChannel } from "../store/team.repository.js";
import type { LanguageCode } from "../i18n/index.js";
import type { Platform } from "../platforms/names.js";
import { isAlreadyExists } from "../store/errors.js";
import { ensureMember } from "../store/member.repository.js";
import type { Db } from "../store/store.js";
import type { Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";

/** The team bound to a chat place, created with the default rule set on first use. */
export async function ensureTeam(
  deps: ServiceDeps,
  binding: {
    platform: Platform;
    externalId: string;
    name: string;
    timezone?: string;
    /** The language a new team starts in (its founder's, when we speak it); English by default. */
    language?: LanguageCode;
    /** The place is a group chat that is the team (Telegram): its alerts and digest go there from the start. */
    alertsHere?: boolean;
  },
): Promise<number> {
  const existing = await findTeamIdByBinding(deps.store.db, binding.platform, binding.externalId);
  if (existing !== null) return existing;
  try {
    return await deps.store.transaction(async (tx) => {
      const teamId = await createTeam(tx, binding.name, binding.timezone ?? "UTC", binding.language);
      await bindChat(tx, teamId, binding.platform, binding.externalId);
      if (binding.alertsHere && binding.platform !== "console") await setTeamChannel(tx, teamId, binding.platform, binding.externalId);
      return teamId;
    });
  } catch (error) {
    // Two first messages at once: the other one's team won the unique binding; use it.
    if (!isAlreadyExists(error)) throw error;
    const winner = await findTeamIdByBinding(deps.store.db, binding.platform, binding.externalId);
    if (winner === null) throw error;
    return winner;
  }
}

/** A new team starts with the SPEC's default rule set and tiers. */
export async function createTeam(tx: Db, name: string, timezone: string, language?: LanguageCode): Promise<number> {
  return insertTeam(tx, name, timezone, defaultScoringConfig(), language);
}

/** Who is speaking, as the services see them. New people join as reps (the first as admin). */
export async function actorFor(
  deps: ServiceDeps,
  teamId: number,
  user: { platform: Platform; externalId: string; displayName: string },
): Promise<Actor> {
  const member = await ensureMember(deps.store.db, teamId, user.platform, user.externalId, user.displayName);
  return { teamId, memberId: member.id, role: member.role, name: member.displayName };
}
