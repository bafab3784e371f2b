/**
 * /admin in words: API keys and public keys (created, listed, revoked, their websites) and the
 * outbox (what waits or failed delivery). Typed lines (usage, examples, the key's header) are
 * placeholders; key names, prefixes, origins, platforms and delivery errors are data.
 */
import { reply, usageReply, type Block, type Reply } from "../chat/reply.js";
import type { Translator } from "../i18n/index.js";
import type { ApiKeyView } from "../services/api-key.service.js";
import type { OutboxStatus } from "../services/outbox.service.js";

/** "today", "yesterday", "3 days ago", in the reader's words. */
function ago(t: Translator, at: Date, now: Date): string {
  const days = Math.max(0, Math.floor((now.getTime() - at.getTime()) / 86_400_000));
  return t.relative(-days, "day");
}

/** The /admin lines people type, as the answers quote them. */
export interface AdminUsage {
  create: string;
  list: string;
  revoke: string;
  publicCreate: string;
  publicOrigins: string;
  outbox: string;
}

/** The problems of a line /admin could not act on, each with the usage it shows. */
export type AdminProblem =
  | { kind: "publicName"; example: string }
  | { kind: "publicOrigins"; example: string }
  | { kind: "publicAction"; action?: string }
  | { kind: "apiKeyName"; example: string }
  | { kind: "whichKey" }
  | { kind: "apiKeyAction"; action?: string }
  | { kind: "whichMessage" }
  | { kind: "outboxAction"; action: string }
  | { kind: "area"; area?: string };

function problemText(problem: AdminProblem, usage: AdminUsage, t: Translator): string {
  switch (problem.kind) {
    case "publicName":
      return t.t("admin.publicName", { example: problem.example });
    case "publicOrigins":
      return t.t("admin.publicWhich", { example: problem.example });
    case "publicAction":
      return problem.action ? t.t("admin.publicUnknown", { action: problem.action }) : t.t("admin.publicWhat");
    case "apiKeyName":
      return t.t("admin.apiKeyName", { example: problem.example });
    case "whichKey":
      return t.t("admin.whichKey", { list: usage.list });
    case "apiKeyAction":
      return problem.action ? t.t("admin.apiKeyUnknown", { action: problem.action }) : t.t("admin.apiKeyWhat");
    case "whichMessage":
      return t.t("admin.whichMessage", { command: "/admin outbox" });
    case "outboxAction":
      return t.t("admin.outboxUnknown", { action: problem.action });
    case "area":
      return problem.area ? t.t("admin.unknownArea", { area: problem.area, command: "/admin" }) : t.t("admin.whatArea");
  }
}

/** A line /admin could not act on: what is wrong, and how to type it. */
export const adminUsageReply = (problem: AdminProblem, usage: AdminUsage, usageLines: string, t: Translator): Reply =>
  usageReply(problemText(problem, usage, t), usageLines, t);

// ---- API keys ----------------------------------------------------------------------------------

function keyLine(key: ApiKeyView, now: Date, t: Translator): string {
  const used = key.lastUsedAt ? t.t("admin.keyUsed", { ago: ago(t, key.lastUsedAt, now) }) : t.t("admin.keyNeverUsed");
  const state = key.revokedAt ? t.t("admin.keyRevoked", { ago: ago(t, key.revokedAt, now) }) : used;
  return t.t("admin.keyLine", {
    id: String(key.id),
    prefix: key.prefix,
    name: key.name,
    kind: key.kind === "public" ? "public" : "secret",
    origins: key.origins.join(" "),
    created: ago(t, key.createdAt, now),
    state,
  });
}

/** `/admin apikey list`. */
export function apiKeysReply(keys: ApiKeyView[], now: Date, usage: AdminUsage, t: Translator): Reply {
  if (keys.length === 0) return reply([{ type: "text", text: t.t("admin.noKeys", { usage: usage.create }) }]);
  return reply([{ type: "list", title: t.t("admin.keysTitle"), items: keys.map((k) => keyLine(k, now, t)) }]);
}

