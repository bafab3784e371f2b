import { z } from "zod";
import { signed } from "../src/chat/format.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { reply, usageReply, type Action, type Block, type Reply } from "../src/chat/reply.js";
import { type CalibrationReport, type Rate, type RuleSignal } from "../src/domain/calibration.js";
import { calibrationReport, previewSuggestedWeights } from "../src/services/calibration.service.js";
import { orFailure } from "./shared.js";
import type { CommandContext } from "./types.js";
import { previewReply } from "../src/views/weights-preview.view.js";

export const SUGGEST_USAGE = "/weights suggest";
const PREVIEW_USAGE = "/weights suggest preview <rule>=<points> …";

const percent = (rate: number) => `${Math.round(rate * 100)}%`;
const interval = (r: Rate) => `${percent(r.low)}–${percent(r.high)}`;

const PreviewArgs = z.object({
  args: z.array(z.string()).max(0, "Give the suggested weights as rule=points, e.g. demo_request=50."),
  options: z
    .record(
      z.string().regex(/^[a-z][a-z0-9_]{0,60}$/, "Rule keys are lower_case, e.g. demo_request."),
      z
        .string()
        .regex(/^[+\-−]?\d{1,4}$/, "Points are a whole number, e.g. demo_request=50.")
        .transform((p) => Number(p.replace("−", "-").replace("+", ""))),
    )
    .refine((o) => Object.keys(o).length > 0, "Which weights? Run /weights suggest first."),
});

/** One judged rule: its rates with 95% intervals, lift and the honest confidence statement. */
function signalLine(s: RuleSignal): string {
  const lift = s.lift === Number.POSITIVE_INFINITY ? "only leads with it won" : `lift ${s.lift!.toFixed(1)}×`;
  return (
    `${s.label} (${signed(s.points)}): ${lift} · with it ${percent(s.withSignal.rate)} won of ${s.withSignal.total} (${interval(s.withSignal)})` +
    ` · without ${percent(s.withoutSignal.rate)} of ${s.withoutSignal.total} (${interval(s.withoutSignal)}) · ${s.statement}`
  );
}

function reportReply(report: CalibrationReport): Reply {
  const blocks: Block[] = [{ type: "header", text: "Calibration: which signals predicted deals" }];
  const basis =
    `${report.labelled} lead${report.labelled === 1 ? "" : "s"} with a result (${report.won} won, ${report.lost} lost or not interested); ` +
    `${report.unlabelled} without a result yet are left out. A booked meeting is not a result.`;
  blocks.push({ type: "text", text: basis });
  if (!report.enoughData) {
    blocks.push({ type: "text", text: report.notEnoughReason ?? "Not enough data." });
    blocks.push({ type: "context", text: "Log results with /log <lead> won, lost or not_interested; the report fills in as they come." });
    return reply(blocks);
  }

  const judged = report.rules.filter((r) => r.verdict !== "not_enough_data");
  const thin = report.rules.filter((r) => r.verdict === "not_enough_data");
  if (judged.length > 0) blocks.push({ type: "list", title: "Signals, most predictive first", items: judged.map(signalLine) });
  const few = thin.filter((r) => r.withSignal.total > 0);
  const unseen = thin.filter((r) => r.withSignal.total === 0);
  if (few.length > 0) {
    const names = few.map((r) => `${r.key} (${r.withSignal.total} with it, ${r.withoutSignal.total} without)`).join(", ");
    blocks.push({ type: "context", text: `Not enough data (fewer than ${report.minimums.perGroup} leads with or without it): ${names}.` });
  }
  if (unseen.length > 0) blocks.push({ type: "context", text: `No lead had these before its result: ${unseen.map((r) => r.key).join(", ")}.` });

  blocks.push({
    type: "fields",
    fields: report.tiers.map((t) => ({
      label: `${t.label} at the result`,
      value: t.enough ? `${percent(t.conversion.rate)} of ${t.conversion.total} won (${interval(t.conversion)})` : `not enough data (${t.conversion.total})`,
    })),
  });
  blocks.push({ type: "text", text: report.hotVsWarm.statement });

  const actions: Action[] = [];
  const suggestion = report.suggestion;
  if (suggestion.status === "none") {
    blocks.push({ type: "text", text: `No suggested weights: ${suggestion.reason}` });
  } else if (suggestion.changes.length === 0) {
    blocks.push({ type: "text", text: "Suggested weights: today's weights already fit the results (after rounding to 5s)." });
  } else {
    blocks.push({
      type: "list",
      title: "Suggested weights (fitted to the results, rounded to 5s)",
      items: suggestion.changes.map((c) => `${c.label} (${c.key}): ${signed(c.from)} → ${signed(c.to)}`),
    });
    const args = suggestion.changes.map((c) => `${c.key}=${c.to}`).join(" ");
    actions.push({ label: "Preview suggested weights", command: `/weights suggest preview ${args}`, style: "primary" });
  }
  if (suggestion.status === "ok" && suggestion.changes.length > 0) {
    blocks.push({ type: "context", text: "Rules with too little data keep their points; a rule the data do not clearly tie to results only moves towards 0." });
  }
  if ((report.hotVsWarm.verdict === "hot_not_better" || report.hotVsWarm.verdict === "unclear") && report.hotVsWarm.threshold) {
    const t = report.hotVsWarm.threshold;
    actions.push({ label: `Preview ${t.tier} ≥ ${t.to}`, command: `/weights thresholds ${t.tier}=${t.to}` });
  }
  if (actions.length > 0) {
    blocks.push({ type: "context", text: "Nothing changes until you confirm the preview." });
    blocks.push({ type: "actions", actions });
  }
  return reply(blocks);
}

/** `/weights suggest` shows the calibration report; `/weights suggest preview …` previews its weights. */
export async function weightsSuggest(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const [first, ...rest] = line.args;
  if (first?.toLowerCase() === "preview") {
    const input = PreviewArgs.safeParse({ args: rest, options: line.options });
    if (!input.success) return usageReply(input.error.issues[0]?.message ?? "That didn't look right.", PREVIEW_USAGE);
    const changes = Object.entries(input.data.options).map(([key, points]) => ({ key, points }));
    const result = orFailure(ctx, await previewSuggestedWeights(ctx.deps, ctx.actor, changes));
    return result.ok ? previewReply(result.value) : result.reply;
  }
  if (first !== undefined || Object.keys(line.options).length > 0) return usageReply("/weights suggest takes no arguments.", SUGGEST_USAGE);
  const result = orFailure(ctx, await calibrationReport(ctx.deps, ctx.actor));
  return result.ok ? reportReply(result.value) : result.reply;
}
