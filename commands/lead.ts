import { z } from "zod";
import { replyT } from "../src/chat/command-context.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { usageReply, type Reply } from "../src/chat/reply.js";
import { readDuration, readLeadFilterIn } from "../src/domain/value-words.js";
import {
  addLead,
  assignLead,
  claimLead,
  findLeads,
  leadStatus,
  recordEvent,
  snoozeLeadAlerts,
  type LeadStatus,
} from "../src/services/lead.service.js";
import { findPerson } from "../src/services/team-admin.service.js";
import type { Translator } from "../src/i18n/index.js";
import {
  addedView,
  addNameHint,
  assignedView,
  assignHint,
  badDate,
  badEmail,
  badPhone,
  claimedView,
  eventHint,
  eventView,
  leadHint,
  listView,
  notAboveZero,
  notAFilter,
  notRight,
  notWholeNumber,
  snoozedView,
  statusView,
  unknownSubcommand,
} from "../src/views/lead.view.js";
import { leadTrendCommand, TREND_USAGE } from "./lead-trend.js";
import { exportSubcommand, importSubcommand, TRANSFER_USAGE } from "./lead-transfer.js";
import { orFailure, quote, subcommand, type Parsed } from "./shared.js";
import { readerLanguage } from "./reader-language.js";
import type { CommandContext, CommandDefinition } from "./types.js";

const USAGE = {
  status: "/lead status <lead>",
  trend: TREND_USAGE,
  add: "/lead add <name> [email=…] [phone=…] [company=…] [title=…] [key=value…]",
  list: "/lead list [hot|warm|cold|mine|unclaimed|all] [limit]",
  claim: "/lead claim <lead>",
  assign: "/lead assign <lead> <@rep>",
  event: "/lead event <lead> <type> [note]",
  snooze: "/lead snooze <lead> [4h|1d|1w]",
  ...TRANSFER_USAGE,
};
const ALL_USAGE = Object.values(USAGE).join("\n");
const KNOWN_FIELDS = new Set(["email", "phone", "company", "title", "external_id", "last_purchase", "cycle_days"]);

/** Each subcommand's words, as zod schemas whose messages are in the reader's language. */
function schemas(t: Translator) {
  const leadArgs = z.object({ args: z.array(z.string()).min(1, leadHint(t)).transform((a) => a.join(" ")) });
  const positive = (option: string) =>
    z.coerce.number({ error: notWholeNumber(t, option) }).int(notWholeNumber(t, option)).positive(notAboveZero(t, option));
  return {
    status: leadArgs,
    claim: leadArgs,
    add: z.object({
      args: z.array(z.string()).min(1, addNameHint(t, '/lead add "Jane Doe" company=Acme')).transform((a) => a.join(" ")),
      options: z
        .object({
          email: z.email(badEmail(t)).optional(),
          phone: z.string().regex(/^\+?[\d\s().-]{7,}$/, badPhone(t)).optional(),
          company: z.string().min(1).optional(),
          title: z.string().min(1).optional(),
          external_id: z.string().min(1).optional(),
          last_purchase: z.iso.date(badDate(t, "last_purchase", "2026-03-31")).optional(),
          cycle_days: positive("cycle_days").optional(),
        })
        .catchall(z.string()),
    }),
    assign: z.object({ args: z.array(z.string()).min(2, assignHint(t, "/lead assign acme @anna")) }),
    event: z.object({ args: z.array(z.string()).min(2, eventHint(t, "/lead event acme demo_request")) }),
    snooze: z.object({ args: z.array(z.string()).min(1, leadHint(t)) }),
  };
}

/** Parses a subcommand's words; a mistake becomes a usage reply in the reader's language. */
function parse<S extends z.ZodType>(schema: S, line: ParsedLine, usage: string, t: Translator): Parsed<z.infer<S>> {
  const parsed = schema.safeParse({ args: line.args, options: line.options });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reply: usageReply(parsed.error.issues[0]?.message ?? notRight(t), usage, t) };
}

const retryWith = (sub: string, suffix = "") => (id: number) => `/lead ${sub} #${id}${suffix}`;

async function status(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const t = replyT(ctx);
  const input = parse(schemas(t).status, line, USAGE.status, t);
  if (!input.ok) return input.reply;
  const found = orFailure(ctx, await leadStatus(ctx.deps, ctx.actor, input.value.args), retryWith("status"));
  if (!found.ok) return found.reply;
  return statusReply(found.value, ctx);
}

export function statusReply(s: LeadStatus, ctx: CommandContext): Reply {
  return statusView(replyT(ctx), s, ctx.deps.clock(), ctx.actor.name);
}

async function add(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const t = replyT(ctx);
  const input = parse(schemas(t).add, line, USAGE.add, t);
  if (!input.ok) return input.reply;
  const { args: name, options } = input.value;
  const attributes: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(options)) {
    if (KNOWN_FIELDS.has(key) || value === undefined) continue;
    attributes[key] = /^-?\d+(\.\d+)?$/.test(String(value)) ? Number(value) : String(value);
  }
  const created = orFailure(ctx, await addLead(ctx.deps, ctx.actor, {
      name,
      ...(options.email ? { email: options.email } : {}),
      ...(options.phone ? { phone: options.phone } : {}),
      ...(options.company ? { company: options.company } : {}),
      ...(options.title ? { title: options.title } : {}),
      ...(options.external_id ? { externalId: options.external_id } : {}),
      ...(options.last_purchase ? { lastPurchaseAt: new Date(`${options.last_purchase}T00:00:00Z`) } : {}),
      ...(options.cycle_days ? { cycleDays: options.cycle_days } : {}),
      attributes,
    }),
  );
  if (!created.ok) return created.reply;
  return addedView(replyT(ctx, "channel"), created.value.lead);
}

