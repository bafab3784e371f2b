/**
 * POST /api/v1/leads/import: a CSV or XLSX file as the raw body, imported with the rules of
 * POST /api/v1/leads. Same API key, same rate limit (the ingestion API's buckets); a larger
 * body limit of its own (INGEST_IMPORT_MAX_BYTES), since a file is bigger than a JSON batch.
 *
 * A file pays the rate limit per 1,000 rows (ceil(rows / 1000) tokens, charged once it is
 * parsed and before anything is written), as the same rows sent as batches of
 * POST /api/v1/leads would: one token for 10,000 rows would let a key write ten times its
 * budget. A refused file writes nothing and costs nothing; Retry-After says when it fits.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { ServiceDeps } from "../services/deps.js";
import { MAX_BATCH_ITEMS } from "../services/ingest.service.js";
import { CONTENT_TYPES, DEFAULT_IMPORT_LIMITS } from "../services/lead-file.js";
import { readLeadImport, storeLeadImport } from "../services/lead-transfer.service.js";
import { failureText } from "../views/failure.view.js";
import { fileNoteText, incompleteMessage } from "../views/lead-file.view.js";
import { readRawBody } from "./body.js";
import type { HttpConfig } from "./http.config.js";
import { problem, sendJson, type IngestApi, type Send } from "./ingest.routes.js";

export const IMPORT_PATH = "/api/v1/leads/import";

/** Rows a rate-limit token pays for: a batch of POST /api/v1/leads (MAX_BATCH_ITEMS). */
export const ROWS_PER_TOKEN = MAX_BATCH_ITEMS;

const ACCEPTED: Record<string, "csv" | "xlsx"> = {
  "text/csv": "csv",
  "application/csv": "csv",
  [CONTENT_TYPES.xlsx]: "xlsx",
};

export async function handleImport(
  req: IncomingMessage,
  res: ServerResponse,
  env: { api: IngestApi; deps: ServiceDeps; config: HttpConfig; log: Logger },
): Promise<void> {
  const started = performance.now();
  const send: Send = (status, body, headers) => sendJson(res, status, body, headers);
  const key = await env.api.admit(req, send);
  if (!key) return;
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  const format = ACCEPTED[type];
  if (!format) {
    req.resume();
    return send(415, problem("unsupported_media_type", `Send the file as the body with Content-Type text/csv or ${CONTENT_TYPES.xlsx}.`));
  }
  const maxBytes = env.config.INGEST_IMPORT_MAX_BYTES;
  const body = await readRawBody(req, maxBytes);
  if (!body.ok) return send(body.status, problem(body.error, body.message), body.status === 413 ? { connection: "close" } : {});
  const filename = fileNameOf(req) ?? `upload.${format}`;
  const file = { filename, contentType: type, data: body.value };
  const read = await readLeadImport(file, { ...DEFAULT_IMPORT_LIMITS, maxBytes });
  if (!read.ok) return send(422, problem("invalid_file", failureText(read.error)));
  const rows = read.value.rows.length + read.value.problems.length;
  if (!(await env.api.charge(key, Math.ceil(rows / ROWS_PER_TOKEN), send))) return;
  const summary = await storeLeadImport(env.deps, key.teamId, file, read.value);
  const accepted = summary.results.filter((r) => r.status === "accepted").length;
  env.deps.metrics?.ingestItems("leads/import", summary.results);
  env.log[summary.incomplete ? "error" : "info"](
    {
      teamId: key.teamId,
      keyId: key.keyId,
      endpoint: "leads/import",
      format: summary.format,
      encoding: summary.encoding,
      rows: summary.rows,
      accepted,
      rejected: summary.rejected,
      notImported: summary.incomplete?.notImported ?? 0,
      ms: Math.round(performance.now() - started),
    },
    summary.incomplete ? "lead file import stopped part way" : "imported a lead file",
  );
  // The shape of POST /api/v1/leads, plus row numbers and the created/updated split. An import
  // cut short answers 500 (the request did not complete) with what was and was not stored.
  const incomplete = summary.incomplete ? { error: "import_incomplete", message: incompleteMessage(summary.incomplete), notImported: summary.incomplete } : {};
  send(summary.incomplete ? 500 : 200, {
    ...incomplete,
    format: summary.format,
    encoding: summary.encoding,
    rows: summary.rows,
    accepted,
    duplicates: 0,
    rejected: summary.rejected,
    created: summary.created,
    updated: summary.updated,
    // The API's answer keeps its shape: `reason` says what `cell` (for chat answers) holds.
    results: summary.results.map(({ cell: _cell, ...r }, index) => ({ index, ...r })),
    ...(summary.notes.length > 0 ? { notes: summary.notes.map(fileNoteText) } : {}),
  });
}

/** `Content-Disposition: attachment; filename="leads.csv"`, when the client names the file. */
function fileNameOf(req: IncomingMessage): string | undefined {
  const header = req.headers["content-disposition"];
  const match = header ? /filename="?([^";]+)"?/i.exec(header) : null;
  return match?.[1]?.trim() || undefined;
}
