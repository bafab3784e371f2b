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
import { ingestLeads, type RejectCode } from "./ingest.service.js";
import {
  CONTENT_TYPES,
  DEFAULT_IMPORT_LIMITS,
  exportTable,
  readLeadFile,
  writeCsv,
  writeXlsx,
  type CellProblem,
  type ExportLead,
  type FileNote,
  type ImportLimits,
  type LeadFileFormat,
  type TextEncodingName,
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
  /** "not_imported": the import stopped (a database failure) before this row's batch was stored. */
  status: "accepted" | "rejected" | "not_imported";
  /** Why, in the ingest API's (English) words; chat answers word `code` and `cell` themselves where they can. */
  reason?: string;
  /** The cell an `unreadable_row` could not be read with. */
  cell?: CellProblem;
  /** Why, as a code: the row's item's (see RejectCode), `unreadable_row` (the file's own problem with the row) or `import_stopped`. */
  code?: RejectCode | "unreadable_row" | "import_stopped";
  leadId?: number;
  /** The lead did not exist before this import. */
  created?: boolean;
}

export interface ImportSummary {
  filename: string;
  format: LeadFileFormat;
  /** How the file's text was read: anything but "utf-8" was a guess the answer should name. */
  encoding: TextEncodingName;
  /** Non-empty rows under the header. */
  rows: number;
  /** Distinct leads created and updated (two rows for one lead count once). */
  created: number;
  updated: number;
  /** Rows refused; nothing was written for them. */
  rejected: number;
  /** One per row, in row order. */
  results: ImportRowResult[];
  /** What else the answer should say about how the file was read (cells past the column cap ignored). */
  notes: FileNote[];
  /**
   * Set when a batch failed after earlier ones were stored: rows `firstRow`–`lastRow` (as the
   * sheet numbers them) were not imported; the rows before them were. Sending the same file
   * again is safe, since a re-import updates.
   */
  incomplete?: { firstRow: number; lastRow: number; notImported: number };
}

export interface ImportOptions {
  /** Rows per transaction; only tests change it. */
  batchRows?: number;
}

/** The stage history's reason for a lead a file created: the file's name, within reason. */
function importReason(filename: string | undefined): string {
  const name = filename?.trim().replace(/\s+/g, " ");
  return name ? `imported from ${name.length > 80 ? `${name.slice(0, 79)}…` : name}` : "imported from a file";
}

/**
 * Ingestion runs in batches of this many rows, each its own transaction: a 10,000-row file
 * never holds one transaction (and the leads it locks) for the whole import. A re-import is
 * an update, so a file cut short by a failure can simply be sent again; the summary says
 * which rows were stored (`incomplete`), since "nothing was stored" would be false.
 */
export const IMPORT_BATCH_ROWS = 1_000;

/** Imports a lead file for a team (the HTTP route, authenticated by API key). */
export async function importLeadFileForTeam(
  deps: ServiceDeps,
  teamId: number,
  file: LeadFileInput,
  limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
  options: ImportOptions = {},
): Promise<Result<ImportSummary>> {
  const read = await readLeadImport(file, limits);
  if (!read.ok) return read;
  return ok(await storeLeadImport(deps, teamId, file, read.value, options));
}

/** A lead file, read and checked; nothing is stored yet. */
export type ReadImport = Extract<Awaited<ReturnType<typeof readLeadFile>>, { ok: true }>;

/** The first half of an import, for callers that act between reading and storing (the HTTP route's rate limit). */
export async function readLeadImport(file: LeadFileInput, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): Promise<Result<ReadImport>> {
  const read = await readLeadFile(file, limits);
  return read.ok ? ok(read) : invalid({ reason: "file_unreadable", problem: read.problem });
}

/** The read rows into the store, batch by batch; a later batch failing leaves a partial summary. */
export async function storeLeadImport(deps: ServiceDeps, teamId: number, file: LeadFileInput, read: ReadImport, options: ImportOptions = {}): Promise<ImportSummary> {
  const batchRows = options.batchRows ?? IMPORT_BATCH_ROWS;
  const createdReason = importReason(file.filename);
  const results: ImportRowResult[] = read.problems.map((p) => ({ row: p.row, status: "rejected", reason: p.reason, code: "unreadable_row", ...(p.cell ? { cell: p.cell } : {}) }));
  let incomplete: ImportSummary["incomplete"];
  for (let start = 0; start < read.rows.length; start += batchRows) {
    const batch = read.rows.slice(start, start + batchRows);
    let outcome: Awaited<ReturnType<typeof ingestLeads>>;
    try {
      outcome = await ingestLeads(deps, teamId, batch.map((r) => r.item), { createdReason });
    } catch (error) {
      // Nothing stored yet: the caller's "nothing was stored" answer is true, so let it give it.
      if (start === 0) throw error;
      const rest = read.rows.slice(start);
      for (const r of rest) results.push({ row: r.row, status: "not_imported", reason: "the import stopped before this row (a database error)", code: "import_stopped" });
      incomplete = { firstRow: rest[0]!.row, lastRow: rest[rest.length - 1]!.row, notImported: rest.length };
      break;
    }
    for (const item of outcome.results) {
      const row = batch[item.index]!.row;
      results.push(
        item.status === "rejected"
          ? { row, status: "rejected", reason: item.reason ?? "rejected", ...(item.code ? { code: item.code } : {}) }
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
  return {
    filename: file.filename ?? `leads.${read.format}`,
    format: read.format,
    encoding: read.encoding,
    rows: read.rows.length + read.problems.length,
    created: created.size,
    updated: touched.size - created.size,
    rejected: results.filter((r) => r.status === "rejected").length,
    results,
    notes: read.notes,
    ...(incomplete ? { incomplete } : {}),
  };
}

/** Imports a lead file sent in chat by a team member. */
export function importLeadFile(deps: ServiceDeps, actor: Actor, file: LeadFileInput, limits?: ImportLimits, options?: ImportOptions): Promise<Result<ImportSummary>> {
  return importLeadFileForTeam(deps, actor.teamId, file, limits, options);
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
  /**
   * Attribute names left out of the file: it has a column for each of the
   * LIMITS.attributeKeysPerTeam names the most leads use, and no more.
   */
  omittedAttributeColumns: number;
  /** Leads whose stored attributes could not be read: in the file without them, each with why. */
  unreadable: string[];
}

/** A team's leads (all, a tier, the actor's own, or the unclaimed ones) as a CSV or XLSX file, best first. */
export async function exportLeadFile(
  deps: ServiceDeps,
  actor: Actor,
  options: { format: LeadFileFormat; filter: ExportFilter },
): Promise<Result<ExportedFile>> {
  const { format, filter } = options;
  const where = filter === "mine" ? { ownerId: actor.memberId } : filter === "unclaimed" ? { ownerId: null } : filter === "all" ? {} : { tier: filter };
  // One snapshot, so the count and the rows agree however many writes land meanwhile.
  const { rows, total, invalid } = await deps.store.snapshot((db) => listLeads(db, actor.teamId, where, EXPORT_MAX_ROWS, { attributes: true }));
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
    attributes: r.attributes,
  }));
  const { table, omittedAttributeColumns } = exportTable(leads);
  const data = format === "csv" ? writeCsv(table) : await writeXlsx(table);
  const day = deps.clock().toISOString().slice(0, 10);
  return ok({
    filename: `leads${filter === "all" ? "" : `-${filter}`}-${day}.${format}`,
    contentType: CONTENT_TYPES[format],
    data,
    count: leads.length,
    total,
    omittedAttributeColumns,
    unreadable: invalid.map((error) => error.message),
  });
}
