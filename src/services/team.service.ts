import { defaultScoringConfig } from "../domain/default-rules.js";
import { bindChat, findTeamIdByBinding, insertTeam, setTeamChannel } from "../store/team.repository.js";
import { ensureMember, listMembers, type PlatformName } from "../store/member.repository.js";
import type { DbOrTx } from "../store/types.js";
import type { Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { fail, ok, type Result } from "./result.js";

/** The team bound to a chat place, created with the default rule set on first use. */
export async function ensureTeam(
  deps: ServiceDeps,
  binding: {
    platform: PlatformName;
    externalId: string;
    name: string;
    timezone?: string;
    /** The place is a group chat that is the team (Telegram): its alerts and digest go there from the start. */
    alertsHere?: boolean;
  },
): Promise<number> {
  const existing = await findTeamIdByBinding(deps.db, binding.platform, binding.externalId);
  if (existing !== null) return existing;
  try {
    return await deps.db.$transaction(async (tx) => {
      const teamId = await createTeam(tx, binding.name, binding.timezone ?? "UTC");
      await bindChat(tx, teamId, binding.platform, binding.externalId);
      if (binding.alertsHere && binding.platform !== "console") await setTeamChannel(tx, teamId, binding.platform, binding.externalId);
      return teamId;
    });
  } catch (error) {
    // Two first messages at once: the other one's team won the unique binding; use it.
    const winner = await findTeamIdByBinding(deps.db, binding.platform, binding.externalId);
    if (winner === null) throw error;
    return winner;
  }
}

/** The team bound to a chat place, or null when nobody has used the bot there yet (creates nothing). */
export async function findTeam(deps: ServiceDeps, binding: { platform: PlatformName; externalId: string }): Promise<number | null> {
  return findTeamIdByBinding(deps.db, binding.platform, binding.externalId);
}

/** A new team starts with the SPEC's default rule set and tiers. */
export async function createTeam(tx: DbOrTx, name: string, timezone: string): Promise<number> {
  return insertTeam(tx, name, timezone, defaultScoringConfig());
}

/** Who is speaking, as the services see them. New people join as reps (the first as admin). */
export async function actorFor(
  deps: ServiceDeps,
  teamId: number,
  user: { platform: PlatformName; externalId: string; displayName: string },
): Promise<Actor> {
  const member = await ensureMember(deps.db, teamId, user.platform, user.externalId, user.displayName);
  return { teamId, memberId: member.id, role: member.role, name: member.displayName };
}

/**
 * Finds a teammate from what people type: "@anna", "Anna", a Slack mention "<@U123|anna>",
 * or a platform user id.
 */
export async function resolveMember(deps: ServiceDeps, actor: Actor, ref: string): Promise<Result<{ id: number; name: string }>> {
  const mention = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(ref.trim());
  const text = (mention ? mention[1]! : ref.trim().replace(/^@/, "")).toLowerCase();
  const members = await listMembers(deps.db, actor.teamId);
  if (["me", "myself"].includes(text)) return ok({ id: actor.memberId, name: actor.name });
  const exact = members.filter((m) => m.externalId.toLowerCase() === text || m.displayName.toLowerCase() === text);
  const partial = members.filter((m) => m.displayName.toLowerCase().split(/\s+/).some((w) => w.startsWith(text)));
  const found = exact.length === 1 ? exact : partial;
  if (found.length === 1) return ok({ id: found[0]!.id, name: found[0]!.displayName });
  const names = members.map((m) => m.displayName).join(", ");
  return fail({
    code: "invalid",
    message: found.length > 1 ? `"${ref}" could be ${found.map((m) => m.displayName).join(" or ")}.` : `Nobody on the team is called "${ref}". Team: ${names}.`,
  });
}
