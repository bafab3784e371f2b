import { createHash, randomBytes } from "node:crypto";
import {
  findApiKeyByHash,
  insertApiKey,
  listApiKeys,
  revokeApiKeyRow,
  setApiKeyOrigins,
  touchApiKey,
  type ApiKeyRow,
} from "../store/api-key.repository.js";
import { MAX_ORIGINS, normaliseOrigin } from "../domain/origins.js";
import { textProblem } from "../domain/safe-input.js";
import type { Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { fail, forbidden, invalid, ok, type Result } from "./result.js";
import { recordAudit } from "./team-admin.service.js";

/** Every key starts with this, so leaked keys are easy to recognise (and to scan for). */
export const API_KEY_PREFIX = "lsk_";
/** A public key's start: the website snippet's key, which is in every page's HTML. */
export const PUBLIC_KEY_PREFIX = "lpk_";
/** How much of a key is stored in clear and shown in listings: "lsk_" plus 8 characters. */
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
const KEY_SHAPE = /^lsk_[A-Za-z0-9_-]{20,100}$/;
const PUBLIC_KEY_SHAPE = /^lpk_[A-Za-z0-9_-]{20,100}$/;

export type ApiKeyKind = ApiKeyRow["kind"];

export const ADMINS_ONLY = { reason: "admins_only", what: "api_keys" } as const;

export type ApiKeyView = ApiKeyRow;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** A new random key (192 bits) and what is stored of it. */
export function generateApiKey(kind: ApiKeyKind = "secret"): { key: string; prefix: string; hash: string } {
  const key = `${kind === "public" ? PUBLIC_KEY_PREFIX : API_KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
  return { key, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), hash: hashApiKey(key) };
}

/** Origins as typed (spaces or commas between them), each normalised; the first that is not one is named. */
export function parseOrigins(texts: readonly string[]): Result<string[]> {
  const typed = texts.flatMap((t) => t.split(/[\s,]+/)).filter((t) => t !== "");
  if (typed.length === 0) return invalid({ reason: "origins_missing" });
  const origins: string[] = [];
  for (const text of typed) {
    const origin = normaliseOrigin(text);
    if (!origin) return invalid({ reason: "origin_unfit", typed: text.slice(0, 200) });
    if (!origins.includes(origin)) origins.push(origin);
  }
  if (origins.length > MAX_ORIGINS) return invalid({ reason: "origins_too_many", max: MAX_ORIGINS });
  return ok(origins);
}

function validName(name: string): Result<string> {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 60 || textProblem(trimmed)) return invalid({ reason: "api_key_name_unfit" });
  return ok(trimmed);
}

/** Creates a key for a team. The returned `key` is the only time it exists in clear. */
export async function createTeamApiKey(
  deps: ServiceDeps,
  teamId: number,
  name: string,
  createdById: number | null = null,
  /** A public key (`kind: "public"`) needs the origins it is accepted from. */
  options: { kind?: ApiKeyKind; origins?: readonly string[] } = {},
): Promise<Result<{ key: string; apiKey: ApiKeyView }>> {
  const checked = validName(name);
  if (!checked.ok) return checked;
  const kind = options.kind ?? "secret";
  let origins: string[] = [];
  if (kind === "public") {
    const parsed = parseOrigins(options.origins ?? []);
    if (!parsed.ok) return parsed;
    origins = parsed.value;
  }
  const { key, prefix, hash } = generateApiKey(kind);
  const apiKey = await insertApiKey(deps.store.db, { teamId, name: checked.value, prefix, hash, createdById, createdAt: deps.clock(), kind, origins });
  return ok({ key, apiKey });
}

export async function listTeamApiKeys(deps: ServiceDeps, teamId: number): Promise<ApiKeyView[]> {
  return listApiKeys(deps.store.db, teamId);
}

/**
 * Revokes the key `ref` names: its id ("3" or "#3") or its shown prefix ("lsk_AbCd1234").
 * A prefix matching several active keys is refused rather than guessed.
 */
/** The key `ref` names: its id ("3" or "#3") or its shown prefix; a prefix matching several active keys is refused. */
async function findKey(deps: ServiceDeps, teamId: number, ref: string): Promise<Result<ApiKeyView>> {
  const keys = await listApiKeys(deps.store.db, teamId);
  const text = ref.trim();
  const byId = /^#?(\d+)$/.exec(text);
  const matches = byId
    ? keys.filter((k) => k.id === Number(byId[1]))
    : text.length >= API_KEY_PREFIX.length + 2
      ? keys.filter((k) => k.revokedAt === null && (k.prefix.startsWith(text) || text.startsWith(k.prefix)))
      : [];
  if (matches.length === 0) return fail({ code: "invalid", reason: "api_key_not_found", ref });
  if (matches.length > 1) return fail({ code: "invalid", reason: "api_key_ambiguous", ref, count: matches.length });
  return ok(matches[0]!);
}

export async function revokeTeamApiKey(deps: ServiceDeps, teamId: number, ref: string): Promise<Result<{ apiKey: ApiKeyView }>> {
  const found = await findKey(deps, teamId, ref);
  if (!found.ok) return found;
  const target = found.value;
  if (target.revokedAt) return fail({ code: "conflict", reason: "api_key_already_revoked", prefix: target.prefix, name: target.name });
  const now = deps.clock();
  await revokeApiKeyRow(deps.store.db, teamId, target.id, now);
  return ok({ apiKey: { ...target, revokedAt: now } });
}

const adminOnly = (actor: Actor) => actor.role === "admin";

/** A key as the audit keeps it: its id, shown prefix and name (the audit's view words it). */
const keySummary = (key: ApiKeyView) => ({ kind: "api_key", id: key.id, prefix: key.prefix, name: key.name }) as const;

/**
 * `/admin apikey create`: admins only; the key is shown once and only its hash is kept.
 * `ready` runs after the permission and name checks and before anything is stored: when it
 * fails (the key could not be shown to the admin), no key is created.
 */
export async function createApiKey(deps: ServiceDeps, actor: Actor, name: string, options: { ready?: () => Promise<Result<void>> } = {}) {
  if (!adminOnly(actor)) return forbidden(ADMINS_ONLY);
  const checked = validName(name);
  if (!checked.ok) return checked;
  const ready = await options.ready?.();
  if (ready && !ready.ok) return ready;
  const created = await createTeamApiKey(deps, actor.teamId, name, actor.memberId);
  if (created.ok) await recordAudit(deps.store.db, actor, "apikey_created", keySummary(created.value.apiKey), deps.clock());
  return created;
}

export async function listApiKeysFor(deps: ServiceDeps, actor: Actor): Promise<Result<ApiKeyView[]>> {
  if (!adminOnly(actor)) return forbidden(ADMINS_ONLY);
  return ok(await listTeamApiKeys(deps, actor.teamId));
}

export async function revokeApiKey(deps: ServiceDeps, actor: Actor, ref: string) {
  if (!adminOnly(actor)) return forbidden(ADMINS_ONLY);
  const revoked = await revokeTeamApiKey(deps, actor.teamId, ref);
  if (revoked.ok) await recordAudit(deps.store.db, actor, "apikey_revoked", keySummary(revoked.value.apiKey), deps.clock());
  return revoked;
}

/**
 * `/admin publickey create <name> <origin…>`: admins only. A public key is meant to be seen (it
 * is in the website's HTML), so it is shown in the chat it was asked in; still only its hash is
 * stored, like a secret key's.
 */
export async function createPublicKey(deps: ServiceDeps, actor: Actor, name: string, origins: readonly string[]) {
  if (!adminOnly(actor)) return forbidden(ADMINS_ONLY);
  const created = await createTeamApiKey(deps, actor.teamId, name, actor.memberId, { kind: "public", origins });
  if (created.ok) {
    const { apiKey } = created.value;
    await recordAudit(deps.store.db, actor, "apikey_created", { ...keySummary(apiKey), origins: apiKey.origins }, deps.clock());
  }
  return created;
}

/** `/admin publickey origins <key> <origin…>`: replaces the origins a public key is accepted from. Admins only. */
export async function setPublicKeyOrigins(deps: ServiceDeps, actor: Actor, ref: string, originTexts: readonly string[]): Promise<Result<{ apiKey: ApiKeyView }>> {
  if (!adminOnly(actor)) return forbidden(ADMINS_ONLY);
  const found = await findKey(deps, actor.teamId, ref);
  if (!found.ok) return found;
  const target = found.value;
  if (target.kind !== "public") return invalid({ reason: "api_key_not_public", prefix: target.prefix, name: target.name });
  if (target.revokedAt) return fail({ code: "conflict", reason: "api_key_already_revoked", prefix: target.prefix, name: target.name });
  const origins = parseOrigins(originTexts);
  if (!origins.ok) return origins;
  await setApiKeyOrigins(deps.store.db, actor.teamId, target.id, origins.value);
  await recordAudit(deps.store.db, actor, "apikey_origins", { kind: "api_key_origins", id: target.id, prefix: target.prefix, origins: origins.value }, deps.clock());
  return ok({ apiKey: { ...target, origins: origins.value } });
}

export interface AuthenticatedKey {
  keyId: number;
  teamId: number;
}

/** A public key that checked out: what it may be used from. */
export interface AuthenticatedPublicKey extends AuthenticatedKey {
  origins: string[];
}

/** Writes lastUsedAt at most this often per key: a busy key must not add a write per request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Checks bearer keys. Unknown, malformed and revoked keys all answer null (the caller says
 * 401 without telling which). Use is recorded at most once a minute per key.
 */
export class ApiKeyAuthenticator {
  private readonly touched = new Map<number, number>();

  constructor(private readonly deps: ServiceDeps) {}

  /** A secret key (lsk_…): the whole ingestion API. A public key answers null here. */
  async authenticate(key: string): Promise<AuthenticatedKey | null> {
    if (!KEY_SHAPE.test(key)) return null;
    const row = await this.active(key, "secret");
    return row && { keyId: row.id, teamId: row.teamId };
  }

  /** A public key (lpk_…): the caller still checks the origin against `origins`. */
  async authenticatePublic(key: string): Promise<AuthenticatedPublicKey | null> {
    if (!PUBLIC_KEY_SHAPE.test(key)) return null;
    const row = await this.active(key, "public");
    return row && { keyId: row.id, teamId: row.teamId, origins: row.origins };
  }

  private async active(key: string, kind: ApiKeyKind): Promise<ApiKeyRow | null> {
    const hash = hashApiKey(key);
    const row = await findApiKeyByHash(this.deps.store.db, hash);
    // Looking up by hash (not by the key) leaves no timing signal about the key itself.
    if (!row || row.revokedAt !== null || row.kind !== kind) return null;
    const now = this.deps.clock();
    const last = this.touched.get(row.id);
    if (last === undefined || now.getTime() - last >= TOUCH_EVERY_MS) {
      this.touched.set(row.id, now.getTime());
      await touchApiKey(this.deps.store.db, row.id, now, new Date(now.getTime() - TOUCH_EVERY_MS));
    }
    return row;
  }
}
