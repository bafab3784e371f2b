/**
 * GET /t.js: the website snippet (src/http/snippet/t.js), served as it is with caching headers:
 * browsers and CDNs keep it an hour and then revalidate it with its ETag. Compressed once, at
 * start-up, for clients that take gzip (about 3 KB instead of 8).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";

export const SNIPPET_PATH = "/t.js";

const SOURCE = readFileSync(new URL("./snippet/t.js", import.meta.url));
const GZIPPED = gzipSync(SOURCE, { level: 9 });
const ETAG = `"${createHash("sha256").update(SOURCE).digest("base64url").slice(0, 22)}"`;

/** The snippet's size in bytes, as served (the README says "a few KB"; a test holds it to that). */
export const SNIPPET_BYTES = SOURCE.byteLength;

export function serveSnippet(req: IncomingMessage, res: ServerResponse): void {
  const headers = {
    "content-type": "text/javascript; charset=utf-8",
    "cache-control": "public, max-age=3600",
    etag: ETAG,
    // Any site may load it (it holds no secret); the key it is given decides what is accepted.
    "access-control-allow-origin": "*",
    "x-content-type-options": "nosniff",
    vary: "Accept-Encoding",
  };
  req.resume();
  const given = req.headers["if-none-match"];
  if (typeof given === "string" && given.split(",").some((tag) => tag.trim().replace(/^W\//, "") === ETAG)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const gzip = /\bgzip\b/i.test(String(req.headers["accept-encoding"] ?? ""));
  const body = gzip ? GZIPPED : SOURCE;
  res.writeHead(200, { ...headers, ...(gzip ? { "content-encoding": "gzip" } : {}), "content-length": String(body.byteLength) });
  res.end(req.method === "HEAD" ? undefined : body);
}
