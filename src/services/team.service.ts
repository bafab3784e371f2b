import { defaultScoringConfig } from "../domain/default-rules.js";
import { saveScoringConfig } from "../store/team.repository.js";
import { ensureMember, listMembers, type PlatformName } from "../store/member.repository.js";
import type { DbOrTx } from "../store/types.js";
import type { Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { fail, ok, type Result } from "./result.js";

/** The team bound to a chat place, created with the default rule set on first use. */
export async function ensureTeam(
  deps: ServiceDeps,
  binding: { platform: PlatformName; externalId: string; name: string; timezone?: string },
): Promise<number> {
  const existing = await deps.db.chatBinding.findUnique({
    where: { platform_externalId: { platform: binding.platform, externalId: binding.externalId } },
  });
  if (existing) return existing.teamId;
  return deps.db.$transaction(async (tx) => {
    const teamId = await createTeam(tx, binding.name, binding.timezone ?? "UTC");
    await tx.chatBinding.create({ data: { teamId, platform: binding.platform, externalId: binding.externalId } });
    return teamId;
  });
}

export async function createTeam(tx: DbOrTx, name: string, timezone: string): Promise<number> {
  const config = defaultScoringConfig();
  const team = await tx.team.create({ data: { name, timezone, tiers: config.tiers as unknown as object, groupCaps: config.groupCaps } });
  await saveScoringConfig(tx, team.id, config);
  return team.id;
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
