import proxyaddr from "proxy-addr";
import { z } from "zod";

/**
 * Limits of the ingestion API: the HTTP layer owns its knobs, and src/config.ts composes them
 * with every other module's.
 */
export const httpEnv = z.object({
  /** Largest request body accepted; larger ones answer 413 while they are being read. */
  INGEST_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).max(64 * 1_048_576).default(1_048_576),
  /** Largest CSV/XLSX file POST /api/v1/leads/import accepts (files sent in chat: up to 5 MB). */
  INGEST_IMPORT_MAX_BYTES: z.coerce.number().int().min(1_024).max(64 * 1_048_576).default(5 * 1_048_576),
  /** Sustained requests per minute per API key (token bucket refill). */
  INGEST_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Requests a key may make at once before the per-minute rate applies (bucket size). */
  INGEST_RATE_BURST: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** Sustained requests per minute from one visitor (IP address) with one public key (the website snippet). */
  PUBLIC_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** Requests one visitor may send at once before the per-minute rate applies. */
  PUBLIC_RATE_BURST: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /**
   * Which proxies in front of the bot are trusted to say the visitor's address (X-Forwarded-For):
   * a number of hops ("1" behind one reverse proxy, as in docker-compose.yml), or addresses and
   * subnets ("loopback, 10.0.0.0/8"). Unset: none; the connection's own address is the visitor's.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(\d{1,2}|[\w.:/]+(\s*,\s*[\w.:/]+)*)?$/, "TRUST_PROXY is a number of proxy hops (e.g. 1), or addresses and subnets separated by commas (e.g. loopback, 10.0.0.0/8).")
    .refine((text) => {
      if (text === "" || /^\d+$/.test(text)) return true;
      try {
        proxyaddr.compile(text.split(",").map((part) => part.trim()));
        return true;
      } catch {
        return false;
      }
    }, "TRUST_PROXY names an address or subnet proxy-addr does not know; use IP addresses, CIDR subnets, loopback, linklocal or uniquelocal.")
    .default(""),
});

export type HttpConfig = z.output<typeof httpEnv>;

/** The HTTP layer's config from its parsed variables: they are used as they are. */
export const httpConfigFrom = (values: HttpConfig): HttpConfig => values;

export const DEFAULT_HTTP_CONFIG: HttpConfig = httpConfigFrom(httpEnv.parse({}));
