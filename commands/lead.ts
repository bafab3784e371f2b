import { z } from "zod";
import { capitalise, dateTime, fromNow, shortDate, signed, sparkline, stageLabel } from "../src/chat/format.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { reply, usageReply, type Block, type Reply } from "../src/chat/reply.js";
import { FRAMEWORK_DIMENSIONS } from "../src/domain/types.js";
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
  type LeadView,
} from "../src/services/lead.service.js";
import { findPerson } from "../src/services/team-admin.service.js";
import { touchText } from "../src/views/lead-history.view.js";
import { leadTrendCommand, TREND_USAGE } from "./lead-trend.js";
import { exportSubcommand, importSubcommand, TRANSFER_USAGE } from "./lead-transfer.js";
import { leadLabel, orFailure, parseInput, positiveInt, quote, subcommand } from "./shared.js";
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
const LEAD_HINT = "Which lead? Give part of its name, an email, a phone or #id.";

const StatusArgs = z.object({ args: z.array(z.string()).min(1, LEAD_HINT).transform((a) => a.join(" ")) });

const KNOWN_FIELDS = new Set(["email", "phone", "company", "title", "external_id", "last_purchase", "cycle_days"]);
const AddArgs = z.object({
  args: z.array(z.string()).min(1, "Give the lead's name, e.g. /lead add \"Jane Doe\" company=Acme").transform((a) => a.join(" ")),
  options: z
    .object({
      email: z.email("That email doesn't look right.").optional(),
      phone: z.string().regex(/^\+?[\d\s().-]{7,}$/, "A phone needs at least 7 digits.").optional(),
      company: z.string().min(1).optional(),
      title: z.string().min(1).optional(),
      external_id: z.string().min(1).optional(),
      last_purchase: z.iso.date("last_purchase is a date like 2026-03-31.").optional(),
      cycle_days: positiveInt("cycle_days").optional(),
    })
    .catchall(z.string()),
});


const ClaimArgs = StatusArgs;
const AssignArgs = z.object({
  args: z.array(z.string()).min(2, "Give the lead and the teammate, e.g. /lead assign acme @anna"),
});
const EventArgs = z.object({
  args: z.array(z.string()).min(2, "Give the lead and the event type, e.g. /lead event acme demo_request"),
});

const retryWith = (sub: string, suffix = "") => (id: number) => `/lead ${sub} #${id}${suffix}`;

function leadLine(lead: LeadView): string {
  const owner = lead.owner ? ` · ${lead.owner}` : " · unclaimed";
  return `${leadLabel(lead)} · ${lead.score} ${lead.tier} · ${stageLabel(lead.stage)}${owner}`;
}

async function status(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const input = parseInput(StatusArgs, line, USAGE.status);
  if (!input.ok) return input.reply;
  const found = orFailure(ctx, await leadStatus(ctx.deps, ctx.actor, input.value.args), retryWith("status"));
  if (!found.ok) return found.reply;
  return statusReply(found.value, ctx);
}

