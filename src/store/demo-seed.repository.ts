/**
 * The writes that seed the demo team (src/services/demo-seed.ts): people, leads with their
 * history, and back-dated daily snapshots. Plain inserts, one demo at a time.
 */
import type { RoleName } from "./member.repository.js";
import type { Db } from "./store.js";
import { prismaOf } from "./types.js";

/** Adds console members to a team; answers their ids by external id. `founder`: the one who set the team up. */
export async function insertConsoleMembers(
  tx: Db,
  teamId: number,
  members: ReadonlyArray<{ externalId: string; displayName: string; role: RoleName; founder: boolean }>,
): Promise<Map<string, number>> {
  const prisma = prismaOf(tx);
  const ids = new Map<string, number>();
  for (const m of members) {
    const row = await prisma.member.create({
      data: { teamId, platform: "console", externalId: m.externalId, displayName: m.displayName, role: m.role, founder: m.founder ? true : null },
      select: { id: true },
    });
    ids.set(m.externalId, row.id);
  }
  return ids;
}

export interface SeedLead {
  name: string;
  company: string | null;
  title: string | null;
  email: string | null;
  phone: string | null;
  attributes: Record<string, unknown>;
  ownerId: number | null;
  lastPurchaseAt: Date | null;
  cycleDays: number | null;
  createdAt: Date;
}

/** A lead with its events as they happened (`source` names where they came from). Answers the lead's id. */
export async function insertLeadWithEvents(
  tx: Db,
  teamId: number,
  lead: SeedLead,
  events: ReadonlyArray<{ type: string; occurredAt: Date }>,
  source: string,
): Promise<number> {
  const prisma = prismaOf(tx);
  const { id } = await prisma.lead.create({ data: { teamId, ...lead, attributes: lead.attributes as object }, select: { id: true } });
  await prisma.event.createMany({ data: events.map((e) => ({ teamId, leadId: id, type: e.type, occurredAt: e.occurredAt, source })) });
  return id;
}

/** Every lead id of a team (the demo's few dozen). */
export async function teamLeadIds(db: Db, teamId: number): Promise<number[]> {
  const prisma = prismaOf(db);
  return (await prisma.lead.findMany({ where: { teamId }, select: { id: true }, orderBy: { id: "asc" } })).map((l) => l.id);
}

/** Daily snapshots (`day`: a local date at midnight UTC); a day a lead already has is left as it is. */
export async function insertScoreSnapshots(
  db: Db,
  rows: ReadonlyArray<{ teamId: number; leadId: number; day: Date; score: number; tier: string }>,
): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.scoreSnapshot.createMany({ data: [...rows], skipDuplicates: true });
}
