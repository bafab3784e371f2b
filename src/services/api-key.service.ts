import { createHash, randomBytes } from "node:crypto";
import {
  findApiKeyByHash,
  insertApiKey,
  listApiKeys,
  revokeApiKeyRow,
  touchApiKey,
  type ApiKeyRow,
} from "../store/api-key.repository.js";
import { textProblem } from "../domain/safe-input.js";
import type { Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { fail, forbidden, invalid, ok, type Result } from "./result.js";
import { recordAudit } from "./team-admin.service.js";

/** Every key starts with this, so leaked keys are easy to recognise (and to scan for). */
export const API_KEY_PREFIX = "lsk_";
/** How much of a key is stored in clear and shown in listings: "lsk_" plus 8 characters. */
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
const KEY_SHAPE = /^lsk_[A-Za-z0-9_-]{20,100}$/;

export const ADMINS_ONLY = { reason: "admins_only", what: "api_keys" } as const;

export type ApiKeyView = ApiKeyRow;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** A new random key (192 bits) and what is stored of it. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
  return { key, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), hash: hashApiKey(key) };
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
): Promise<Result<{ key: string; apiKey: ApiKeyView }>> {
  const checked = validName(name);
  if (!checked.ok) return checked;
  const { key, prefix, hash } = generateApiKey();
  const apiKey = await insertApiKey(deps.store.db, { teamId, name: checked.value, prefix, hash, createdById, createdAt: deps.clock() });
  return ok({ key, apiKey });
}

export async function listTeamApiKeys(deps: ServiceDeps, teamId: number): Promise<ApiKeyView[]> {
  return listApiKeys(deps.store.db, teamId);
}

/**
 * Revokes the key `ref` names: its id ("3" or "#3") or its shown prefix ("lsk_AbCd1234").
 * A prefix matching several active keys is refused rather than guessed.
 */
export async function revokeTeamApiKey(deps: ServiceDeps, teamId: number, ref: string): Promise<Result<{ apiKey: ApiKeyView }>> {
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
  const target = matches[0]!;
  if (target.revokedAt) return fail({ code: "conflict", reason: "api_key_already_revoked", prefix: target.prefix, name: target.name });
  const now = deps.clock();
  await revokeApiKeyRow(deps.store.db, teamId, target.id, now);
  return ok({ apiKey: { ...target, revokedAt: now } });
}

const adminOnly = (actor: Actor) => actor.role === "admin";

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
  if (created.ok) await recordAudit(deps.store.db, actor, "apikey_created", `#${created.value.apiKey.id} ${created.value.apiKey.prefix}… “${created.value.apiKey.name}”`, deps.clock());
  return created;
}

export async function listApiKeysFor(deps: ServiceDeps, actor: Actor): Promise<Result<ApiKeyView[]>> {
  if (!adminOnly(actor)) return forbidden(ADMINS_ONLY);
  return ok(await listTeamApiKeys(deps, actor.teamId));
}

export async function revokeApiKey(deps: ServiceDeps, actor: Actor, ref: string) {
  if (!adminOnly(actor)) return forbidden(ADMINS_ONLY);
  const revoked = await revokeTeamApiKey(deps, actor.teamId, ref);
  if (revoked.ok) await recordAudit(deps.store.db, actor, "apikey_revoked", `#${revoked.value.apiKey.id} ${revoked.value.apiKey.prefix}… “${revoked.value.apiKey.name}”`, deps.clock());
  return revoked;
}

export interface AuthenticatedKey {
  keyId: number;
  teamId: number;
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

  async authenticate(key: string): Promise<AuthenticatedKey | null> {
    if (!KEY_SHAPE.test(key)) return null;
    const hash = hashApiKey(key);
    const row = await findApiKeyByHash(this.deps.store.db, hash);
    // Looking up by hash (not by the key) leaves no timing signal about the key itself.
    if (!row || row.revokedAt !== null) return null;
    const now = this.deps.clock();
    const last = this.touched.get(row.id);
    if (last === undefined || now.getTime() - last >= TOUCH_EVERY_MS) {
      this.touched.set(row.id, now.getTime());
      await touchApiKey(this.deps.store.db, row.id, now, new Date(now.getTime() - TOUCH_EVERY_MS));
    }
    return { keyId: row.id, teamId: row.teamId };
  }
}