export function statusReply(s: LeadStatus, ctx: CommandContext): Reply {
  const now = ctx.deps.clock();
  const tz = s.team.timezone;
  const { lead, result } = s;
  const blocks: Block[] = [
    { type: "header", text: `${lead.name}${lead.company ? ` · ${lead.company}` : ""} (#${lead.id})` },
    {
      type: "fields",
      fields: [
        { label: "Score", value: `${result.score} · ${result.tier.label}` },
        { label: "Stage", value: stageLabel(lead.stage) },
        { label: "Owner", value: lead.owner ?? "unclaimed" },
        { label: "Next action", value: result.tier.action },
      ],
    },
  ];
  blocks.push({
    type: "list",
    title: `Why ${result.score}`,
    items:
      result.breakdown.length === 0
        ? ["No signals yet."]
        : result.breakdown.slice(0, 8).map((c) => {
            const count = c.count > 1 ? ` ×${c.count}` : "";
            const expiry = c.expiresAt ? ` · expires ${shortDate(c.expiresAt, tz)} (${fromNow(c.expiresAt, now)})` : "";
            const detail = c.detail ? ` · ${c.detail}` : "";
            return `${signed(c.points)}  ${c.label}${count}${detail}${expiry}`;
          }),
  });
  if (result.breakdown.length > 8) {
    const rest = result.breakdown.slice(8).reduce((sum, c) => sum + c.points, 0);
    blocks.push({ type: "context", text: `…and ${result.breakdown.length - 8} smaller contributions (${signed(rest)}).` });
  }
  if (s.touches.length > 0) {
    blocks.push({ type: "list", title: "Last touches", items: s.touches.map((t) => `${shortDate(t.at, tz)}  ${touchText(t)}`) });
  }
  const trend = [...s.trend.map((p) => p.score)];
  if (trend.length === 0 || trend[trend.length - 1] !== result.score) trend.push(result.score);
  const delta = result.score - trend[0]!;
  blocks.push({ type: "text", text: `Trend (14 days): ${sparkline(trend)} ${trend.length > 1 ? signed(delta) : "no history yet"}` });
  const dims = FRAMEWORK_DIMENSIONS[s.team.config.framework];
  const byDim = new Map(s.answers.map((a) => [a.dimension, a]));
  const mark = { yes: "✓", no: "✗", unknown: "?" } as const;
  const positive = s.answers.filter((a) => a.answer === "yes").length;
  blocks.push({
    type: "text",
    text: `${s.team.config.framework} ${positive}/${dims.length}: ${dims
      .map((d) => `${capitalise(d)} ${byDim.has(d) ? mark[byDim.get(d)!.answer] : "–"}`)
      .join(" · ")}`,
  });
  if (result.nextChangeAt) blocks.push({ type: "context", text: `Score changes by itself ${fromNow(result.nextChangeAt, now)} (${shortDate(result.nextChangeAt, tz)}).` });
  blocks.push({
    type: "actions",
    actions: [
      ...(lead.owner === ctx.actor.name ? [] : [{ label: "Claim", command: `/lead claim #${lead.id}`, style: "primary" as const }]),
      { label: "Log call", command: `/log #${lead.id}` },
      { label: "Qualify", command: `/qualify #${lead.id}` },
      { label: "Trend", command: `/lead trend #${lead.id} 30` },
    ],
  });
  return reply(blocks);
}

async function add(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const input = parseInput(AddArgs, line, USAGE.add);
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
  const lead = created.value.lead;
  return reply(
    [
      { type: "text", text: `Added ${leadLabel(lead)}: ${lead.score} points, ${lead.tier}.` },
      { type: "actions", actions: [{ label: "Status", command: `/lead status #${lead.id}` }, { label: "Claim", command: `/lead claim #${lead.id}` }] },
    ],
    { visibility: "channel" },
  );
}

async function list(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  let limit = 10;
  const words: string[] = [];
  for (const arg of line.args) {
    if (/^\d+$/.test(arg) && Number(arg) >= 1 && Number(arg) <= 100) limit = Number(arg);
    else words.push(arg);
  }
  // "hot", "гарячі", "мої", "bez właściciela": the filter in the reader's words.
  const read = readLeadFilterIn(words);
  if (read.unread !== undefined) return usageReply(`"${read.unread}" is not a filter or a number from 1 to 100.`, USAGE.list);
  const filter = read.filter ?? "all";
  const found = orFailure(ctx, await findLeads(ctx.deps, ctx.actor, filter, limit));
  if (!found.ok) return found.reply;
  const { leads, total } = found.value;
  const title = filter === "all" ? "Leads" : filter === "mine" ? "Your leads" : `${capitalise(filter)} leads`;
  if (leads.length === 0) return reply([{ type: "text", text: `${title}: none right now.` }]);
  return reply([
    { type: "header", text: `${title} (${leads.length} of ${total})` },
    { type: "list", items: leads.map(leadLine) },
    { type: "context", text: "/lead status <lead> for the why and the next step." },
  ]);
}

