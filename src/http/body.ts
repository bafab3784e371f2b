import type { IncomingMessage } from "node:http";

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415; error: string; message: string };

/**
 * Reads a JSON body of at most `limit` bytes. A declared or actual size over the limit
 * answers at once; the rest of the upload is drained and dropped, never buffered.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const type = req.headers["content-type"] ?? "";
  if (type && !/^application\/([\w.-]+\+)?json\b/i.test(type)) {
    req.resume();
    return { ok: false, status: 415, error: "unsupported_media_type", message: "Send the body as application/json." };
  }
  const raw = await readRawBody(req, limit);
  if (!raw.ok) return raw;
  const text = raw.value.toString("utf8");
  if (text.trim() === "") return { ok: false, status: 400, error: "invalid_json", message: "The body is empty; send a JSON object." };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : "unreadable";
    return { ok: false, status: 400, error: "invalid_json", message: `The body is not valid JSON: ${detail}` };
  }
}

export type RawBodyResult = { ok: true; value: Buffer } | { ok: false; status: 400 | 413; error: string; message: string };

/** Reads a body of at most `limit` bytes as they came (an uploaded file); over the limit it is drained, never buffered. */
export function readRawBody(req: IncomingMessage, limit: number): Promise<RawBodyResult> {
  const tooLarge: RawBodyResult = { ok: false, status: 413, error: "payload_too_large", message: `The body is larger than ${limit} bytes.` };
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve(tooLarge);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: RawBodyResult) => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      resolve(result);
    };
    req.on("data", (chunk: Buffer) => {
      if (settled) return; // draining after a 413
      size += chunk.length;
      if (size > limit) settle(tooLarge);
      else chunks.push(chunk);
    });
    req.on("error", () => settle({ ok: false, status: 400, error: "bad_request", message: "The body could not be read." }));
    req.on("end", () => {
      if (!settled) settle({ ok: true, value: Buffer.concat(chunks, size) });
    });
  });
}
