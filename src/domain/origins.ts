/**
 * The web origins a public key accepts (CORS): `https://www.acme.example`, `http://localhost:8080`,
 * or every subdomain of a domain, `https://*.acme.example`. Pure: parsing and matching.
 */

/** Origins one public key may list. */
export const MAX_ORIGINS = 20;

/**
 * An origin as it is stored (lower case, no path, no default port), or null when `text` is not
 * one: `https://acme.example/` and `HTTPS://Acme.example:443` are both `https://acme.example`.
 */
export function normaliseOrigin(text: string): string | null {
  const trimmed = text.trim().replace(/\/+$/, "");
  const wildcard = /^(https?):\/\/\*\.(.+)$/i.exec(trimmed);
  if (wildcard) {
    const rest = normaliseOrigin(`${wildcard[1]}://${wildcard[2]}`);
    // A wildcard needs a registrable-looking domain under it (`*.com` would be every site).
    if (!rest || !/^https?:\/\/[^.:]+\.[^:]+(:\d+)?$/.test(rest)) return null;
    return rest.replace("://", "://*.");
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // An origin is scheme, host and port: a path, a query, a fragment or a password is a mistake.
  if (url.pathname !== "/" || url.search || url.hash || url.username || url.password) return null;
  if (/[*\s]/.test(url.host)) return null;
  return url.origin;
}

/** Whether a browser's `Origin` header is one of `allowed` (exact, or under a `*.` wildcard). */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  const given = normaliseOrigin(origin);
  if (!given || given.includes("*")) return false;
  for (const entry of allowed) {
    if (entry === given) return true;
    const wildcard = /^(https?):\/\/\*\.(.+)$/.exec(entry);
    if (wildcard) {
      const [scheme, rest] = [wildcard[1]!, wildcard[2]!];
      if (given.startsWith(`${scheme}://`) && given.slice(scheme.length + 3).endsWith(`.${rest}`)) return true;
    }
  }
  return false;
}