async function claim(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const input = parseInput(ClaimArgs, line, USAGE.claim);
  if (!input.ok) return input.reply;
  const done = orFailure(ctx, await claimLead(ctx.deps, ctx.actor, input.value.args), retryWith("claim"));
  if (!done.ok) return done.reply;
  const { lead, previousOwner } = done.value;
  const from = previousOwner ? ` (from ${previousOwner})` : "";
  return reply([{ type: "text", text: `${ctx.actor.name} claimed ${leadLabel(lead)}${from}. Stage: ${stageLabel(lead.stage)}.` }], {
    visibility: "channel",
  });
}

async function assign(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const input = parseInput(AssignArgs, line, USAGE.assign);
  if (!input.ok) return input.reply;
  const words = input.value.args;
  const memberRef = words[words.length - 1]!;
  const leadRef = words.slice(0, -1).join(" ");
  const member = orFailure(ctx, await findPerson(ctx.deps, ctx.actor, memberRef));
  if (!member.ok) return member.reply;
  const done = orFailure(ctx, await assignLead(ctx.deps, ctx.actor, leadRef, member.value.id), retryWith("assign", ` ${quote(memberRef)}`));
  if (!done.ok) return done.reply;
  return reply([{ type: "text", text: `${leadLabel(done.value.lead)} is now ${member.value.displayName}'s (assigned by ${ctx.actor.name}).` }], {
    visibility: "channel",
  });
}

async function event(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const input = parseInput(EventArgs, line, USAGE.event);
  if (!input.ok) return input.reply;
  const [leadRef, type, ...noteWords] = input.value.args as [string, string, ...string[]];
  const note = noteWords.join(" ") || line.options.note;
  const done = orFailure(ctx, await recordEvent(ctx.deps, ctx.actor, leadRef, { type: type.toLowerCase(), ...(note ? { note } : {}) }),
    retryWith("event", ` ${type}${note ? ` ${quote(note)}` : ""}`),
  );
  if (!done.ok) return done.reply;
  const { lead, change } = done.value;
  const moved = change ? ` Score ${change.from.score} → ${change.to.score}${change.from.tier !== change.to.tier ? `, now ${change.to.tier}` : ""}.` : " Score unchanged.";
  return reply([{ type: "text", text: `Recorded ${type} for ${leadLabel(lead)}.${moved}` }]);
}

const SnoozeArgs = z.object({ args: z.array(z.string()).min(1, LEAD_HINT) });
const SNOOZE_UNITS = ["hour", "day", "week"] as const;
const UNIT_MS: Record<(typeof SNOOZE_UNITS)[number], number> = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };

async function snooze(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const input = parseInput(SnoozeArgs, line, USAGE.snooze);
  if (!input.ok) return input.reply;
  const words = input.value.args;
  // "4h", "1d", "1w", or in words: "2 дні", "1 tydzień", "3 zile"; what is before it is the lead.
  const found = readDuration(words, { units: SNOOZE_UNITS });
  const duration = found && found.count < words.length ? found : null;
  const ref = (duration ? words.slice(0, -duration.count) : words).join(" ");
  const ms = duration ? duration.amount * UNIT_MS[duration.unit as (typeof SNOOZE_UNITS)[number]] : UNIT_MS.day;
  const typed = duration ? ` ${duration.amount}${duration.unit[0]}` : "";
  const done = orFailure(ctx, await snoozeLeadAlerts(ctx.deps, ctx.actor, ref, ms), retryWith("snooze", typed));
  if (!done.ok) return done.reply;
  const until = dateTime(done.value.until, "UTC");
  return reply([{ type: "text", text: `${ctx.actor.name} snoozed alerts for ${leadLabel(done.value.lead)} until ${until} UTC.` }], { visibility: "channel" });
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
    if (!handler) return usageReply(sub ? `"/lead ${sub}" is not something I know.` : "What should I do with leads?", ALL_USAGE);
    return handler({ ...line, args: rest }, ctx);
  },
};
