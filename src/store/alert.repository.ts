import type { Prisma } from "./generated/client.js";
import type { DbOrTx } from "./types.js";

export async function alertStates(db: DbOrTx, teamId: number, leadIds: number[]) {
  return db.lead.findMany({ where: { teamId, id: { in: leadIds } }, select: { id: true, alertArmed: true, snoozedUntil: true } });
}

export async function setAlertArmed(db: DbOrTx, teamId: number, leadIds: number[], armed: boolean): Promise<void> {
  if (leadIds.length === 0) return;
  await db.lead.updateMany({ where: { teamId, id: { in: leadIds } }, data: { alertArmed: armed } });
}

export async function snoozeLead(db: DbOrTx, teamId: number, leadId: number, until: Date): Promise<void> {
  await db.lead.update({ where: { id: leadId, teamId }, data: { snoozedUntil: until } });
}

export async function insertAlert(db: DbOrTx, data: Prisma.AlertUncheckedCreateInput) {
  return db.alert.create({ data });
}

export async function insertOutbox(db: DbOrTx, data: Prisma.OutboxUncheckedCreateInput) {
  return db.outbox.create({ data });
}

/** Marks the lead's latest alert acted on, the first time someone claims it or logs a call. */
export async function markAlertActed(db: DbOrTx, teamId: number, leadId: number, memberId: number, at: Date): Promise<void> {
  const latest = await db.alert.findFirst({ where: { teamId, leadId }, orderBy: { id: "desc" }, select: { id: true, actedAt: true } });
  if (latest && latest.actedAt === null) await db.alert.update({ where: { id: latest.id }, data: { actedAt: at, actedById: memberId } });
}

export async function linkAlertOutbox(db: DbOrTx, alertId: number, outboxId: number): Promise<void> {
  await db.alert.update({ where: { id: alertId }, data: { outboxId } });
}

/** Company and owner of the leads an alert talks about. */
export async function alertLeadDetails(db: DbOrTx, teamId: number, leadIds: number[]) {
  return db.lead.findMany({ where: { teamId, id: { in: leadIds } }, select: { id: true, company: true, owner: { select: { displayName: true } } } });
}
