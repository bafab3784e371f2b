import { z } from "zod";
import { dateTime, signed } from "../src/chat/format.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { reply, usageReply, type Block, type Reply } from "../src/chat/reply.js";
import type { ScoringEdit } from "../src/domain/edits.js";
import type { Rule } from "../src/domain/types.js";
import { isManager, MANAGERS_ONLY } from "../src/services/actor.js";
import {
  cancelChange,
  changeHistory,
  confirmChange,
  previewEdit,
  previewUndo,
  scoringConfig,
  type ChangePreview,
  type Mover,
} from "../src/services/weights.service.js";
import { orFailure } from "./shared.js";
import type { CommandContext, CommandDefinition } from "./types.js";
import { weightsSuggest } from "./weights-suggest.js";

const USAGE = {
  show: "/weights",
  set: "/weights <rule> <points> [valid=90d] [max=5]",
  thresholds: "/weights thresholds hot=70 warm=40",
  add: "/weights add <key> <points> [type=<event type>] [label=\"…\"] [valid=60d] [max=3]",
  remove: "/weights remove <rule>",
  undo: "/weights undo",
  history: "/weights history",
  suggest: "/weights suggest",
};
const ALL_USAGE = Object.values(USAGE).join("\n");

/** "90", "90d", "12w", "6m" → days; "none"/"forever" → null (never expires). */
const Days = z
  .string()
  .trim()
  .toLowerCase()
  .transform((text, ctx) => {
    if (["none", "forever", "never", "off"].includes(text)) return null;
    const match = /^(\d{1,4})\s*(d|days?|w|weeks?|m|months?)?$/.exec(text);
    if (!match || Number(match[1]) === 0) {
      ctx.addIssue({ code: "custom", message: `"${text}" is not a duration. Use days like valid=90d, or valid=none.` });
      return z.NEVER;
    }
    const unit = match[2]?.[0] ?? "d";
    return Number(match[1]) * (unit === "w" ? 7 : unit === "m" ? 30 : 1);
  });

const MaxCount = z
  .string()
  .trim()
  .toLowerCase()
  .transform((text, ctx) => {
    if (["none", "off", "unlimited"].includes(text)) return null;
    if (!/^\d{1,4}$/.test(text) || Number(text) === 0) {
      ctx.addIssue({ code: "custom", message: `max=${text} should be a whole number like max=5, or max=none.` });
      return z.NEVER;
    }
    return Number(text);
  });

const Points = z
  .string()
  .regex(/^[+\-−]?\d{1,4}$/, "Points are a whole number, e.g. 45 or -15.")
  .transform((p) => Number(p.replace("−", "-").replace("+", "")));

const SetArgs = z.object({
  args: z.array(z.string()).min(1, "Which rule? /weights lists them."),
  options: z.strictObject({ valid: Days.optional(), max: MaxCount.optional() }, { error: "Only valid= and max= can follow the points." }),
});

const ThresholdArgs = z.object({
  options: z
    .record(z.string(), z.string().regex(/^-?\d{1,4}$/, "Thresholds are whole numbers, e.g. hot=70 warm=40.").transform(Number))
    .refine((o) => Object.keys(o).length > 0, "Give at least one threshold, e.g. hot=70."),
});

const AddArgs = z.object({
  args: z.tuple([z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, "A rule key is lower_case letters, digits and _, e.g. trade_show."), Points]),
  options: z.strictObject(
    { type: z.string().min(1).optional(), label: z.string().min(1).optional(), valid: Days.optional(), max: MaxCount.optional() },
    { error: "Only type=, label=, valid= and max= can follow the points." },
  ),
});

/** Finds a rule from what a manager typed: its key, its label, or a unique start of either. */
function findRule(rules: Rule[], typed: string): { rule?: Rule; candidates: Rule[] } {
  const wanted = typed.trim().toLowerCase().replace(/[\s-]+/g, "_");
  const exact = rules.find((r) => r.key === wanted || r.label.toLowerCase().replace(/[\s-]+/g, "_") === wanted);
  if (exact) return { rule: exact, candidates: [] };
  const partial = rules.filter((r) => r.key.includes(wanted) || r.label.toLowerCase().replace(/[\s-]+/g, "_").includes(wanted));
  return partial.length === 1 ? { rule: partial[0]!, candidates: [] } : { candidates: partial };
}

function moverLine(m: Mover): string {
  return `#${m.id} ${m.name}: ${m.fromTier} ${m.fromScore} → ${m.toTier} ${m.toScore}`;
}

