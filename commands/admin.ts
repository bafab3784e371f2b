import { ago } from "../src/chat/format.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { reply, usageReply, type Reply } from "../src/chat/reply.js";
import { createApiKey, listApiKeysFor, revokeApiKey, type ApiKeyView } from "../src/services/api-key.service.js";
import { outboxStatus, retryFailed } from "../src/services/outbox.service.js";
import { conflict, ok, type Result } from "../src/services/result.js";
import { orFailure } from "./shared.js";
import type { CommandContext, CommandDefinition } from "./types.js";

const USAGE = {
  create: "/admin apikey create <name>",
  list: "/admin apikey list",
  revoke: "/admin apikey revoke <prefix-or-id>",
  outbox: "/admin outbox [retry <id>]",
};
const ALL_USAGE = Object.values(USAGE).join("\n");

function keyLine(key: ApiKeyView, now: Date): string {
  const used = key.lastUsedAt ? `last used ${ago(key.lastUsedAt, now)}` : "never used";
  const state = key.revokedAt ? `revoked ${ago(key.revokedAt, now)}` : used;
  return `#${key.id}  ${key.prefix}…  ${key.name}  (created ${ago(key.createdAt, now)}, ${state})`;
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
  menu: { description: "command.admin.menu", hint: "apikey create website · apikey list · outbox" },
  usage: [ALL_USAGE],
  help: "command.admin.help",
  examples: { example: "/admin apikey create website-tracking", list: "/admin apikey list", revoke: "/admin apikey revoke <prefix-or-id>" },
  async run(line, ctx): Promise<Reply> {
    const area = line.args[0]?.toLowerCase();
    if (area === "apikey" || area === "apikeys" || area === "api-key") return apikey(line, ctx);
    if (area === "outbox") return outbox(line, ctx);
    return usageReply(area ? `"${area}" is not something /admin manages.` : "What should I administer?", ALL_USAGE);
  },
};
