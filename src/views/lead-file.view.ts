/**
 * The words of lead files (/lead import, /lead export, POST /api/v1/leads/import, the platforms'
 * downloads): why a file cannot be imported, what else an import says about how the file was
 * read, what a cut-short import tells people, and the /lead export and /lead import answers.
 * Services return the problem as data (lead-file.ts). Without a translator a function speaks
 * English: the HTTP API's answers and the platforms' download refusals are English.
 */
import { reply, usageReply, type Block, type Reply } from "../chat/reply.js";
import { translator, type Translator } from "../i18n/index.js";
import type { FileNote, FileProblem, TextEncodingName } from "../services/lead-file.js";
import type { ExportedFile, ExportFilter, ImportRowResult, ImportSummary } from "../services/lead-transfer.service.js";

const ENGLISH = translator("en");

/** The column names a file's first row may use: typed, the same in every language. */
const COLUMNS = "name, email, phone, company, title, external id";
/** The columns one of which names a lead (typed). */
const IDENTITY_COLUMNS = ["email", "phone", "external id"];
/** Where a file too large for chat can go instead. */
const IMPORT_API = "POST /api/v1/leads/import";

const howTo = (t: Translator) => t.t("leadFile.howTo", { columns: COLUMNS });

/** "5 MB", "700 KB": sizes as people read them. */
export function readableSize(bytes: number, t: Translator = ENGLISH): string {
  if (bytes >= 1_048_576) return t.t("leadFile.megabytes", { size: t.number(Math.round((bytes / 1_048_576) * 10) / 10, { useGrouping: false }) });
  return t.t("leadFile.kilobytes", { size: t.number(Math.max(1, Math.round(bytes / 1024)), { useGrouping: false }) });
}

/** A file over the import limit; `bytes` undefined when its size is not known. Platforms say it before downloading. */
export function tooLargeMessage(bytes: number | undefined, limit: number, t: Translator = ENGLISH): string {
  const values = { limit: readableSize(limit, t), api: IMPORT_API };
  return bytes === undefined ? t.t("leadFile.tooLargeUnknown", values) : t.t("leadFile.tooLarge", { ...values, size: readableSize(bytes, t) });
}

/** Why a file cannot be imported, and what to do about it. */
export function fileProblemText(problem: FileProblem, t: Translator = ENGLISH): string {
  switch (problem.kind) {
    case "too_large":
      return tooLargeMessage(problem.bytes, problem.limit, t);
    case "empty":
      return problem.filename ? t.t("leadFile.emptyNamed", { filename: problem.filename, howTo: howTo(t) }) : t.t("leadFile.empty", { howTo: howTo(t) });
    case "archive":
      return problem.filename ? t.t("leadFile.archiveNamed", { filename: problem.filename }) : t.t("leadFile.archive");
    case "old_excel":
      return t.t("leadFile.oldExcel");
    case "not_a_spreadsheet":
      return problem.filename ? t.t("leadFile.notSpreadsheetNamed", { filename: problem.filename }) : t.t("leadFile.notSpreadsheet");
    case "csv_encoding_unknown":
      return t.t("leadFile.encodingUnknown");
    case "csv_row_too_long":
      return t.t("leadFile.rowTooLong", { row: String(problem.row ?? "?"), max: problem.max });
    case "csv_unreadable":
      return problem.line ? t.t("leadFile.csvUnreadableAt", { line: String(problem.line), detail: problem.detail }) : t.t("leadFile.csvUnreadable", { detail: problem.detail });
    case "xlsx_unsafe":
      return t.t("leadFile.xlsxUnsafe");
    case "xlsx_damaged":
      return t.t("leadFile.xlsxDamaged");
    case "no_rows":
      return t.t("leadFile.noRows", { what: problem.workbook ? "workbook" : "file", howTo: howTo(t) });
    case "too_many_rows":
      return t.t("leadFile.tooManyRows", { atLeast: problem.atLeast ? "yes" : "no", rows: problem.rows, max: problem.max });
    case "too_many_rows_read":
      return t.t("leadFile.tooManyRowsRead", { read: problem.read, empty: problem.empty });
    case "no_identity_column":
      return t.t("leadFile.noIdentityColumn", { columns: t.list(IDENTITY_COLUMNS, "disjunction"), howTo: howTo(t) });
    case "no_leads_under_header":
      return t.t("leadFile.noLeadsUnderHeader");
  }
}

/** What an import says besides the rows: cells that were not read, and why. */
export function fileNote(note: FileNote, t: Translator): string {
  return t.t("leadFile.ignoredColumns", { max: note.maxColumns, rows: note.rows });
}

/** `fileNote` in English: the HTTP API's `notes` (one argument, so `notes.map(fileNoteText)` works). */
export const fileNoteText = (note: FileNote): string => fileNote(note, ENGLISH);

/** The encodings' names, as the catalogs' select knows them. */
const ENCODING_NAMES: Record<Exclude<TextEncodingName, "utf-8">, string> = {
  "utf-16le": "utf16",
  "windows-1251": "cyrillic",
  "windows-1250": "centralEuropean",
  "windows-1252": "westernEuropean",
};

/** The note an import answer carries when a file was not UTF-8, so a wrong guess is noticed. */
export function encodingNote(encoding: TextEncodingName, t: Translator = ENGLISH): string | null {
  if (encoding === "utf-8") return null;
  return t.t("leadFile.encodingGuessed", { encoding: ENCODING_NAMES[encoding] });
}

/** "rows 1002–2501 were not imported; …": what a cut-short import tells people, in chat and over HTTP. */
export function incompleteMessage(incomplete: NonNullable<ImportSummary["incomplete"]>, t: Translator = ENGLISH): string {
  return t.t("leadFile.incomplete", {
    range: incomplete.firstRow === incomplete.lastRow ? "one" : "many",
    first: String(incomplete.firstRow),
    last: String(incomplete.lastRow),
  });
}

