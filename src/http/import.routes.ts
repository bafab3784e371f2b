/**
 * POST /api/v1/leads/import: a CSV or XLSX file as the raw body, imported with the rules of
 * POST /api/v1/leads. Same API key, same rate limit (the ingestion API's buckets); a larger
 * body limit of its own (INGEST_IMPORT_MAX_BYTES), since a file is bigger than a JSON batch.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { ServiceDeps } from "../services/deps.js";
import { CONTENT_TYPES, DEFAULT_IMPORT_LIMITS } from "../services/lead-file.js";
import { importLeadFileForTeam } from "../services/lead-transfer.service.js";
import { readRawBody } from "./body.js";
import type { HttpConfig } from "./http.config.js";
import { problem, sendJson, type IngestApi, type Send } from "./ingest.routes.js";

export const IMPORT_PATH = "/api/v1/leads/import";

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
  const imported = await importLeadFileForTeam(env.deps, key.teamId, { filename, contentType: type, data: body.value }, { ...DEFAULT_IMPORT_LIMITS, maxBytes });
  if (!imported.ok) return send(422, problem("invalid_file", imported.error.message));
  const summary = imported.value;
  const accepted = summary.results.filter((r) => r.status === "accepted").length;
  env.log.info(
    { teamId: key.teamId, keyId: key.keyId, endpoint: "leads/import", format: summary.format, rows: summary.rows, accepted, rejected: summary.rejected, ms: Math.round(performance.now() - started) },
    "imported a lead file",
  );
  // The shape of POST /api/v1/leads, plus row numbers and the created/updated split.
  send(200, {
    format: summary.format,
    rows: summary.rows,
    accepted,
    duplicates: 0,
    rejected: summary.rejected,
    created: summary.created,
    updated: summary.updated,
    results: summary.results.map((r, index) => ({ index, ...r })),
  });
}

/** `Content-Disposition: attachment; filename="leads.csv"`, when the client names the file. */
function fileNameOf(req: IncomingMessage): string | undefined {
  const header = req.headers["content-disposition"];
  const match = header ? /filename="?([^";]+)"?/i.exec(header) : null;
  return match?.[1]?.trim() || undefined;
}
