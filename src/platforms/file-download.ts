/** Downloading a file a person sent, without ever holding more than the limit in memory. */

export type LimitedBody =
  | { ok: true; data: Uint8Array; contentType: string }
  | { ok: false; reason: "too_large" | "http" | "redirect"; status?: number };

/**
 * Fetches `url` and reads at most `maxBytes` of its body; a larger body is abandoned as soon
 * as it passes the limit (a declared Content-Length over it is refused before reading).
 * A request that carries credentials (an Authorization header) never follows a redirect:
 * wherever it points, the token would go along (fetch keeps it for same-origin hops), so a
 * redirect is refused as `reason: "redirect"` instead.
 */
export async function fetchLimited(url: string | URL, options: { headers?: Record<string, string>; maxBytes: number; timeoutMs?: number }): Promise<LimitedBody> {
  const credentials = Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === "authorization");
  const response = await fetch(url, {
    ...(options.headers ? { headers: options.headers } : {}),
    redirect: credentials ? "manual" : "follow",
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  if (credentials && (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400))) {
    await response.body?.cancel().catch(() => {});
    return { ok: false, reason: "redirect", status: response.status };
  }
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