async function list(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  let limit = 10;
  const words: string[] = [];
  for (const arg of line.args) {
    if (/^\d+$/.test(arg) && Number(arg) >= 1 && Number(arg) <= 100) limit = Number(arg);
    else words.push(arg);
  }
  // "hot", "гарячі", "мої", "bez właściciela": the filter in the reader's words.
  const t = replyT(ctx);
  const read = readLeadFilterIn(words, { language: readerLanguage(ctx) });
  if (read.unread !== undefined) return usageReply(notAFilter(t, read.unread), USAGE.list, t);
  const filter = read.filter ?? "all";
  const found = orFailure(ctx, await findLeads(ctx.deps, ctx.actor, filter, limit));
  if (!found.ok) return found.reply;
  return listView(t, filter, found.value.leads, found.value.total);
}

async function claim(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const t = replyT(ctx);
  const input = parse(schemas(t).claim, line, USAGE.claim, t);
  if (!input.ok) return input.reply;
  const done = orFailure(ctx, await claimLead(ctx.deps, ctx.actor, input.value.args), retryWith("claim"));
  if (!done.ok) return done.reply;
  return claimedView(replyT(ctx, "channel"), ctx.actor.name, done.value.lead, done.value.previousOwner);
}

async function assign(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const t = replyT(ctx);
  const input = parse(schemas(t).assign, line, USAGE.assign, t);
  if (!input.ok) return input.reply;
  const words = input.value.args;
  const memberRef = words[words.length - 1]!;
  const leadRef = words.slice(0, -1).join(" ");
  const member = orFailure(ctx, await findPerson(ctx.deps, ctx.actor, memberRef));
  if (!member.ok) return member.reply;
  const done = orFailure(ctx, await assignLead(ctx.deps, ctx.actor, leadRef, member.value.id), retryWith("assign", ` ${quote(memberRef)}`));
  if (!done.ok) return done.reply;
  return assignedView(replyT(ctx, "channel"), done.value.lead, member.value.displayName, ctx.actor.name);
}

async function event(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const t = replyT(ctx);
  const input = parse(schemas(t).event, line, USAGE.event, t);
  if (!input.ok) return input.reply;
  const [leadRef, type, ...noteWords] = input.value.args as [string, string, ...string[]];
  const note = noteWords.join(" ") || line.options.note;
  const done = orFailure(ctx, await recordEvent(ctx.deps, ctx.actor, leadRef, { type: type.toLowerCase(), ...(note ? { note } : {}) }),
    retryWith("event", ` ${type}${note ? ` ${quote(note)}` : ""}`),
  );
  if (!done.ok) return done.reply;
  return eventView(t, type, done.value.lead, done.value.change);
}

const SNOOZE_UNITS = ["hour", "day", "week"] as const;
const UNIT_MS: Record<(typeof SNOOZE_UNITS)[number], number> = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };

async function snooze(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const t = replyT(ctx);
  const input = parse(schemas(t).snooze, line, USAGE.snooze, t);
  if (!input.ok) return input.reply;
  const words = input.value.args;
  // "4h", "1d", "1w", or in words: "2 дні", "1 tydzień", "3 zile"; what is before it is the lead.
  const found = readDuration(words, { units: SNOOZE_UNITS, language: readerLanguage(ctx) });
  const duration = found && found.count < words.length ? found : null;
  const ref = (duration ? words.slice(0, -duration.count) : words).join(" ");
  const ms = duration ? duration.amount * UNIT_MS[duration.unit as (typeof SNOOZE_UNITS)[number]] : UNIT_MS.day;
  const typed = duration ? ` ${duration.amount}${duration.unit[0]}` : "";
  const done = orFailure(ctx, await snoozeLeadAlerts(ctx.deps, ctx.actor, ref, ms), retryWith("snooze", typed));
  if (!done.ok) return done.reply;
  return snoozedView(replyT(ctx, "channel"), ctx.actor.name, done.value.lead, done.value.until);
}

const SUBCOMMANDS: Record<string, (line: ParsedLine, ctx: CommandContext) => Promise<Reply>> = {
  snooze,
  status,
  trend: leadTrendCommand,
  add,
  list,
  claim,
  assign,
  event,
  export: exportSubcommand,
  import: importSubcommand,
};

export const leadCommand: CommandDefinition = {
  name: "lead",
  summary: "command.lead.summary",
  menu: { hint: 'status acme · list hot · claim acme · add "Jane Doe" email=jane@acme.com' },
  usage: Object.values(USAGE),
  help: "command.lead.help",
  examples: {
    status: "/lead status acme · /lead status jane@acme.com · /lead status #12",
    trend: "/lead trend acme · /lead trend acme 90",
    add: '/lead add "Jane Doe" email=jane@acme.com company=Acme title="Head of Ops" companySize=120',
    list: "/lead list hot · /lead list mine 20 · /lead list unclaimed",
    claim: "/lead claim acme · /lead assign acme @anna",
    event: '/lead event acme pricing_page "looked at enterprise plan"',
    snooze: "/lead snooze acme 4h",
    export: "/lead export xlsx hot",
    import: "/lead import",
  },
  async run(line, ctx) {
    const [sub, ...rest] = line.args;
    const handler = subcommand(SUBCOMMANDS, sub);
    if (!handler) {
      const t = replyT(ctx);
      return usageReply(unknownSubcommand(t, sub ? `/lead ${sub}` : undefined), ALL_USAGE, t);
    }
    return handler({ ...line, args: rest }, ctx);
  },
};
