import { replyT } from "../src/chat/command-context.js";
import type { ParsedLine } from "../src/chat/parse.js";
import type { Reply } from "../src/chat/reply.js";
import { createApiKey, createPublicKey, listApiKeysFor, revokeApiKey, setPublicKeyOrigins } from "../src/services/api-key.service.js";
import { outboxStatus, retryFailed } from "../src/services/outbox.service.js";
import { conflict, ok, type Result } from "../src/services/result.js";
import {
  adminUsageReply,
  apiKeyCreatedReply,
  apiKeyRevokedReply,
  apiKeysReply,
  noPrivateChatReply,
  outboxReply,
  publicKeyCreatedReply,
  publicOriginsReply,
  requeuedReply,
  type AdminProblem,
  type AdminUsage,
} from "../src/views/admin.view.js";
import { orFailure } from "./shared.js";
import type { CommandContext, CommandDefinition } from "./types.js";

const USAGE: AdminUsage = {
  create: "/admin apikey create <name>",
  list: "/admin apikey list",
  revoke: "/admin apikey revoke <prefix-or-id>",
  publicCreate: "/admin publickey create <name> <origin> [origin…]",
  publicOrigins: "/admin publickey origins <prefix-or-id> <origin> [origin…]",
  outbox: "/admin outbox [retry <id>]",
};
const ALL_USAGE = Object.values(USAGE).join("\n");

/** A line /admin could not act on, in the reader's language. */
const problem = (ctx: CommandContext, p: AdminProblem, usage: string): Reply => adminUsageReply(p, USAGE, usage, replyT(ctx));

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
      if (!name) return problem(ctx, { kind: "publicName", example: "/admin publickey create website https://www.acme.example" }, USAGE.publicCreate);
      const created = orFailure(ctx, await createPublicKey(ctx.deps, ctx.actor, name, origins));
      if (!created.ok) return created.reply;
      return publicKeyCreatedReply(created.value.key, created.value.apiKey, USAGE, replyT(ctx));
    }
    case "origins": {
      const [ref, ...origins] = rest;
      if (!ref) return problem(ctx, { kind: "publicOrigins", example: "/admin publickey origins #4 https://www.acme.example https://acme.example" }, USAGE.publicOrigins);
      const changed = orFailure(ctx, await setPublicKeyOrigins(ctx.deps, ctx.actor, ref, origins));
      if (!changed.ok) return changed.reply;
      return publicOriginsReply(changed.value.apiKey, replyT(ctx, "channel"));
    }
    case "list":
    case "revoke":
      return apikey(line, ctx);
    default:
      return problem(ctx, { kind: "publicAction", ...(action ? { action } : {}) }, [USAGE.publicCreate, USAGE.publicOrigins, USAGE.list, USAGE.revoke].join("\n"));
  }
}

/** `/admin apikey …`: API keys for the ingestion API. Admins only (the services enforce it). */
async function apikey(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const [, action, ...rest] = line.args;
  const now = ctx.deps.clock();
  switch (action?.toLowerCase()) {
    case "create": {
      const name = rest.join(" ") || line.options.name;
      if (!name) return problem(ctx, { kind: "apiKeyName", example: "/admin apikey create website-tracking" }, USAGE.create);
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
      if (unreachable !== undefined) return noPrivateChatReply(unreachable, replyT(ctx));
      const created = orFailure(ctx, result);
      if (!created.ok) return created.reply;
      return apiKeyCreatedReply(created.value.key, created.value.apiKey, replyT(ctx, "private"));
    }
    case "list": {
      const listed = orFailure(ctx, await listApiKeysFor(ctx.deps, ctx.actor));
      if (!listed.ok) return listed.reply;
      return apiKeysReply(listed.value, now, USAGE, replyT(ctx));
    }
    case "revoke": {
      const ref = rest.join(" ");
      if (!ref) return problem(ctx, { kind: "whichKey" }, USAGE.revoke);
      const revoked = orFailure(ctx, await revokeApiKey(ctx.deps, ctx.actor, ref));
      if (!revoked.ok) return revoked.reply;
      return apiKeyRevokedReply(revoked.value.apiKey, replyT(ctx, "channel"));
    }
    default:
      return problem(ctx, { kind: "apiKeyAction", ...(action ? { action } : {}) }, ALL_USAGE);
  }
}

/** `/admin outbox`: what is waiting or failed delivery to the chat, and a way to retry. */
async function outbox(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const [, action, id] = line.args;
  if (action?.toLowerCase() === "retry") {
    if (!id || !/^#?\d+$/.test(id)) return problem(ctx, { kind: "whichMessage" }, USAGE.outbox);
    const retried = orFailure(ctx, await retryFailed(ctx.deps, ctx.actor, Number(id.replace("#", ""))));
    if (!retried.ok) return retried.reply;
    return requeuedReply(retried.value.id, replyT(ctx));
  }
  if (action) return problem(ctx, { kind: "outboxAction", action }, USAGE.outbox);
  const status = orFailure(ctx, await outboxStatus(ctx.deps, ctx.actor));
  if (!status.ok) return status.reply;
  return outboxReply(status.value, ctx.deps.clock(), replyT(ctx));
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
    return problem(ctx, { kind: "area", ...(area ? { area } : {}) }, ALL_USAGE);
  },
};
