import { replyT } from "../src/chat/command-context.js";
import { z } from "zod";
import { dateTime, signed } from "../src/chat/format.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { reply, usageReply, type Block, type Reply } from "../src/chat/reply.js";
import type { ScoringEdit } from "../src/domain/edits.js";
import type { Rule, ScoringConfig } from "../src/domain/types.js";
import { matchRule, readWeightsPhrase, strictCommand, type PhraseEdit, type PhraseReading } from "../src/domain/weights-phrase.js";
import { isManager, MANAGERS_ONLY } from "../src/services/actor.js";
import {
  cancelChange,
  changeHistory,
  confirmChange,
  previewEdit,
  previewUndo,
  scoringConfig,
  whatIfEdit,
  type PreviewEffect,
} from "../src/services/weights.service.js";
import { failureReply, orFailure, subcommand } from "./shared.js";
import type { CommandContext, CommandDefinition } from "./types.js";
import { weightsSuggest } from "./weights-suggest.js";
import { phraseProblemText } from "../src/views/weights-phrase.view.js";
import { effectBlocks, previewReply } from "../src/views/weights-preview.view.js";

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

/** Plain-words forms, shown with the strict usage so managers see they may just say it. */
const LOOSE_EXAMPLES = [
  "/weights make demo requests worth 50",
  "/weights careers page -15",
  "/weights pricing page valid 45 days",
  "/weights website visits max 3",
  "/weights make hot 70",
  "/weights what if quote requests were 40?",
];
const SET_USAGE = `${USAGE.set}\nOr in words: ${LOOSE_EXAMPLES.join(" · ")}`;

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

const nameForm = (text: string) => text.trim().toLowerCase().replace(/[\s-]+/g, "_");

/** The rule whose key or label is exactly what was typed (any case, spaces or underscores). */
function exactRule(rules: Rule[], typed: string): Rule | undefined {
  const wanted = nameForm(typed);
  return rules.find((r) => r.key === wanted || nameForm(r.label) === wanted);
}

type StrictReading = { kind: "edit"; edit: ScoringEdit } | { kind: "mistake"; message: string } | { kind: "other" };

/**
 * The strict form `/weights <rule> <points> [valid=90d] [max=5]`, with the rule named by its
 * exact key or label. Anything else is left to the phrase interpreter; a strict-looking
 * mistake is kept so it can be shown if the interpreter cannot read the words either.
 */
function readStrict(line: ParsedLine, rules: Rule[]): StrictReading {
  const input = SetArgs.safeParse({ args: line.args, options: line.options });
  if (!input.success) return { kind: "mistake", message: input.error.issues[0]?.message ?? "That didn't look right." };
  const { args, options } = input.data;
  const last = args[args.length - 1]!;
  const points = Points.safeParse(last);
  const ruleWords = points.success ? args.slice(0, -1) : args;
  if (!points.success && options.valid === undefined && options.max === undefined) {
    return { kind: "mistake", message: args.length > 1 ? `"${last}" is not a number of points.` : "How many points?" };
  }
  if (ruleWords.length === 0) return { kind: "mistake", message: "Which rule? /weights lists them." };
  const rule = exactRule(rules, ruleWords.join(" "));
  if (!rule) return { kind: "other" };
  return {
    kind: "edit",
    edit: {
      kind: "set",
      key: rule.key,
      ...(points.success ? { points: points.data } : {}),
      ...(options.valid !== undefined ? { validityDays: options.valid } : {}),
      ...(options.max !== undefined ? { maxCount: options.max } : {}),
    },
  };
}

/** A "what if": the same effect as a preview, nothing stored, and a way to ask for it for real. */
function whatIfReply(p: PreviewEffect, edit: PhraseEdit): Reply {
  return reply([
    { type: "header", text: `What if: ${p.summary}` },
    ...effectBlocks(p),
    { type: "context", text: "Nothing was changed; this is only a what-if. To apply it, ask for the change (you will see the preview and confirm)." },
    { type: "actions", actions: [{ label: "Make this change", command: strictCommand(edit), style: "primary" }] },
  ]);
}

/** "Did you mean …?": one button per fitting rule, each running the strict form. */
function didYouMeanReply(reading: Extract<PhraseReading, { kind: "ambiguous" }>): Reply {
  return reply([
    { type: "text", text: `"${reading.typed}" could be several rules. Did you mean one of these?` },
    {
      type: "actions",
      actions: reading.choices.map((c) => ({ label: `${c.rule.label} (${c.rule.key})`, command: strictCommand(c.edit, { whatIf: reading.whatIf }) })),
    },
  ]);
}

async function show(ctx: CommandContext): Promise<Reply> {
  const team = orFailure(ctx, await scoringConfig(ctx.deps, ctx.actor));
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
  blocks.push({ type: "context", text: isManager(ctx.actor) ? `Change one: ${USAGE.set}, or in words: ${LOOSE_EXAMPLES[0]}` : "Managers can change these." });
  return reply(blocks);
}

async function preview(ctx: CommandContext, edit: ScoringEdit): Promise<Reply> {
  const result = orFailure(ctx, await previewEdit(ctx.deps, ctx.actor, edit));
  return result.ok ? previewReply(result.value) : result.reply;
}

