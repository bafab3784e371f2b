import { ago } from "../src/chat/format.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { reply, usageReply, type Reply } from "../src/chat/reply.js";
import { createApiKey, createPublicKey, listApiKeysFor, revokeApiKey, setPublicKeyOrigins, type ApiKeyView } from "../src/services/api-key.service.js";
import { outboxStatus, retryFailed } from "../src/services/outbox.service.js";
import { conflict, ok, type Result } from "../src/services/result.js";
import { orFailure } from "./shared.js";
import type { CommandContext, CommandDefinition } from "./types.js";

const USAGE = {
  create: "/admin apikey create <name>",
  list: "/admin apikey list",
  revoke: "/admin apikey revoke <prefix-or-id>",
  publicCreate: "/admin publickey create <name> <origin> [origin…]",
  publicOrigins: "/admin publickey origins <prefix-or-id> <origin> [origin…]",
  outbox: "/admin outbox [retry <id>]",
};
const ALL_USAGE = Object.values(USAGE).join("\n");

function keyLine(key: ApiKeyView, now: Date): string {
  const used = key.lastUsedAt ? `last used ${ago(key.lastUsedAt, now)}` : "never used";
  const state = key.revokedAt ? `revoked ${ago(key.revokedAt, now)}` : used;
  const kind = key.kind === "public" ? `  public, from ${key.origins.join(" ")}` : "";
  return `#${key.id}  ${key.prefix}…  ${key.name}${kind}  (created ${ago(key.createdAt, now)}, ${state})`;
}

/** What a website pastes before </body>: the snippet with its public key. */
const snippetTag = (key: string) => `<script async src="https://<your bot's address>/t.js" data-key="${key}"></script>`;

/**
 * `/admin publickey …`: public keys for the website snippet (GET /t.js). They can only send
 * events, from the origins listed on them; admins only (the services enforce it). Listing and
 * revoking are shared with /admin apikey.
 */
async function publickey(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const [, action, ...rest] = line.args;
  switch (action?.toLowerCase()) {
    case "create": {
      const [name, ...origins] = rest;
      if (!name) return usageReply("Name the key and the websites that may use it, e.g. /admin publickey create website https://www.acme.example", USAGE.publicCreate);
      const created = orFailure(ctx, await createPublicKey(ctx.deps, ctx.actor, name, origins));
      if (!created.ok) return created.reply;
      const { key, apiKey } = created.value;
      return reply([
        { type: "header", text: `Public key "${apiKey.name}" created` },
        { type: "text", text: key },
        { type: "text", text: `Paste this before </body> on your site:\n${snippetTag(key)}` },
        {
          type: "context",
          text: `Accepted only from ${apiKey.origins.join(", ")}, and only to send page views, form sign-ups and events (never to read or change anything else). It is not shown again: only a hash is stored. Change the websites with ${USAGE.publicOrigins}.`,
        },
      ]);
    }
    case "origins": {
      const [ref, ...origins] = rest;
      if (!ref) return usageReply("Which key, and which websites? e.g. /admin publickey origins #4 https://www.acme.example https://acme.example", USAGE.publicOrigins);
      const changed = orFailure(ctx, await setPublicKeyOrigins(ctx.deps, ctx.actor, ref, origins));
      if (!changed.ok) return changed.reply;
      const { apiKey } = changed.value;
      return reply([{ type: "text", text: `Public key #${apiKey.id} ${apiKey.prefix}… (${apiKey.name}) is now accepted from ${apiKey.origins.join(", ")}.` }], { visibility: "channel" });
    }
    case "list":
    case "revoke":
      return apikey(line, ctx);
    default:
      return usageReply(action ? `"${action}" is not something I can do with public keys.` : "What should I do with public keys?", [USAGE.publicCreate, USAGE.publicOrigins, USAGE.list, USAGE.revoke].join("\n"));
  }
}

