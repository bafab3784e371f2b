import { replyT } from "../src/chat/command-context.js";
import { z } from "zod";
import type { ParsedLine } from "../src/chat/parse.js";
import { usageReply, type Reply } from "../src/chat/reply.js";
import type { ScoringEdit } from "../src/domain/edits.js";
import type { Rule, ScoringConfig } from "../src/domain/types.js";
import { matchRule, readWeightsPhrase, strictCommand, type PhraseEdit, type PhraseReading } from "../src/domain/weights-phrase.js";
import { readerLanguage } from "./reader-language.js";
import type { Translator } from "../src/i18n/index.js";
import { isManager, MANAGERS_ONLY } from "../src/services/actor.js";
import {
  cancelChange,
  changeHistory,
  confirmChange,
  previewEdit,
  previewUndo,
  scoringConfig,
  whatIfEdit,
} from "../src/services/weights.service.js";
import { failureReply, orFailure, subcommand } from "./shared.js";
import type { CommandContext, CommandDefinition } from "./types.js";
import { weightsSuggest } from "./weights-suggest.js";
import { phraseProblemText } from "../src/views/weights-phrase.view.js";
import { previewReply } from "../src/views/weights-preview.view.js";
import {
  cancelledReply,
  changedReply,
  didYouMeanReply,
  historyReply,
  noSuchRuleReply,
  rulesReply,
  setUsageText,
  weightsInputText,
  weightsIssueText,
  whatIfReply,
  whichToRemoveReply,
  type WeightsInputProblem,
} from "../src/views/weights.view.js";

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


/** "90", "90d", "12w", "6m" → days; "none"/"forever" → null (never expires). */
const Days = z
  .string()
  .trim()
  .toLowerCase()
  .transform((text, ctx) => {
    if (["none", "forever", "never", "off"].includes(text)) return null;
    const match = /^(\d{1,4})\s*(d|days?|w|weeks?|m|months?)?$/.exec(text);
    if (!match || Number(match[1]) === 0) {
      ctx.addIssue({ code: "custom", message: "duration", params: { typed: text } });
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
      ctx.addIssue({ code: "custom", message: "maxCount", params: { typed: text } });
      return z.NEVER;
    }
    return Number(text);
  });

const Points = z
  .string()
  .regex(/^[+\-−]?\d{1,4}$/, "points")
  .transform((p) => Number(p.replace("−", "-").replace("+", "")));

const SetArgs = z.object({
  args: z.array(z.string()).min(1, "whichRuleListed"),
  options: z.strictObject({ valid: Days.optional(), max: MaxCount.optional() }, { error: "setOptions" }),
});

const ThresholdArgs = z.object({
  options: z
    .record(z.string(), z.string().regex(/^-?\d{1,4}$/, "thresholdNumber").transform(Number))
    .refine((o) => Object.keys(o).length > 0, "oneThreshold"),
});

const AddArgs = z.object({
  args: z.tuple([z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, "ruleKey"), Points]),
  options: z.strictObject(
    { type: z.string().min(1).optional(), label: z.string().min(1).optional(), valid: Days.optional(), max: MaxCount.optional() },
    { error: "addOptions" },
  ),
});

const nameForm = (text: string) => text.trim().toLowerCase().replace(/[\s-]+/g, "_");

/** The rule whose key or label is exactly what was typed (any case, spaces or underscores). */
function exactRule(rules: Rule[], typed: string): Rule | undefined {
  const wanted = nameForm(typed);
  return rules.find((r) => r.key === wanted || nameForm(r.label) === wanted);
}

type StrictReading = { kind: "edit"; edit: ScoringEdit } | { kind: "mistake"; message: (t: Translator) => string } | { kind: "other" };

/**
 * The strict form `/weights <rule> <points> [valid=90d] [max=5]`, with the rule named by its
 * exact key or label. Anything else is left to the phrase interpreter; a strict-looking
 * mistake is kept so it can be shown if the interpreter cannot read the words either.
 */