export function previewReply(p: ChangePreview): Reply {
  const blocks: Block[] = [
    { type: "header", text: `Preview: ${p.summary}` },
    { type: "fields", fields: p.tierCounts.map((t) => ({ label: t.label, value: t.before === t.after ? `${t.after}` : `${t.before} → ${t.after}` })) },
  ];
  const show = (title: string, movers: Mover[]) => {
    if (movers.length === 0) return;
    const items = movers.slice(0, 8).map(moverLine);
    if (movers.length > 8) items.push(`…and ${movers.length - 8} more`);
    blocks.push({ type: "list", title, items });
  };
  show("Moving up a tier", p.movedUp);
  show("Moving down a tier", p.movedDown);
  if (p.movedUp.length + p.movedDown.length === 0) {
    if (p.biggestMovers.length === 0) blocks.push({ type: "text", text: `No lead's score changes (${p.leadsScored} leads checked).` });
    else show("No tier changes; biggest score moves", p.biggestMovers);
  }
  blocks.push({ type: "context", text: `Nothing changes until you confirm. This preview expires in 30 minutes.` });
  blocks.push({
    type: "actions",
    actions: [
      { label: "Confirm", command: `/weights confirm ${p.pendingId}`, style: "primary" },
      { label: "Cancel", command: `/weights cancel ${p.pendingId}`, style: "danger" },
    ],
  });
  return reply(blocks);
}

async function show(ctx: CommandContext): Promise<Reply> {
  const team = orFailure(await scoringConfig(ctx.deps, ctx.actor));
  if (!team.ok) return team.reply;
  const { config } = team.value;
  const line = (r: Rule) => {
    const extras = [r.validityDays ? `valid ${r.validityDays}d` : "", r.maxCount ? `max ${r.maxCount}` : "", r.group ? `group ${r.group}` : ""]
      .filter(Boolean)
      .join(", ");
    const points = r.kind === "cycle" ? `${signed(r.points)} at readiness` : signed(r.points);
    return `${r.key} · ${r.label} · ${points}${extras ? ` (${extras})` : ""}${r.active === false ? " · off" : ""}`;
  };
  const qualification = config.rules.filter((r) => r.kind === "qualification" && "framework" in r.match && r.match.framework === config.framework);
  const blocks: Block[] = [
    { type: "header", text: "Scoring rules" },
    { type: "list", title: "Behaviour", items: config.rules.filter((r) => r.kind === "event").map(line) },
    { type: "list", title: "Fit, calls and buying cycle", items: config.rules.filter((r) => ["attribute", "outcome", "cycle"].includes(r.kind)).map(line) },
    { type: "list", title: `${config.framework} qualification`, items: qualification.map(line) },
    {
      type: "text",
      text: `Tiers: ${config.tiers.map((t) => (t.min === null ? `${t.key} below` : `${t.key} ≥ ${t.min}`)).join(" · ")}`,
    },
  ];
  const caps = Object.entries(config.groupCaps);
  if (caps.length > 0) blocks.push({ type: "text", text: `Group caps: ${caps.map(([g, c]) => `${g} ≤ ${c}`).join(" · ")}` });
  blocks.push({ type: "context", text: isManager(ctx.actor) ? `Change one: ${USAGE.set}` : "Managers can change these." });
  return reply(blocks);
}

async function preview(ctx: CommandContext, edit: ScoringEdit): Promise<Reply> {
  const result = orFailure(await previewEdit(ctx.deps, ctx.actor, edit));
  return result.ok ? previewReply(result.value) : result.reply;
}

async function setRule(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const input = SetArgs.safeParse({ args: line.args, options: line.options });
  if (!input.success) return usageReply(input.error.issues[0]?.message ?? "That didn't look right.", USAGE.set);
  const { args, options } = input.data;
  const last = args[args.length - 1]!;
  const points = Points.safeParse(last);
  const ruleWords = points.success ? args.slice(0, -1) : args;
  if (!points.success && options.valid === undefined && options.max === undefined) {
    return usageReply(args.length > 1 ? `"${last}" is not a number of points.` : "How many points?", USAGE.set);
  }
  if (ruleWords.length === 0) return usageReply("Which rule? /weights lists them.", USAGE.set);
  const team = orFailure(await scoringConfig(ctx.deps, ctx.actor));
  if (!team.ok) return team.reply;
  const typed = ruleWords.join(" ");
  const { rule, candidates } = findRule(team.value.config.rules, typed);
  if (!rule) {
    if (candidates.length === 0) return usageReply(`There is no rule like "${typed}". /weights lists them.`, USAGE.set);
    const rest = `${points.success ? ` ${last}` : ""}${options.valid !== undefined ? ` valid=${options.valid ?? "none"}` : ""}${options.max !== undefined ? ` max=${options.max ?? "none"}` : ""}`;
    return reply([
      { type: "text", text: `"${typed}" could be several rules. Which one?` },
      { type: "actions", actions: candidates.slice(0, 6).map((r) => ({ label: r.label, command: `/weights ${r.key}${rest}` })) },
    ]);
  }
  return preview(ctx, {
    kind: "set",
    key: rule.key,
    ...(points.success ? { points: points.data } : {}),
    ...(options.valid !== undefined ? { validityDays: options.valid } : {}),
    ...(options.max !== undefined ? { maxCount: options.max } : {}),
  });
}

