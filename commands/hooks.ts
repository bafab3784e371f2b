import { replyT } from "../src/chat/command-context.js";
import { ago } from "../src/chat/format.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { reply, usageReply, type Block, type Reply } from "../src/chat/reply.js";
import { mappingFromOptions, mappingToOptions } from "../src/domain/hook-mapping.js";
import { importHookFile, listHookSources, removeHookSource, setHookSource, showHookSource, type HookSourceView } from "../src/services/hook.service.js";
import { failureText } from "../src/views/failure.view.js";
import { failureReply, orFailure, subcommand } from "./shared.js";
import type { CommandContext, CommandDefinition } from "./types.js";

const USAGE = {
  list: "/hooks",
  show: "/hooks show <source>",
  set: "/hooks set <source> email=/email name=/first_name,/last_name type=demo_request [id=/id] [typeFrom=/event types=a:x,b:y] [leadId=/contact/id] [items=/events] [occurredAt=/time]",
  remove: "/hooks remove <source>",
  import: "/hooks import (with a .json or .yaml file attached)",
};
const ALL_USAGE = Object.values(USAGE).join("\n");

const urlOf = (name: string) => `POST /api/v1/hooks/${name}`;

function sourceLine(source: HookSourceView, now: Date): string {
  const seen = source.lastReceivedAt ? `last delivery ${ago(source.lastReceivedAt, now)}` : "no delivery yet";
  const broken = source.mapping ? "" : " · its mapping no longer reads: set it again";
  return `${source.name}  ${urlOf(source.name)}  (${seen})${broken}`;
}

function mappingBlocks(source: HookSourceView): Block[] {
  const m = source.mapping;
  const blocks: Block[] = [{ type: "header", text: `Webhook source "${source.name}"` }, { type: "text", text: urlOf(source.name) }];
  if (!m) return [...blocks, { type: "text", text: `Its stored mapping no longer reads. Set it again with ${USAGE.set}.` }];
  const name = Array.isArray(m.name) ? m.name.join(" + ") : m.name;
  const fields = [
    ["items", m.items ?? "the body (each element of a JSON array)"],
    ["email", m.email],
    ["phone", m.phone],
    ["name", name],
    ["company", m.company],
    ["title", m.title],
    ["lead id", m.leadId ? `${m.leadIdPrefix ?? ""}{${m.leadId}}` : undefined],
    ["event type", m.typeFrom ? `from ${m.typeFrom}${m.type ? `, else ${m.type}` : ""}` : m.type],
    ["type values", m.types ? Object.entries(m.types).map(([k, v]) => `${k} → ${v}`).join(", ") : undefined],
    ["delivery id", m.id ?? "none: the item's content is the key (an identical item counts once)"],
    ["occurred at", m.occurredAt ?? "when it arrives"],
  ].filter((f): f is [string, string] => f[1] !== undefined);
  blocks.push({ type: "fields", fields: fields.map(([label, value]) => ({ label, value })) });
  blocks.push({ type: "context", text: `As a command: /hooks set ${source.name} ${mappingToOptions(m).join(" ")}` });
  return blocks;
}

async function list(_line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const listed = orFailure(ctx, await listHookSources(ctx.deps, ctx.actor));
  if (!listed.ok) return listed.reply;
  if (listed.value.length === 0) {
    return reply([
      { type: "text", text: "No webhook sources yet. A form or CRM posts to POST /api/v1/hooks/<source> with an API key; tell me where its JSON keeps the email and what the event is:" },
      { type: "context", text: "/hooks set website-form email=/email name=/name type=demo_request" },
      { type: "context", text: `Or attach a mapping file: ${USAGE.import}.` },
    ]);
  }
  const now = ctx.deps.clock();
  return reply([
    { type: "list", title: "Webhook sources", items: listed.value.map((s) => sourceLine(s, now)) },
    { type: "actions", actions: listed.value.slice(0, 5).map((s) => ({ label: `Show ${s.name}`, command: `/hooks show ${s.name}` })) },
  ]);
}

async function show(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const name = line.args[1];
  if (!name) return usageReply("Which source?", USAGE.show);
  const shown = orFailure(ctx, await showHookSource(ctx.deps, ctx.actor, name));
  if (!shown.ok) return shown.reply;
  return reply(mappingBlocks(shown.value));
}

async function set(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const name = line.args[1];
  if (!name || Object.keys(line.options).length === 0) return usageReply("Name the source and where its JSON keeps the lead and the event.", USAGE.set);
  const saved = orFailure(ctx, await setHookSource(ctx.deps, ctx.actor, name, mappingFromOptions(line.options)));
  if (!saved.ok) return saved.reply;
  const { source, created } = saved.value;
  return reply(
    [
      { type: "text", text: `${created ? "Added" : "Updated"} webhook source "${source.name}". Point the form or CRM at ${urlOf(source.name)} with an API key (/admin apikey create).` },
      ...mappingBlocks(source).slice(2),
    ],
    { visibility: "channel" },
  );
}

async function remove(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const name = line.args[1];
  if (!name) return usageReply("Which source?", USAGE.remove);
  const removed = orFailure(ctx, await removeHookSource(ctx.deps, ctx.actor, name));
  if (!removed.ok) return removed.reply;
  return reply([{ type: "text", text: `Removed webhook source "${removed.value.name}". Deliveries to it now get 404; what it sent stays.` }], { visibility: "channel" });
}

async function importFile(_line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const files = ctx.files ?? [];
  if (files.length === 0) {
    return reply(
      [
        { type: "text", text: "Attach a .json or .yaml mapping file to the message with /hooks import." },
        { type: "context", text: 'It lists sources by name: { "sources": { "website-form": { "email": "/email", "type": "demo_request" } } }. The README has examples for forms, HubSpot and Pipedrive.' },
      ],
      { tone: "usage" },
    );
  }
  const blocks: Block[] = [];
  let anyDone = false;
  for (const file of files) {
    const done = await importHookFile(ctx.deps, ctx.actor, file);
    if (!done.ok) {
      if (done.error.code === "forbidden") return failureReply(done.error, replyT(ctx));
      blocks.push({ type: "text", text: `${file.filename}: ${failureText(done.error, replyT(ctx))}` });
      continue;
    }
    anyDone = true;
    const { created, updated } = done.value;
    const parts = [created.length > 0 ? `added ${created.join(", ")}` : "", updated.length > 0 ? `updated ${updated.join(", ")}` : ""].filter(Boolean);
    blocks.push({ type: "text", text: `${file.filename}: ${parts.join("; ")}.` });
  }
  if (!anyDone) return reply(blocks, { tone: "usage" });
  blocks.push({ type: "actions", actions: [{ label: "Webhook sources", command: "/hooks" }] });
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
    if (!handler) return usageReply(`"${word}" is not something I can do with webhook sources.`, ALL_USAGE);
    return handler(line, ctx);
  },
};