function readStrict(line: ParsedLine, rules: Rule[]): StrictReading {
  const input = SetArgs.safeParse({ args: line.args, options: line.options });
  if (!input.success) {
    const issue = input.error.issues[0];
    return { kind: "mistake", message: (t) => weightsIssueText(t, issue) };
  }
  const { args, options } = input.data;
  const last = args[args.length - 1]!;
  const points = Points.safeParse(last);
  const ruleWords = points.success ? args.slice(0, -1) : args;
  if (!points.success && options.valid === undefined && options.max === undefined) {
    const problem: WeightsInputProblem = args.length > 1 ? { kind: "notPoints", typed: last } : { kind: "howManyPoints" };
    return { kind: "mistake", message: (t) => weightsInputText(t, problem) };
  }
  if (ruleWords.length === 0) return { kind: "mistake", message: (t) => weightsInputText(t, { kind: "whichRuleListed" }) };
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


async function show(ctx: CommandContext): Promise<Reply> {
  const team = orFailure(ctx, await scoringConfig(ctx.deps, ctx.actor));
  if (!team.ok) return team.reply;
  return rulesReply(replyT(ctx), team.value.config, isManager(ctx.actor) ? { usage: USAGE.set, example: LOOSE_EXAMPLES[0]! } : null);
}

async function preview(ctx: CommandContext, edit: ScoringEdit): Promise<Reply> {
  const result = orFailure(ctx, await previewEdit(ctx.deps, ctx.actor, edit));
  return result.ok ? previewReply(result.value, replyT(ctx)) : result.reply;
}

async function whatIf(ctx: CommandContext, edit: PhraseEdit): Promise<Reply> {
  const result = orFailure(ctx, await whatIfEdit(ctx.deps, ctx.actor, edit));
  return result.ok ? whatIfReply(replyT(ctx), result.value, strictCommand(edit)) : result.reply;
}

/** Answers what the interpreter made of the words: a preview, a what-if, a question, or help. */
async function answerReading(ctx: CommandContext, reading: PhraseReading, strictMistake?: (t: Translator) => string): Promise<Reply> {
  const t = replyT(ctx);
  switch (reading.kind) {
    case "edit":
      return reading.whatIf ? whatIf(ctx, reading.edit) : preview(ctx, reading.edit);
    case "ambiguous":
      return didYouMeanReply(
        t,
        reading.typed,
        reading.choices.map((c) => ({ rule: c.rule, command: strictCommand(c.edit, { whatIf: reading.whatIf }) })),
      );
    case "unclear":
      // A strict-form mistake ("abc" is not a number of points) says more, unless the rule was clear.
      return usageReply(reading.rule || !strictMistake ? phraseProblemText(reading.problem, t) : strictMistake(t), setUsageText(t, USAGE.set, LOOSE_EXAMPLES), t);
  }
}

/** `/weights <rule> <points> …` as typed strictly, or the same said in words. */
async function changeRule(line: ParsedLine, ctx: CommandContext, config: ScoringConfig): Promise<Reply> {
  const strict = readStrict(line, config.rules);
  if (strict.kind === "edit") return preview(ctx, strict.edit);
  return answerReading(ctx, readWeightsPhrase(line.rest, config, { language: readerLanguage(ctx) }), strict.kind === "mistake" ? strict.message : undefined);
}

async function teamConfig(ctx: CommandContext): Promise<{ ok: true; value: ScoringConfig } | { ok: false; reply: Reply }> {
  const team = orFailure(ctx, await scoringConfig(ctx.deps, ctx.actor));
  return team.ok ? { ok: true, value: team.value.config } : team;
}

const SUBCOMMANDS: Record<string, (line: ParsedLine, ctx: CommandContext) => Promise<Reply>> = {
  suggest: weightsSuggest,
  async undo(_line, ctx) {
    const result = orFailure(ctx, await previewUndo(ctx.deps, ctx.actor));
    return result.ok ? previewReply(result.value, replyT(ctx)) : result.reply;
  },
  async history(_line, ctx) {
    const result = orFailure(ctx, await changeHistory(ctx.deps, ctx.actor));
    if (!result.ok) return result.reply;
    const team = await scoringConfig(ctx.deps, ctx.actor);
    return historyReply(replyT(ctx), result.value, team.ok ? team.value.timezone : "UTC");
  },
  async thresholds(line, ctx) {
    if (line.args.length > 0) {
      // "/weights thresholds hot 70" said in words: read it as a phrase, thresholds only.
      const config = await teamConfig(ctx);
      if (!config.ok) return config.reply;
      const reading = readWeightsPhrase(line.rest, config.value, { language: readerLanguage(ctx) });
      if (reading.kind === "edit" && reading.edit.kind === "thresholds") return answerReading(ctx, reading);
    }
    const input = ThresholdArgs.safeParse({ options: line.options });
    if (!input.success || line.args.length > 0) {
      const t = replyT(ctx);
      const problem = input.success ? weightsInputText(t, { kind: "thresholdForm" }) : weightsIssueText(t, input.error.issues[0]);
      return usageReply(problem, USAGE.thresholds, t);
    }
    return preview(ctx, { kind: "thresholds", values: input.data.options });
  },
  async add(line, ctx) {
    const input = AddArgs.safeParse({ args: line.args, options: line.options });
    if (!input.success) return usageReply(weightsIssueText(replyT(ctx), input.error.issues[0]), USAGE.add, replyT(ctx));
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
    const t = replyT(ctx);
    if (line.args.length === 0) return usageReply(weightsInputText(t, { kind: "whichRule" }), USAGE.remove, t);
    const config = await teamConfig(ctx);
    if (!config.ok) return config.reply;
    const typed = line.args.join(" ");
    const match = exactRule(config.value.rules, typed) ?? matchRule(config.value.rules, typed, { language: readerLanguage(ctx) });
    if ("key" in match) return preview(ctx, { kind: "remove", key: match.key });
    if (match.kind === "one") return preview(ctx, { kind: "remove", key: match.rule.key });
    if (match.kind === "several") return whichToRemoveReply(t, typed, match.rules.slice(0, 6));
    return noSuchRuleReply(t, typed, USAGE.remove);
  },
  async confirm(line, ctx) {
    const id = line.args[0];
    if (!id) return usageReply(weightsInputText(replyT(ctx), { kind: "confirmWhich" }), "/weights confirm <id>", replyT(ctx));
    const result = orFailure(ctx, await confirmChange(ctx.deps, ctx.actor, id));
    if (!result.ok) return result.reply;
    return changedReply(replyT(ctx, "channel"), ctx.actor.name, result.value);
  },
  async cancel(line, ctx) {
    const id = line.args[0];
    if (!id) return usageReply(weightsInputText(replyT(ctx), { kind: "cancelWhich" }), "/weights cancel <id>", replyT(ctx));
    const result = orFailure(ctx, await cancelChange(ctx.deps, ctx.actor, id));
    return result.ok ? cancelledReply(replyT(ctx), result.value.summary) : result.reply;
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
    if (!first && Object.keys(line.options).length === 0) return usageReply(weightsInputText(replyT(ctx), { kind: "whichRule" }), ALL_USAGE, replyT(ctx));
    const config = await teamConfig(ctx);
    if (!config.ok) return config.reply;
    return changeRule(line, ctx, config.value);
  },
};
