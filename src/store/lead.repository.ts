import type { Prisma } from "./generated/client.js";
import { InvalidRow } from "./errors.js";
import { jsonObject, readColumn } from "./json-columns.js";
import type { Db } from "./store.js";
import { prismaOf } from "./types.js";

export const leadSummarySelect = { id: true, name: true, company: true } as const;

/**
 * A lead's columns without its free attributes (JSON): what looking a lead up, claiming it or
 * logging a call needs. Readers that need the attributes ask for them (listLeads) and get them
 * parsed.
 */
const leadSelect = {
  id: true,
  teamId: true,
  name: true,
  email: true,
  phone: true,
  externalId: true,
  company: true,
  title: true,
  ownerId: true,
  stage: true,
  score: true,
  tier: true,
  nextChangeAt: true,
  scoredAt: true,
  lastPurchaseAt: true,
  cycleDays: true,
  alertArmed: true,
  snoozedUntil: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.LeadSelect;

export async function findLeadById(db: Db, teamId: number, id: number) {
  const prisma = prismaOf(db);
  return prisma.lead.findFirst({ where: { teamId, id }, select: leadSelect });
}

export async function findLeadByEmail(db: Db, teamId: number, email: string) {
  const prisma = prismaOf(db);
  return prisma.lead.findUnique({ where: { teamId_email: { teamId, email } }, select: leadSelect });
}

export async function findLeadByPhone(db: Db, teamId: number, phone: string) {
  const prisma = prismaOf(db);
  return prisma.lead.findUnique({ where: { teamId_phone: { teamId, phone } }, select: leadSelect });
}

export async function findLeadByExternalId(db: Db, teamId: number, externalId: string) {
  const prisma = prismaOf(db);
  return prisma.lead.findUnique({ where: { teamId_externalId: { teamId, externalId } }, select: leadSelect });
}

/** Leads whose name or company contains `fragment`, best (shortest name) first. */
export async function searchLeads(db: Db, teamId: number, text: string, limit: number) {
  const prisma = prismaOf(db);
  // Prisma's `contains` is an ILIKE that leaves % and _ as wildcards: "50%" would match "500".
  // Backslash is PostgreSQL's default LIKE escape, so escaped they match only themselves.
  const fragment = text.replace(/[\\%_]/g, "\\$&");
  return prisma.lead.findMany({
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
export async function recentLeadNames(db: Db, teamId: number, limit: number) {
  const prisma = prismaOf(db);
  return prisma.lead.findMany({ where: { teamId }, select: leadSummarySelect, orderBy: { updatedAt: "desc" }, take: limit });
}

export async function createLead(db: Db, data: Prisma.LeadUncheckedCreateInput) {
  const prisma = prismaOf(db);
  return prisma.lead.create({ data, select: leadSelect });
}

export type LeadFilter = "hot" | "warm" | "cold" | "mine" | "unclaimed" | "all";

/**
 * A page of a team's leads, best first, with the owner's name and how many match in all.
 * With `attributes`, each lead's free attributes are read too, lead by lead: one whose column
 * does not hold a JSON object comes back without them and is named in `invalid`, so the
 * caller can say so instead of losing the page.
 */
export async function listLeads(
  db: Db,
  teamId: number,
  where: { tier?: string; ownerId?: number | null },
  limit: number,
  options: { attributes?: boolean } = {},
) {
  const prisma = prismaOf(db);
  const filter: Prisma.LeadWhereInput = { teamId };
  if (where.tier !== undefined) filter.tier = where.tier;
  if (where.ownerId !== undefined) filter.ownerId = where.ownerId;
  const [found, total] = await Promise.all([
    prisma.lead.findMany({
      where: filter,
      orderBy: [{ score: "desc" }, { id: "asc" }],
      take: limit,
      select: { ...leadSelect, attributes: options.attributes === true, owner: { select: { displayName: true } } },
    }),
    prisma.lead.count({ where: filter }),
  ]);
  const invalid: InvalidRow[] = [];
  const rows = found.map(({ attributes: stored, ...lead }) => {
    if (!options.attributes) return { ...lead, attributes: {} };
    try {
      return { ...lead, attributes: readColumn(jsonObject, stored, { table: "lead", id: lead.id, column: "attributes" }) };
    } catch (error) {
      if (!(error instanceof InvalidRow)) throw error;
      invalid.push(error);
      return { ...lead, attributes: {} };
    }
  });
  return { rows, total, invalid };
}

export async function setLeadOwner(db: Db, teamId: number, leadId: number, ownerId: number | null): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.lead.update({ where: { id: leadId, teamId }, data: { ownerId }, select: { id: true } });
}

export async function setLeadStage(db: Db, teamId: number, leadId: number, stage: Prisma.LeadUpdateInput["stage"]): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.lead.update({ where: { id: leadId, teamId }, data: { stage }, select: { id: true } });
}

export async function recordStageChange(db: Db, data: Prisma.StageChangeUncheckedCreateInput) {
  const prisma = prismaOf(db);
  return prisma.stageChange.create({ data });
}

type StageName = NonNullable<Prisma.StageChangeUncheckedCreateInput["fromStage"]>;

/** Moves a lead to another stage and records who moved it and why, when it really moves. */
export async function moveStage(
  db: Db,
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

export async function insertEvent(db: Db, data: Prisma.EventUncheckedCreateInput) {
  const prisma = prismaOf(db);
  return prisma.event.create({ data, select: { id: true, leadId: true, type: true, occurredAt: true, externalId: true } });
}

export async function updateLeadPurchase(db: Db, leadId: number, at: Date) {
  const prisma = prismaOf(db);
  // Only move forward: an old purchase arriving late must not restart the buying cycle.
  return prisma.lead.updateMany({
    where: { id: leadId, OR: [{ lastPurchaseAt: null }, { lastPurchaseAt: { lt: at } }] },
    data: { lastPurchaseAt: at },
  });
}

export async function upsertQualification(
  db: Db,
  data: Prisma.QualificationUncheckedCreateInput,
) {
  const prisma = prismaOf(db);
  return prisma.qualification.upsert({
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

export async function insertCallLog(db: Db, data: Prisma.CallLogUncheckedCreateInput) {
  const prisma = prismaOf(db);
  return prisma.callLog.create({ data });
}

export async function listQualifications(db: Db, teamId: number, leadId: number, framework: "BANT" | "CHAMP") {
  const prisma = prismaOf(db);
  return prisma.qualification.findMany({ where: { teamId, leadId, framework } });
}

export async function countLeadsInTier(db: Db, teamId: number, tier: string) {
  const prisma = prismaOf(db);
  return prisma.lead.count({ where: { teamId, tier } });
}
