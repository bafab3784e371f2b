import type { OutboxPlatform } from "../platforms/names.js";
import type { Db } from "./store.js";
import { prismaOf, sqlOf } from "./types.js";

export async function alertStates(db: Db, teamId: number, leadIds: number[]) {
  const prisma = prismaOf(db);
  return prisma.lead.findMany({ where: { teamId, id: { in: leadIds } }, select: { id: true, alertArmed: true, snoozedUntil: true } });
}

export async function setAlertArmed(db: Db, teamId: number, leadIds: number[], armed: boolean): Promise<void> {
  const prisma = prismaOf(db);
  if (leadIds.length === 0) return;
  await prisma.lead.updateMany({ where: { teamId, id: { in: leadIds } }, data: { alertArmed: armed } });
}

export async function snoozeLead(db: Db, teamId: number, leadId: number, until: Date): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.lead.update({ where: { id: leadId, teamId }, data: { snoozedUntil: until } });
}

/**
 * Writes alerts in one statement (ingestion can make hundreds of leads hot in one batch).
 * Returns lead id → alert id; there is at most one alert per lead per call.
 */
export async function insertAlerts(
  db: Db,
  teamId: number,
  alerts: Array<{ leadId: number; score: number; reasons: unknown }>,
  at: Date,
): Promise<Map<number, number>> {
  const sql = sqlOf(db);
  if (alerts.length === 0) return new Map();
  const rows = await sql.query<{ id: number; lead_id: number }>(
    `INSERT INTO alert (team_id, lead_id, score, reasons, created_at)
     SELECT $1, u.lead_id, u.score, u.reasons::jsonb, $5::timestamp(3)
       FROM unnest($2::int[], $3::int[], $4::text[]) AS u(lead_id, score, reasons)
     RETURNING id, lead_id`,
    [teamId, alerts.map((a) => a.leadId), alerts.map((a) => a.score), alerts.map((a) => JSON.stringify(a.reasons)), at.toISOString()],
  );
  return new Map(rows.map((r) => [Number(r.lead_id), Number(r.id)]));
}

/** Queues each alert's message in the outbox and links it to its alert, in two statements. */
export async function queueAlertMessages(
  db: Db,
  teamId: number,
  channel: { platform: OutboxPlatform; id: string },
  messages: Array<{ alertId: number; payload: unknown }>,
  at: Date,
): Promise<Map<number, number>> {
  const sql = sqlOf(db);
  if (messages.length === 0) return new Map();
  const rows = await sql.query<{ id: number; alert_id: number }>(
    `INSERT INTO outbox (team_id, kind, platform, channel, payload, dedupe_key, next_attempt_at, created_at)
     SELECT $1, 'alert', $2, $3, u.payload::jsonb, 'alert:' || u.alert_id, $6::timestamp(3), $6::timestamp(3)
       FROM unnest($4::text[], $5::int[]) AS u(payload, alert_id)
     RETURNING id, substr(dedupe_key, 7)::int AS alert_id`,
    [teamId, channel.platform, channel.id, messages.map((m) => JSON.stringify(m.payload)), messages.map((m) => m.alertId), at.toISOString()],
  );
  const byAlert = new Map(rows.map((r) => [Number(r.alert_id), Number(r.id)]));
  await sql.query(`UPDATE alert AS a SET outbox_id = u.outbox_id FROM unnest($1::int[], $2::int[]) AS u(id, outbox_id) WHERE a.id = u.id`, [
    [...byAlert.keys()],
    [...byAlert.values()],
  ]);
  return byAlert;
}

/** Marks the lead's latest alert acted on, the first time someone claims it or logs a call. */
export async function markAlertActed(db: Db, teamId: number, leadId: number, memberId: number, at: Date): Promise<void> {
  const prisma = prismaOf(db);
  const latest = await prisma.alert.findFirst({ where: { teamId, leadId }, orderBy: { id: "desc" }, select: { id: true, actedAt: true } });
  if (latest && latest.actedAt === null) await prisma.alert.update({ where: { id: latest.id }, data: { actedAt: at, actedById: memberId } });
}


/** Company and owner of the leads an alert talks about. */
export async function alertLeadDetails(db: Db, teamId: number, leadIds: number[]) {
  const prisma = prismaOf(db);
  return prisma.lead.findMany({ where: { teamId, id: { in: leadIds } }, select: { id: true, company: true, owner: { select: { displayName: true } } } });
}
