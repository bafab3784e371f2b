/**
 * `/weights suggest` (commands/weights-suggest.ts): the calibration report — which signals
 * predicted deals, with 95% intervals — and the suggested weights with a Preview button.
 * Its statements (how sure a signal is, hot against warm) are worded in calibration.view.ts.
 */
import { signed } from "../chat/format.js";
import { reply, type Action, type Block, type Reply } from "../chat/reply.js";
import type { CalibrationReport, Rate, RuleSignal } from "../domain/calibration.js";
import type { Translator } from "../i18n/index.js";
import { ruleLabel, tierName, tierWord } from "./rule-words.js";
import { hotVsWarmText, noSuggestionText, notEnoughText, signalStatementText } from "./calibration.view.js";
import { percent } from "./words.js";

// Rounded to whole percent as before, then said in the reader's locale.
const interval = (t: Translator, r: Rate) => `${percent(t, r.low)}–${percent(t, r.high)}`;

/** One judged rule: its rates with 95% intervals, lift and the honest confidence statement. */
function signalLine(t: Translator, s: RuleSignal, report: CalibrationReport): string {
  const lift =
    s.lift === Number.POSITIVE_INFINITY
      ? t.t("weightsSuggest.liftOnly")
      : t.t("weightsSuggest.lift", { lift: t.number(s.lift!, { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }) });
  return t.t("weightsSuggest.signal", {
    label: ruleLabel(t, s),
    points: signed(s.points),
    lift,
    withRate: percent(t, s.withSignal.rate),
    withTotal: s.withSignal.total,
    withInterval: interval(t, s.withSignal),
    withoutRate: percent(t, s.withoutSignal.rate),
    withoutTotal: s.withoutSignal.total,
    withoutInterval: interval(t, s.withoutSignal),
    statement: signalStatementText(t, s, report),
  });
}

export function calibrationReply(t: Translator, report: CalibrationReport): Reply {
  const blocks: Block[] = [{ type: "header", text: t.t("weightsSuggest.header") }];
  blocks.push({
    type: "text",
    text: t.t("weightsSuggest.basis", { labelled: report.labelled, won: report.won, lost: report.lost, unlabelled: report.unlabelled }),
  });
  if (!report.enoughData) {
    blocks.push({ type: "text", text: report.notEnough ? notEnoughText(t, report.notEnough) : t.t("weightsSuggest.notEnough") });
    blocks.push({ type: "context", text: t.t("weightsSuggest.logResults", { command: "/log <lead>", won: "won", lost: "lost", notInterested: "not_interested" }) });
    return reply(blocks);
  }

  const judged = report.rules.filter((r) => r.verdict !== "not_enough_data");
  const thin = report.rules.filter((r) => r.verdict === "not_enough_data");
  if (judged.length > 0) blocks.push({ type: "list", title: t.t("weightsSuggest.signals"), items: judged.map((s) => signalLine(t, s, report)) });
  const few = thin.filter((r) => r.withSignal.total > 0);
  const unseen = thin.filter((r) => r.withSignal.total === 0);
  if (few.length > 0) {
    const names = few.map((r) => t.t("weightsSuggest.thinRule", { key: r.key, with: r.withSignal.total, without: r.withoutSignal.total })).join(", ");
    blocks.push({ type: "context", text: t.t("weightsSuggest.notEnoughFor", { min: report.minimums.perGroup, names }) });
  }
  if (unseen.length > 0) blocks.push({ type: "context", text: t.t("weightsSuggest.unseen", { keys: unseen.map((r) => r.key).join(", ") }) });

  blocks.push({
    type: "fields",
    fields: report.tiers.map((tier) => ({
      label: t.t("weightsSuggest.tierAtResult", { tier: tierName(t, tier) }),
      value: tier.enough
        ? t.t("weightsSuggest.tierConversion", { rate: percent(t, tier.conversion.rate), total: tier.conversion.total, interval: interval(t, tier.conversion) })
        : t.t("weightsSuggest.tierThin", { total: tier.conversion.total }),
    })),
  });
  blocks.push({ type: "text", text: hotVsWarmText(t, report.hotVsWarm, report) });

  const actions: Action[] = [];
  const suggestion = report.suggestion;
  if (suggestion.status === "none") {
    blocks.push({ type: "text", text: t.t("weightsSuggest.noSuggestion", { reason: noSuggestionText(t, suggestion.reason, report) }) });
  } else if (suggestion.changes.length === 0) {
    blocks.push({ type: "text", text: t.t("weightsSuggest.alreadyFit") });
  } else {
    blocks.push({
      type: "list",
      title: t.t("weightsSuggest.suggested"),
      items: suggestion.changes.map((c) => `${ruleLabel(t, c)} (${c.key}): ${signed(c.from)} → ${signed(c.to)}`),
    });
    const args = suggestion.changes.map((c) => `${c.key}=${c.to}`).join(" ");
    actions.push({ label: t.t("weightsSuggest.previewSuggested"), command: `/weights suggest preview ${args}`, style: "primary" });
  }
  if (suggestion.status === "ok" && suggestion.changes.length > 0) {
    blocks.push({ type: "context", text: t.t("weightsSuggest.keptPoints") });
  }
  if ((report.hotVsWarm.verdict === "hot_not_better" || report.hotVsWarm.verdict === "unclear") && report.hotVsWarm.threshold) {
    const th = report.hotVsWarm.threshold;
    actions.push({ label: t.t("weightsSuggest.previewThreshold", { tier: tierWord(t, th.tier), to: th.to }), command: `/weights thresholds ${th.tier}=${th.to}` });
  }
  if (actions.length > 0) {
    blocks.push({ type: "context", text: t.t("weightsSuggest.nothingUntilConfirm") });
    blocks.push({ type: "actions", actions });
  }
  return reply(blocks);
}
