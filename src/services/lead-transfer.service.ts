/**
 * Lead files in and out: importing a CSV/XLSX goes through `ingestLeads`, so a file obeys
 * exactly the rules of POST /api/v1/leads (matching by external id, email, phone; per-row
 * answers; nothing written for a refused row). Exports write a team's leads as CSV or XLSX.
 *
 * Who may: any team member, both ways. Any member can already add leads one by one
 * (/lead add) and see every lead (/lead list, /lead status); a file is the same thing in bulk.
 */
import { listLeads, type LeadFilter } from "../store/lead.repository.js";
import type { Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { ingestLeads } from "./ingest.service.js";
import {
  CONTENT_TYPES,
  DEFAULT_IMPORT_LIMITS,
  exportTable,
  readLeadFile,
  writeCsv,
  writeXlsx,
  type ExportLead,
  type ImportLimits,
  type LeadFileFormat,
} from "./lead-file.js";
import { invalid, ok, type Result } from "./result.js";

export interface LeadFileInput {
  filename?: string;
  contentType?: string;
  data: Uint8Array;
}

export interface ImportRowResult {
  /** The row number a spreadsheet shows (the header is row 1). */
  row: number;
  status: "accepted" | "rejected";
  reason?: string;
  leadId?: number;
  /** The lead did not exist before this import. */
  created?: boolean;
}

export interface ImportSummary {
  filename: string;
  format: LeadFileFormat;
  /** Non-empty rows under the header. */
  rows: number;
  /** Distinct leads created and updated (two rows for one lead count once). */
  created: number;
  updated: number;
  /** Rows refused; nothing was written for them. */
  rejected: number;
  /** One per row, in row order. */
  results: ImportRowResult[];
}

/**
 * Ingestion runs in batches of this many rows, each its own transaction: a 10,000-row file
 * never holds one transaction (and the leads it locks) for the whole import. A re-import is
 * an update, so a file cut short by a failure can simply be sent again.
 */
export const IMPORT_BATCH_ROWS = 1_000;

/** Imports a lead file for a team (the HTTP route, authenticated by API key). */
export async function importLeadFileForTeam(
  deps: ServiceDeps,
  teamId: number,
  file: LeadFileInput,
  limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
): Promise<Result<ImportSummary>> {
  const read = await readLeadFile(file, limits);
  if (!read.ok) return invalid(read.message);
  const results: ImportRowResult[] = read.problems.map((p) => ({ row: p.row, status: "rejected", reason: p.reason }));
  for (let start = 0; start < read.rows.length; start += IMPORT_BATCH_ROWS) {
    const batch = read.rows.slice(start, start + IMPORT_BATCH_ROWS);
    const outcome = await ingestLeads(deps, teamId, batch.map((r) => r.item));
    for (const item of outcome.results) {
      const row = batch[item.index]!.row;
      results.push(
        item.status === "rejected"
          ? { row, status: "rejected", reason: item.reason ?? "rejected" }
          : { row, status: "accepted", ...(item.leadId !== undefined ? { leadId: item.leadId } : {}), created: item.created === true },
      );
    }
  }
  results.sort((a, b) => a.row - b.row);
  const created = new Set<number>();
  const touched = new Set<number>();
  for (const r of results) {
    if (r.leadId === undefined) continue;
    touched.add(r.leadId);
    if (r.created) created.add(r.leadId);
  }
  return ok({
    filename: file.filename ?? `leads.${read.format}`,
    format: read.format,
    rows: read.rows.length + read.problems.length,
    created: created.size,
    updated: touched.size - created.size,
    rejected: results.filter((r) => r.status === "rejected").length,
    results,
  });
}

/** Imports a lead file sent in chat by a team member. */
export function importLeadFile(deps: ServiceDeps, actor: Actor, file: LeadFileInput, limits?: ImportLimits): Promise<Result<ImportSummary>> {
  return importLeadFileForTeam(deps, actor.teamId, file, limits);
}

export type ExportFilter = LeadFilter;

/** More than any chat team keeps; a larger store is exported through the database. */
export const EXPORT_MAX_ROWS = 50_000;

export interface ExportedFile {
  filename: string;
  contentType: string;
  data: Uint8Array;
  /** Leads in the file, and how many matched (more only past EXPORT_MAX_ROWS). */
  count: number;
  total: number;
}

/** A team's leads (all, a tier, the actor's own, or the unclaimed ones) as a CSV or XLSX file, best first. */
export async function exportLeadFile(
  deps: ServiceDeps,
  actor: Actor,
  options: { format: LeadFileFormat; filter: ExportFilter },
): Promise<Result<ExportedFile>> {
  const { format, filter } = options;
  const where = filter === "mine" ? { ownerId: actor.memberId } : filter === "unclaimed" ? { ownerId: null } : filter === "all" ? {} : { tier: filter };
  const { rows, total } = await listLeads(deps.db, actor.teamId, where, EXPORT_MAX_ROWS);
  const leads: ExportLead[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    company: r.company,
    title: r.title,
    externalId: r.externalId,
    lastPurchaseAt: r.lastPurchaseAt,
    cycleDays: r.cycleDays,
    score: r.score,
    tier: r.tier,
    stage: r.stage,
    owner: r.owner?.displayName ?? null,
    attributes: isRecord(r.attributes) ? r.attributes : {},
  }));
  const table = exportTable(leads);
  const data = format === "csv" ? writeCsv(table) : await writeXlsx(table);
  const day = deps.clock().toISOString().slice(0, 10);
  return ok({
    filename: `leads${filter === "all" ? "" : `-${filter}`}-${day}.${format}`,
    contentType: CONTENT_TYPES[format],
    data,
    count: leads.length,
    total,
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
