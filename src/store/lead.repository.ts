import type { Prisma } from "./generated/client.js";
import type { DbOrTx } from "./types.js";

export const leadSummarySelect = { id: true, name: true, company: true } as const;

export async function findLeadById(db: DbOrTx, teamId: number, id: number) {
  return db.lead.findFirst({ where: { teamId, id } });
}

export async function findLeadByEmail(db: DbOrTx, teamId: number, email: string) {
  return db.lead.findUnique({ where: { teamId_email: { teamId, email } } });
}

export async function findLeadByPhone(db: DbOrTx, teamId: number, phone: string) {
  return db.lead.findUnique({ where: { teamId_phone: { teamId, phone } } });
}

export async function findLeadByExternalId(db: DbOrTx, teamId: number, externalId: string) {
  return db.lead.findUnique({ where: { teamId_externalId: { teamId, externalId } } });
}

/** Leads whose name or company contains `fragment`, best (shortest name) first. */
export async function searchLeads(db: DbOrTx, teamId: number, text: string, limit: number) {
  // Prisma's `contains` is an ILIKE that leaves % and _ as wildcards: "50%" would match "500".
  // Backslash is PostgreSQL's default LIKE escape, so escaped they match only themselves.
  const fragment = text.replace(/[\\%_]/g, "\\$&");
  return db.lead.findMany({
    where: {
      teamId,
      OR: [
        { name: { contains: fragment, mode: "insensitive" } },
        { company: { contains: fragment, mode: "insensitive" } },
      ],
    },
    select: leadSummarySelect,
    orderBy: [{ score: "desc" }, { id: "asc" }],
    take: limit,
  });
}

/** Names of recently active leads, the pool "did you mean" suggestions come from. */
export async function recentLeadNames(db: DbOrTx, teamId: number, limit: number) {
  return db.lead.findMany({ where: { teamId }, select: leadSummarySelect, orderBy: { updatedAt: "desc" }, take: limit });
}

export async function createLead(db: DbOrTx, data: Prisma.LeadUncheckedCreateInput) {
  return db.lead.create({ data });
}

export type LeadFilter = "hot" | "warm" | "cold" | "mine" | "unclaimed" | "all";

export async function listLeads(
  db: DbOrTx,
  teamId: number,
  where: { tier?: string; ownerId?: number | null },
  limit: number,
) {
  const filter: Prisma.LeadWhereInput = { teamId };
  if (where.tier !== undefined) filter.tier = where.tier;
  if (where.ownerId !== undefined) filter.ownerId = where.ownerId;
  const [rows, total] = await Promise.all([
    db.lead.findMany({
      where: filter,
      orderBy: [{ score: "desc" }, { id: "asc" }],
      take: limit,
      include: { owner: { select: { displayName: true } } },
    }),
    db.lead.count({ where: filter }),
  ]);
  return { rows, total };
}

export async function setLeadOwner(db: DbOrTx, teamId: number, leadId: number, ownerId: number | null) {
  return db.lead.update({ where: { id: leadId, teamId }, data: { ownerId } });
}

export async function setLeadStage(db: DbOrTx, teamId: number, leadId: number, stage: Prisma.LeadUpdateInput["stage"]) {
  return db.lead.update({ where: { id: leadId, teamId }, data: { stage } });
}

export async function recordStageChange(db: DbOrTx, data: Prisma.StageChangeUncheckedCreateInput) {
  return db.stageChange.create({ data });
}

type StageName = NonNullable<Prisma.StageChangeUncheckedCreateInput["fromStage"]>;

/** Moves a lead to another stage and records who moved it and why, when it really moves. */
export async function moveStage(
  db: DbOrTx,
  move: { teamId: number; leadId: number; from: StageName; to: StageName; memberId: number | null; reason: string; at: Date },
): Promise<boolean> {
  if (move.from === move.to) return false;
  await setLeadStage(db, move.teamId, move.leadId, move.to);
  await recordStageChange(db, {
    teamId: move.teamId,
    leadId: move.leadId,
    fromStage: move.from,
    toStage: move.to,
    memberId: move.memberId,
    reason: move.reason,
    changedAt: move.at,
  });
  return true;
}

/** Everything `/lead status` shows besides the score itself. */
export async function leadStatusDetails(db: DbOrTx, teamId: number, leadId: number, since: Date) {
  const [lead, events, calls, snapshots, answers] = await Promise.all([
    db.lead.findFirst({ where: { id: leadId, teamId }, include: { owner: { select: { displayName: true } } } }),
    db.event.findMany({ where: { leadId, teamId }, orderBy: { occurredAt: "desc" }, take: 3 }),
    db.callLog.findMany({
      where: { leadId, teamId },
      orderBy: { loggedAt: "desc" },
      take: 3,
      include: { member: { select: { displayName: true } } },
    }),
    db.scoreSnapshot.findMany({ where: { leadId, teamId, day: { gte: since } }, orderBy: { day: "asc" } }),
    db.qualification.findMany({ where: { leadId, teamId } }),
  ]);
  return { lead, events, calls, snapshots, answers };
}

export async function insertEvent(db: DbOrTx, data: Prisma.EventUncheckedCreateInput) {
  return db.event.create({ data });
}

export async function updateLeadPurchase(db: DbOrTx, leadId: number, at: Date) {
  // Only move forward: an old purchase arriving late must not restart the buying cycle.
  return db.lead.updateMany({
    where: { id: leadId, OR: [{ lastPurchaseAt: null }, { lastPurchaseAt: { lt: at } }] },
    data: { lastPurchaseAt: at },
  });
}

export async function upsertQualification(
  db: DbOrTx,
  data: Prisma.QualificationUncheckedCreateInput,
) {
  return db.qualification.upsert({
    where: { leadId_framework_dimension: { leadId: data.leadId, framework: data.framework, dimension: data.dimension } },
    create: data,
    // A bare answer keeps the note captured earlier; only a new note replaces it.
    update: {
      answer: data.answer,
      capturedBy: data.capturedBy ?? null,
      capturedAt: data.capturedAt,
      ...(data.note === undefined ? {} : { note: data.note }),
    },
  });
}

export async function insertCallLog(db: DbOrTx, data: Prisma.CallLogUncheckedCreateInput) {
  return db.callLog.create({ data });
}

export async function listQualifications(db: DbOrTx, teamId: number, leadId: number, framework: "BANT" | "CHAMP") {
  return db.qualification.findMany({ where: { teamId, leadId, framework } });
}

export async function countLeadsInTier(db: DbOrTx, teamId: number, tier: string) {
  return db.lead.count({ where: { teamId, tier } });
}