/** `/admin apikey …`: API keys for the ingestion API. Admins only (the services enforce it). */
async function apikey(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const [, action, ...rest] = line.args;
  const now = ctx.deps.clock();
  switch (action?.toLowerCase()) {
    case "create": {
      const name = rest.join(" ") || line.options.name;
      if (!name) return usageReply("Give the key a name, e.g. /admin apikey create website-tracking", USAGE.create);
      // The key is shown once, to the admin alone. When that is impossible right now (a
      // Telegram group, and no private chat with the bot yet), no key is created: a key that
      // nobody saw would only wait to be revoked.
      let unreachable: string | undefined;
      const ready = async (): Promise<Result<void>> => {
        const reach = await ctx.privateReach?.();
        if (!reach || reach.ok) return ok(undefined);
        unreachable = reach.hint;
        return conflict({ reason: "no_private_chat" });
      };
      const result = await createApiKey(ctx.deps, ctx.actor, name, { ready });
      if (unreachable !== undefined) {
        return reply(
          [
            { type: "text", text: "No key was created: a new API key is shown only to you, privately, and I can't write to you privately yet." },
            { type: "context", text: unreachable },
          ],
          { tone: "refused" },
        );
      }
      const created = orFailure(ctx, result);
      if (!created.ok) return created.reply;
      const { key, apiKey } = created.value;
      return reply(
        [
          { type: "header", text: `API key "${apiKey.name}" created` },
          { type: "text", text: key },
          {
            type: "context",
            text: "Copy it now: it is not shown again (only a hash is stored). Send it as 'Authorization: Bearer <key>' to POST /api/v1/events.",
          },
        ],
        {
          visibility: "private",
          // Should the private message still fail (the admin blocked the bot a moment ago),
          // the key exists and nobody has it: say so, without the key, and offer to revoke it.
          privateFallback: [
            { type: "text", text: `API key #${apiKey.id} "${apiKey.name}" was created, but I could not show it to you privately, so nobody has it. Revoke it, then create a new one.` },
            { type: "actions", actions: [{ label: `Revoke #${apiKey.id}`, command: `/admin apikey revoke #${apiKey.id}`, style: "danger" }] },
          ],
        },
      );
    }
    case "list": {
      const listed = orFailure(ctx, await listApiKeysFor(ctx.deps, ctx.actor));
      if (!listed.ok) return listed.reply;
      if (listed.value.length === 0) return reply([{ type: "text", text: `No API keys yet. Create one with ${USAGE.create}.` }]);
      return reply([{ type: "list", title: "API keys", items: listed.value.map((k) => keyLine(k, now)) }]);
    }
    case "revoke": {
      const ref = rest.join(" ");
      if (!ref) return usageReply("Which key? Give its id or prefix from /admin apikey list.", USAGE.revoke);
      const revoked = orFailure(ctx, await revokeApiKey(ctx.deps, ctx.actor, ref));
      if (!revoked.ok) return revoked.reply;
      const { apiKey } = revoked.value;
      return reply([{ type: "text", text: `Revoked API key #${apiKey.id} ${apiKey.prefix}… (${apiKey.name}). Requests with it now get 401.` }], {
        visibility: "channel",
      });
    }
    default:
      return usageReply(action ? `"${action}" is not something I can do with API keys.` : "What should I do with API keys?", ALL_USAGE);
  }
}

/** `/admin outbox`: what is waiting or failed delivery to the chat, and a way to retry. */
async function outbox(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const [, action, id] = line.args;
  if (action?.toLowerCase() === "retry") {
    if (!id || !/^#?\d+$/.test(id)) return usageReply("Which message? Give its id from /admin outbox.", USAGE.outbox);
    const retried = orFailure(ctx, await retryFailed(ctx.deps, ctx.actor, Number(id.replace("#", ""))));
    if (!retried.ok) return retried.reply;
    return reply([{ type: "text", text: `Message #${retried.value.id} is queued for delivery again.` }]);
  }
  if (action) return usageReply(`"${action}" is not something I can do with the outbox.`, USAGE.outbox);
  const status = orFailure(ctx, await outboxStatus(ctx.deps, ctx.actor));
  if (!status.ok) return status.reply;
  const { counts, failed } = status.value;
  const now = ctx.deps.clock();
  return reply([
    { type: "header", text: "Outbox" },
    { type: "fields", fields: Object.entries(counts).map(([label, value]) => ({ label, value: String(value) })) },
    failed.length === 0
      ? { type: "text", text: "Nothing has failed." }
      : {
          type: "list",
          title: "Failed (retry with /admin outbox retry <id>)",
          items: failed.map((m) => `#${m.id} ${m.kind} to ${m.platform} ${m.channel} · ${m.attempts} attempts · ${ago(m.failedAt ?? m.createdAt, now)} · ${m.error ?? "unknown error"}`),
        },
  ]);
}

export const adminCommand: CommandDefinition = {
  name: "admin",
  summary: "command.admin.summary",
  menu: { description: "command.admin.menu", hint: "apikey create crm · publickey create website https://… · outbox" },
  usage: [ALL_USAGE],
  help: "command.admin.help",
  examples: { example: "/admin apikey create website-tracking", list: "/admin apikey list", revoke: "/admin apikey revoke <prefix-or-id>", publicKey: "/admin publickey create website https://www.acme.example https://acme.example", origins: "/admin publickey origins <key> <origin…>" },
  async run(line, ctx): Promise<Reply> {
    const area = line.args[0]?.toLowerCase();
    if (area === "apikey" || area === "apikeys" || area === "api-key") return apikey(line, ctx);
    if (area === "publickey" || area === "publickeys" || area === "public-key") return publickey(line, ctx);
    if (area === "outbox") return outbox(line, ctx);
    return usageReply(area ? `"${area}" is not something /admin manages.` : "What should I administer?", ALL_USAGE);
  },
};