/** No key was created: it could not have been shown privately. `hint` is the platform's own words. */
export function noPrivateChatReply(hint: string, t: Translator): Reply {
  return reply(
    [
      { type: "text", text: t.t("admin.noPrivateChat") },
      { type: "context", text: hint },
    ],
    { tone: "refused" },
  );
}

/** A new API key, shown once to the admin alone; if that fails, a fallback without the key. */
export function apiKeyCreatedReply(key: string, apiKey: ApiKeyView, t: Translator): Reply {
  const revoke = `/admin apikey revoke #${apiKey.id}`;
  return reply(
    [
      { type: "header", text: t.t("admin.apiKeyCreated", { name: apiKey.name }) },
      { type: "text", text: key },
      { type: "context", text: t.t("admin.copyNow", { header: "'Authorization: Bearer <key>'", endpoint: "POST /api/v1/events" }) },
    ],
    {
      visibility: "private",
      // Should the private message still fail (the admin blocked the bot a moment ago),
      // the key exists and nobody has it: say so, without the key, and offer to revoke it.
      privateFallback: [
        { type: "text", text: t.t("admin.notShown", { id: String(apiKey.id), name: apiKey.name }) },
        { type: "actions", actions: [{ label: t.t("admin.revokeButton", { id: String(apiKey.id) }), command: revoke, style: "danger" }] },
      ],
    },
  );
}

/** A key revoked: said to the whole chat. */
export function apiKeyRevokedReply(apiKey: ApiKeyView, t: Translator): Reply {
  return reply([{ type: "text", text: t.t("admin.revoked", { id: String(apiKey.id), prefix: apiKey.prefix, name: apiKey.name }) }], { visibility: "channel" });
}

// ---- public keys -------------------------------------------------------------------------------

/** What a website pastes before </body>: the snippet with its public key. */
const snippetTag = (key: string, t: Translator) => `<script async src="https://<${t.t("admin.botAddress")}>/t.js" data-key="${key}"></script>`;

/** A new public key, with the snippet to paste. */
export function publicKeyCreatedReply(key: string, apiKey: ApiKeyView, usage: AdminUsage, t: Translator): Reply {
  return reply([
    { type: "header", text: t.t("admin.publicCreated", { name: apiKey.name }) },
    { type: "text", text: key },
    { type: "text", text: t.t("admin.pasteSnippet", { snippet: snippetTag(key, t) }) },
    { type: "context", text: t.t("admin.publicAccepted", { origins: apiKey.origins.join(", "), usage: usage.publicOrigins }) },
  ]);
}

/** A public key's websites changed: said to the whole chat. */
export function publicOriginsReply(apiKey: ApiKeyView, t: Translator): Reply {
  return reply(
    [{ type: "text", text: t.t("admin.publicOriginsSet", { id: String(apiKey.id), prefix: apiKey.prefix, name: apiKey.name, origins: apiKey.origins.join(", ") }) }],
    { visibility: "channel" },
  );
}

// ---- the outbox --------------------------------------------------------------------------------

/** `/admin outbox retry <id>` done. */
export const requeuedReply = (id: number, t: Translator): Reply => reply([{ type: "text", text: t.t("admin.requeued", { id: String(id) }) }]);

/** `/admin outbox`: counts by status and the latest failures. Kinds, platforms, chats and errors are data. */
export function outboxReply(status: OutboxStatus, now: Date, t: Translator): Reply {
  const { counts, failed } = status;
  const list: Block =
    failed.length === 0
      ? { type: "text", text: t.t("admin.nothingFailed") }
      : {
          type: "list",
          title: t.t("admin.failedTitle", { command: "/admin outbox retry <id>" }),
          items: failed.map((m) =>
            t.t("admin.failedLine", {
              id: String(m.id),
              kind: m.kind,
              platform: m.platform,
              channel: m.channel,
              attempts: m.attempts,
              ago: ago(t, m.failedAt ?? m.createdAt, now),
              error: m.error ?? t.t("admin.unknownError"),
            }),
          ),
        };
  return reply([
    { type: "header", text: t.t("admin.outboxHeader") },
    { type: "fields", fields: Object.entries(counts).map(([label, value]) => ({ label: t.t("admin.outboxStatus", { status: label }), value: String(value) })) },
    list,
  ]);
}
