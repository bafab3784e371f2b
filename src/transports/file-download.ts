/** Downloading a file a person sent, without ever holding more than the limit in memory. */

export type LimitedBody = { ok: true; data: Uint8Array; contentType: string } | { ok: false; reason: "too_large" | "http"; status?: number };

/**
 * Fetches `url` and reads at most `maxBytes` of its body; a larger body is abandoned as soon
 * as it passes the limit (a declared Content-Length over it is refused before reading).
 */
export async function fetchLimited(url: string | URL, options: { headers?: Record<string, string>; maxBytes: number; timeoutMs?: number }): Promise<LimitedBody> {
  const response = await fetch(url, { ...(options.headers ? { headers: options.headers } : {}), signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => {});
    return { ok: false, reason: "http", status: response.status };
  }
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body.cancel().catch(() => {});
    return { ok: false, reason: "too_large" };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > options.maxBytes) {
      await response.body.cancel().catch(() => {});
      return { ok: false, reason: "too_large" };
    }
    chunks.push(chunk);
  }
  return { ok: true, data: Buffer.concat(chunks, size), contentType: response.headers.get("content-type") ?? "" };
}