async function whatIf(ctx: CommandContext, edit: PhraseEdit): Promise<Reply> {
  const result = orFailure(ctx, await whatIfEdit(ctx.deps, ctx.actor, edit));
  return result.ok ? whatIfReply(result.value, edit) : result.reply;
}

/** Answers what the interpreter made of the words: a preview, a what-if, a question, or help. */
async function answerReading(ctx: CommandContext, reading: PhraseReading, strictMistake?: string): Promise<Reply> {
  switch (reading.kind) {
    case "edit":
      return reading.whatIf ? whatIf(ctx, reading.edit) : preview(ctx, reading.edit);
    case "ambiguous":
      return didYouMeanReply(reading);
    case "unclear":
      // A strict-form mistake ("abc" is not a number of points) says more, unless the rule was clear.
      return usageReply(reading.rule || !strictMistake ? phraseProblemText(reading.problem) : strictMistake, SET_USAGE);
  }
}

/** `/weights <rule> <points> …` as typed strictly, or the same said in words. */
async function changeRule(line: ParsedLine, ctx: CommandContext, config: ScoringConfig): Promise<Reply> {
  const strict = readStrict(line, config.rules);
  if (strict.kind === "edit") return preview(ctx, strict.edit);
  return answerReading(ctx, readWeightsPhrase(line.rest, config), strict.kind === "mistake" ? strict.message : undefined);
}

async function teamConfig(ctx: CommandContext): Promise<{ ok: true; value: ScoringConfig } | { ok: false; reply: Reply }> {
  const team = orFailure(ctx, await scoringConfig(ctx.deps, ctx.actor));
  return team.ok ? { ok: true, value: team.value.config } : team;
}

const SUBCOMMANDS: Record<string, (line: ParsedLine, ctx: CommandContext) => Promise<Reply>> = {
  suggest: weightsSuggest,
  async undo(_line, ctx) {
    const result = orFailure(ctx, await previewUndo(ctx.deps, ctx.actor));
    return result.ok ? previewReply(result.value) : result.reply;
  },
  async history(_line, ctx) {
    const result = orFailure(ctx, await changeHistory(ctx.deps, ctx.actor));
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
    if (line.args.length > 0) {
      // "/weights thresholds hot 70" said in words: read it as a phrase, thresholds only.
      const config = await teamConfig(ctx);
      if (!config.ok) return config.reply;
      const reading = readWeightsPhrase(line.rest, config.value);
      if (reading.kind === "edit" && reading.edit.kind === "thresholds") return answerReading(ctx, reading);
    }
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
    const config = await teamConfig(ctx);
    if (!config.ok) return config.reply;
    const typed = line.args.join(" ");
    const match = exactRule(config.value.rules, typed) ?? matchRule(config.value.rules, typed);
    if ("key" in match) return preview(ctx, { kind: "remove", key: match.key });
    if (match.kind === "one") return preview(ctx, { kind: "remove", key: match.rule.key });
    if (match.kind === "several") {
      return reply([
        { type: "text", text: `"${typed}" could be several rules. Which one should go?` },
        { type: "actions", actions: match.rules.slice(0, 6).map((r) => ({ label: `${r.label} (${r.key})`, command: `/weights remove ${r.key}` })) },
      ]);
    }
    return usageReply(`There is no rule like "${typed}". /weights lists them.`, USAGE.remove);
  },
  async confirm(line, ctx) {
    const id = line.args[0];
    if (!id) return usageReply("Confirm which change?", "/weights confirm <id>");
    const result = orFailure(ctx, await confirmChange(ctx.deps, ctx.actor, id));
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
    const result = orFailure(ctx, await cancelChange(ctx.deps, ctx.actor, id));
    return result.ok ? reply([{ type: "text", text: `Cancelled: ${result.value.summary}. Nothing changed.` }]) : result.reply;
  },
};

export const weightsCommand: CommandDefinition = {
  name: "weights",
  summary: "command.weights.summary",
  menu: { hint: "· demo_request 45 · thresholds hot=70 · undo · history" },
  usage: [...Object.values(USAGE), ...LOOSE_EXAMPLES],
  help: "command.weights.help",
  examples: {
    examples: "/weights demo_request 45 · /weights pricing_page 15 valid=45d · /weights website_visit 10 max=3",
    more: "/weights thresholds hot=70 warm=40 · /weights undo · /weights history",
    words: "/weights make demo requests worth 50 · /weights careers page -15 · /weights pricing valid for 6 weeks · /weights count website visits at most 3 times · /weights make hot 70",
    whatIf: "/weights what if quote requests were 40?",
  },
  async run(line, ctx) {
    const [first, ...rest] = line.args;
    if (!first && Object.keys(line.options).length === 0) return show(ctx);
    // Reading the rules is open to everyone; anything else is refused to reps up front, with
    // the same answer the service would give.
    if (!isManager(ctx.actor) && first?.toLowerCase() !== "history") {
      return failureReply({ code: "forbidden", ...MANAGERS_ONLY }, replyT(ctx));
    }
    const sub = subcommand(SUBCOMMANDS, first);
    if (sub) return sub({ ...line, args: rest }, ctx);
    if (!first && Object.keys(line.options).length === 0) return usageReply("Which rule?", ALL_USAGE);
    const config = await teamConfig(ctx);
    if (!config.ok) return config.reply;
    return changeRule(line, ctx, config.value);
  },
};