const SUBCOMMANDS: Record<string, (line: ParsedLine, ctx: CommandContext) => Promise<Reply>> = {
  suggest: weightsSuggest,
  async undo(_line, ctx) {
    const result = orFailure(await previewUndo(ctx.deps, ctx.actor));
    return result.ok ? previewReply(result.value) : result.reply;
  },
  async history(_line, ctx) {
    const result = orFailure(await changeHistory(ctx.deps, ctx.actor));
    if (!result.ok) return result.reply;
    if (result.value.length === 0) return reply([{ type: "text", text: "Scoring has not been changed yet." }]);
    const team = await scoringConfig(ctx.deps, ctx.actor);
    const tz = team.ok ? team.value.timezone : "UTC";
    return reply([
      { type: "header", text: "Scoring changes" },
      {
        type: "list",
        items: result.value.map((c) => `${dateTime(c.at, tz)} · ${c.by} · ${c.summary}${c.undone ? " (undone)" : ""}`),
      },
    ]);
  },
  async thresholds(line, ctx) {
    const input = ThresholdArgs.safeParse({ options: line.options });
    if (!input.success || line.args.length > 0) {
      return usageReply(input.success ? "Give thresholds as tier=points." : (input.error.issues[0]?.message ?? "That didn't look right."), USAGE.thresholds);
    }
    return preview(ctx, { kind: "thresholds", values: input.data.options });
  },
  async add(line, ctx) {
    const input = AddArgs.safeParse({ args: line.args, options: line.options });
    if (!input.success) return usageReply(input.error.issues[0]?.message ?? "That didn't look right.", USAGE.add);
    const [key, points] = input.data.args;
    const { type, label, valid, max } = input.data.options;
    return preview(ctx, {
      kind: "add",
      rule: {
        key,
        label: label ?? key.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()),
        kind: "event",
        match: { type: type ?? key },
        points,
        validityDays: valid ?? null,
        maxCount: max ?? null,
      },
    });
  },
  async remove(line, ctx) {
    if (line.args.length === 0) return usageReply("Which rule?", USAGE.remove);
    const team = orFailure(await scoringConfig(ctx.deps, ctx.actor));
    if (!team.ok) return team.reply;
    const { rule } = findRule(team.value.config.rules, line.args.join(" "));
    if (!rule) return usageReply(`There is no single rule like "${line.args.join(" ")}". /weights lists them.`, USAGE.remove);
    return preview(ctx, { kind: "remove", key: rule.key });
  },
  async confirm(line, ctx) {
    const id = line.args[0];
    if (!id) return usageReply("Confirm which change?", "/weights confirm <id>");
    const result = orFailure(await confirmChange(ctx.deps, ctx.actor, id));
    if (!result.ok) return result.reply;
    const c = result.value;
    return reply(
      [
        { type: "text", text: `Scoring changed by ${ctx.actor.name}: ${c.summary}.` },
        { type: "context", text: `${c.leadsChanged === 1 ? "1 lead's score" : `${c.leadsChanged} leads' scores`} changed; ${c.nowInTopTier} ${c.topTier} now. Undo with /weights undo.` },
      ],
      { visibility: "channel" },
    );
  },
  async cancel(line, ctx) {
    const id = line.args[0];
    if (!id) return usageReply("Cancel which change?", "/weights cancel <id>");
    const result = orFailure(await cancelChange(ctx.deps, ctx.actor, id));
    return result.ok ? reply([{ type: "text", text: `Cancelled: ${result.value.summary}. Nothing changed.` }]) : result.reply;
  },
};

export const weightsCommand: CommandDefinition = {
  name: "weights",
  summary: "See the scoring rules; managers change them (with a preview first).",
  usage: Object.values(USAGE),
  help: [
    "Every change shows which leads would change tier before anything happens; confirm to apply.",
    "Examples: /weights demo_request 45 · /weights pricing_page 15 valid=45d · /weights website_visit 10 max=3",
    "/weights thresholds hot=70 warm=40 · /weights undo · /weights history",
  ].join("\n"),
  async run(line, ctx) {
    const [first, ...rest] = line.args;
    if (!first && Object.keys(line.options).length === 0) return show(ctx);
    // Reading the rules is open to everyone; anything else is refused to reps up front, with
    // the same answer the service would give.
    if (!isManager(ctx.actor) && first?.toLowerCase() !== "history") {
      return reply([{ type: "text", text: MANAGERS_ONLY }], { tone: "refused" });
    }
    const sub = first ? SUBCOMMANDS[first.toLowerCase()] : undefined;
    if (sub) return sub({ ...line, args: rest }, ctx);
    if (!first) return usageReply("Which rule?", ALL_USAGE);
    return setRule(line, ctx);
  },
};