// ---- /lead export ------------------------------------------------------------------------------

/** The typed file types and filters, as an unread word's answer lists them. */
const EXPORT_TYPES = "csv, xlsx";
const EXPORT_FILTERS = "hot, warm, cold, mine, unclaimed";

/** A word after /lead export that is neither a file type nor a filter. */
export const exportUnreadReply = (typed: string, usage: string, t: Translator): Reply =>
  usageReply(t.t("leadFile.exportUnread", { typed, types: EXPORT_TYPES, filters: EXPORT_FILTERS }), usage, t);

/** The exported file with what to know about it, or that there was nothing to export. */
export function exportedReply(file: ExportedFile, filter: ExportFilter, format: string, maxAttributes: number, t: Translator): Reply {
  if (file.count === 0) return reply([{ type: "text", text: t.t("leadFile.exportNone", { filter }) }]);
  // "6 hot leads", "6 leads of yours", "6 leads".
  const leads = t.t("leadFile.exportCount", { filter, count: file.count });
  const shownFormat = format.toUpperCase();
  const blocks: Block[] = [{ type: "text", text: t.t("leadFile.exported", { count: file.count, leads, format: shownFormat, filename: file.filename }) }];
  if (file.total > file.count) blocks.push({ type: "context", text: t.t("leadFile.exportBest", { count: String(file.count), total: String(file.total) }) });
  if (file.omittedAttributeColumns > 0) {
    blocks.push({ type: "context", text: t.t("leadFile.exportOmitted", { count: file.omittedAttributeColumns, max: String(maxAttributes) }) });
  }
  if (file.unreadable.length > 0) {
    // Why each could not be read is the store's own description: data.
    blocks.push({ type: "context", text: t.t("leadFile.exportUnreadable", { count: file.unreadable.length, why: file.unreadable.slice(0, 3).join("; ") }) });
  }
  return {
    ...reply(blocks),
    attachments: [{ filename: file.filename, contentType: file.contentType, data: file.data, title: t.t("leadFile.exportTitle", { leads, format: shownFormat }) }],
  };
}

// ---- /lead import ------------------------------------------------------------------------------

/** How to send a file with the command on `platform` (all three when it is not known). */
function howToAttach(platform: string | undefined, command: string, t: Translator): string[] {
  const slack = t.t("leadFile.attachSlack", { command });
  const telegram = t.t("leadFile.attachTelegram", { command });
  const console = t.t("leadFile.attachConsole", { example: `${command} path/to/leads.csv` });
  if (platform === "slack") return [slack];
  if (platform === "telegram") return [telegram];
  if (platform === "console") return [console];
  return [slack, telegram, console];
}

/** /lead import without a file: how to attach one, and what it should hold. */
export function importHowToReply(platform: string | undefined, command: string, t: Translator): Reply {
  return reply(
    [
      { type: "text", text: t.t("leadFile.attach", { command }) },
      { type: "list", items: howToAttach(platform, command, t) },
      { type: "context", text: t.t("leadFile.importColumns", { columns: COLUMNS }) },
    ],
    { tone: "usage" },
  );
}

/** One file that could not be imported: its name and why. */
export const fileFailedBlock = (filename: string, why: string): Block => ({ type: "text", text: `${filename}: ${why}` });

/** The buttons under an import that stored something. */
export const importedActions = (t: Translator): Block => ({
  type: "actions",
  actions: [
    { label: t.t("leadFile.hotLeadsButton"), command: "/lead list hot" },
    { label: t.t("leadFile.allLeadsButton"), command: "/lead list" },
  ],
});

/** Why a row was refused: the words of the ones we know by code; the rest are the ingest API's own (English) words. */
function rowReason(result: ImportRowResult, t: Translator): string {
  if (result.code === "no_identity") return t.t("leadFile.rowNoIdentity");
  if (result.cell?.column === "cycle_days") return t.t("leadFile.rowCycleDays", { typed: result.cell.typed });
  if (result.cell?.column === "last_purchase") return t.t("leadFile.rowLastPurchase", { typed: result.cell.typed, example: "2026-03-31" });
  return result.reason ?? t.t("leadFile.rowRejected");
}

/** An imported file: what was created, updated and refused, and how the file was read. */
export function importSummaryBlocks(summary: ImportSummary, shownProblems: number, t: Translator): Block[] {
  const blocks: Block[] = [
    {
      type: "text",
      text: t.t("leadFile.imported", {
        part: summary.incomplete ? "yes" : "no",
        filename: summary.filename,
        // Counts as they are (1000, not 1,000), as the answer always said them.
        created: summary.created,
        createdCount: String(summary.created),
        updated: String(summary.updated),
        rejected: summary.rejected,
        rejectedCount: String(summary.rejected),
      }),
    },
  ];
  if (summary.incomplete) blocks.push({ type: "text", text: incompleteMessage(summary.incomplete, t) });
  const note = encodingNote(summary.encoding, t);
  if (note) blocks.push({ type: "context", text: note });
  for (const n of summary.notes) blocks.push({ type: "context", text: fileNote(n, t) });
  const problems = summary.results.filter((r) => r.status === "rejected");
  if (problems.length > 0) {
    blocks.push({
      type: "list",
      title: t.t("leadFile.notImported"),
      items: problems.slice(0, shownProblems).map((p) => t.t("leadFile.rowProblem", { row: String(p.row), reason: rowReason(p, t) })),
    });
    if (problems.length > shownProblems) blocks.push({ type: "context", text: t.t("leadFile.moreProblems", { count: problems.length - shownProblems }) });
  }
  return blocks;
}
