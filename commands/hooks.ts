import { replyT } from "../src/chat/command-context.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { reply, type Block, type Reply } from "../src/chat/reply.js";
import { mappingFromOptions } from "../src/domain/hook-mapping.js";
import { importHookFile, listHookSources, removeHookSource, setHookSource, showHookSource } from "../src/services/hook.service.js";
import { translator } from "../src/i18n/index.js";
import { failureText } from "../src/views/failure.view.js";
import {
  allHooksUsage,
  hookFileImportedBlock,
  hooksImportHowToReply,
  hooksListAction,
  hooksUsageReply,
  sourceRemovedReply,
  sourceReply,
  sourceSavedReply,
  sourcesListReply,
  type HooksUsage,
} from "../src/views/hooks.view.js";
import { failureReply, orFailure, subcommand } from "./shared.js";
import type { CommandContext, CommandDefinition } from "./types.js";

const USAGE: HooksUsage = {
  list: "/hooks",
  show: "/hooks show <source>",
  set: "/hooks set <source> email=/email name=/first_name,/last_name type=demo_request [id=/id] [typeFrom=/event types=a:x,b:y] [leadId=/contact/id] [items=/events] [occurredAt=/time]",
  remove: "/hooks remove <source>",
  import: "/hooks import",
};
/** The usage lines in English, as /help shows them. */
const ALL_USAGE = allHooksUsage(USAGE, translator("en"));

async function list(_line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const listed = orFailure(ctx, await listHookSources(ctx.deps, ctx.actor));
  if (!listed.ok) return listed.reply;
  return sourcesListReply(listed.value, ctx.deps.clock(), USAGE, replyT(ctx));
}

async function show(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const name = line.args[1];
  if (!name) return hooksUsageReply({ kind: "whichSource" }, USAGE.show, replyT(ctx));
  const shown = orFailure(ctx, await showHookSource(ctx.deps, ctx.actor, name));
  if (!shown.ok) return shown.reply;
  return sourceReply(shown.value, USAGE.set, replyT(ctx));
}

async function set(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const name = line.args[1];
  if (!name || Object.keys(line.options).length === 0) return hooksUsageReply({ kind: "setWhat" }, USAGE.set, replyT(ctx));
  const saved = orFailure(ctx, await setHookSource(ctx.deps, ctx.actor, name, mappingFromOptions(line.options)));
  if (!saved.ok) return saved.reply;
  return sourceSavedReply(saved.value.source, saved.value.created, USAGE, replyT(ctx, "channel"));
}

async function remove(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const name = line.args[1];
  if (!name) return hooksUsageReply({ kind: "whichSource" }, USAGE.remove, replyT(ctx));
  const removed = orFailure(ctx, await removeHookSource(ctx.deps, ctx.actor, name));
  if (!removed.ok) return removed.reply;
  return sourceRemovedReply(removed.value.name, replyT(ctx, "channel"));
}

async function importFile(_line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const files = ctx.files ?? [];
  if (files.length === 0) return hooksImportHowToReply(USAGE.import, replyT(ctx));
  const done = [];
  for (const file of files) {
    const result = await importHookFile(ctx.deps, ctx.actor, file);
    if (!result.ok && result.error.code === "forbidden") return failureReply(result.error, replyT(ctx));
    done.push({ filename: file.filename, result });
  }
  // Sources imported are said to everyone in the chat, in its language; only refusals stay with the person.
  const anyDone = done.some((d) => d.result.ok);
  const t = replyT(ctx, anyDone ? "channel" : "ephemeral");
  const blocks: Block[] = done.map(({ filename, result }) =>
    result.ok ? hookFileImportedBlock(filename, result.value.created, result.value.updated, t) : { type: "text", text: `${filename}: ${failureText(result.error, t)}` },
  );
  if (!anyDone) return reply(blocks, { tone: "usage" });
  blocks.push(hooksListAction(t));
  return reply(blocks, { visibility: "channel" });
}

const SUBCOMMANDS = { list, show, set, add: set, remove, delete: remove, import: importFile };

export const hooksCommand: CommandDefinition = {
  name: "hooks",
  summary: "command.hooks.summary",
  menu: { description: "command.hooks.menu", hint: "set website-form email=/email type=demo_request · show · remove" },
  usage: [ALL_USAGE],
  help: "command.hooks.help",
  examples: {
    example: "/hooks set website-form email=/email name=/first_name,/last_name company=/company type=demo_request id=/submission_id",
    address: "/api/v1/hooks/<source>",
    events: "/api/v1/events",
    email: "/email",
    nested: "/contact/email",
    first: "/emails/0",
    type: "type=",
    types: "types=contact.creation:newsletter_signup",
    id: "id=",
    weights: "/weights",
    import: "/hooks import",
  },
  async run(line, ctx): Promise<Reply> {
    const word = line.args[0];
    if (word === undefined) return list(line, ctx);
    const handler = subcommand(SUBCOMMANDS, word);
    if (!handler) return hooksUsageReply({ kind: "unknown", word }, allHooksUsage(USAGE, replyT(ctx)), replyT(ctx));
    return handler(line, ctx);
  },
};
