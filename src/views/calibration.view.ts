/**
 * The statements of calibration (src/domain/calibration.ts) in the reader's words: why there is
 * not enough data, how sure a signal is, hot against warm, why no weights are suggested, and
 * the weekly digest's lines. Shown by /weights suggest (weights-suggest.view.ts) and the digest
 * (digest.view.ts). Rule and tier labels are the team's data, said through rule-words.ts (a
 * default one in the reader's words).
 */
import type { CalibrationDigest, CalibrationReport, HotVsWarm, HotVsWarmBrief, NoSuggestionReason, NotEnoughData, RuleSignal, SignalBrief } from "../domain/calibration.js";
import type { Translator } from "../i18n/index.js";
import { ruleLabel, tierName, tierWord } from "./rule-words.js";
import { percent } from "./words.js";

/** "p < 0.001", "p = 0.012", "p = 0.12": three decimals below 0.01, else two. */
export function pValueText(t: Translator, p: number): string {
  if (p < 0.001) return t.t("calibration.pBelow", { p: t.number(0.001, { minimumFractionDigits: 3 }) });
  const digits = p < 0.01 ? 3 : 2;
  return t.t("calibration.p", { p: t.number(p, { minimumFractionDigits: digits, maximumFractionDigits: digits }) });
}

/** Why there is not enough data for any conclusion. */
export function notEnoughText(t: Translator, notEnough: NotEnoughData): string {
  return notEnough.kind === "too_few_results"
    ? t.t("calibration.notEnoughResults", { labelled: notEnough.labelled, min: notEnough.min })
    : t.t("calibration.notEnoughEach", { won: notEnough.won, lost: notEnough.lost, min: notEnough.min });
}

/** One honest phrase for a rule: significant or not (corrected for the rules tested with it), or why it was not judged. */
export function signalStatementText(t: Translator, signal: RuleSignal, report: Pick<CalibrationReport, "enoughData" | "minimums">): string {
  if (signal.verdict === "not_enough_data") {
    if (!report.enoughData) return t.t("calibration.signal.notEnoughOverall");
    return t.t("calibration.signal.notEnough", { with: signal.withSignal.total, without: signal.withoutSignal.total, min: report.minimums.perGroup });
  }
  const p = pValueText(t, signal.adjustedP ?? 1);
  if (signal.verdict === "unclear") return t.t("calibration.signal.notSignificant", { p, tested: signal.tested });
  return t.t("calibration.signal.significant", { p, tested: signal.tested, direction: signal.verdict === "better" ? "more" : "less" });
}

/** The first sentence about hot against warm: whether the top tier converted better, with both rates. */
export function hotVsWarmHeadline(t: Translator, hv: HotVsWarmBrief): string {
  const rate = (tier: HotVsWarmBrief["hot"]) => ({ label: tierName(t, tier), rate: percent(t, tier.conversion.rate), won: tier.conversion.won, total: tier.conversion.total });
  const [hot, warm] = [rate(hv.hot), rate(hv.warm)];
  const rates = t.t("calibration.tierRates", {
    hot: hot.label,
    hotRate: hot.rate,
    hotWon: hot.won,
    hotTotal: hot.total,
    warm: warm.label,
    warmRate: warm.rate,
    warmWon: warm.won,
    warmTotal: warm.total,
  });
  const p = pValueText(t, hv.pValue);
  switch (hv.verdict) {
    case "hot_better":
      return t.t("calibration.hotVsWarm.better", { hot: hot.label, warm: warm.label, rates, p });
    case "hot_not_better":
      return t.t("calibration.hotVsWarm.notBetter", { hot: hot.label, warm: warm.label, rates });
    case "unclear":
      return t.t("calibration.hotVsWarm.unclear", { hot: hot.label, warm: warm.label, rates, p });
  }
}

/** Hot against warm in full: the headline, and what to consider when hot does not clearly convert better. */
export function hotVsWarmText(t: Translator, hv: HotVsWarm, report: Pick<CalibrationReport, "notEnough">): string {
  if (hv.verdict === "not_enough_data") {
    if (hv.why === "too_few")
      return t.t("calibration.hotVsWarm.notEnough", { hot: tierName(t, hv.hot), warm: tierName(t, hv.warm), hotTotal: hv.hot.conversion.total, warmTotal: hv.warm.conversion.total, min: hv.min });
    if (hv.why === "no_lower_tier") return t.t("calibration.hotVsWarm.noLowerTier");
    return report.notEnough ? notEnoughText(t, report.notEnough) : t.t("weightsSuggest.notEnough");
  }
  const sentences = [hotVsWarmHeadline(t, hv)];
  if (hv.verdict === "hot_better") return sentences[0]!;
  const th = hv.threshold;
  if (hv.verdict === "hot_not_better" && !th) sentences.push(t.t("calibration.hotVsWarm.cause", { tier: tierWord(t, hv.hot.key), min: String(hv.hot.min) }));
  if (th) {
    sentences.push(
      t.t("calibration.hotVsWarm.advice", {
        to: th.to,
        aboveRate: percent(t, th.above.rate),
        aboveWon: th.above.won,
        aboveTotal: th.above.total,
        belowRate: percent(t, th.below.rate),
        threshold: `${tierWord(t, th.tier)} ≥ ${th.to}`,
      }),
    );
  }
  return sentences.join(" ");
}

/** Why no weights are suggested. */
export function noSuggestionText(t: Translator, reason: NoSuggestionReason, report: Pick<CalibrationReport, "notEnough">): string {
  switch (reason) {
    case "not_enough_data":
      return report.notEnough ? notEnoughText(t, report.notEnough) : t.t("weightsSuggest.notEnough");
    case "no_signals":
      return t.t("calibration.noSignals");
    case "no_separation":
      return t.t("calibration.noSeparation");
    case "flat_scores":
      return t.t("calibration.flatScores");
  }
}

/** "won 62% with it vs 18% without (3.4×, significant)". */
export function rateLineText(t: Translator, signal: SignalBrief): string {
  const lift =
    signal.lift === "infinite"
      ? t.t("weightsSuggest.liftOnly")
      : t.t("calibration.lift", { lift: t.number(signal.lift, { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }) });
  return t.t("calibration.rateLine", {
    withRate: percent(t, signal.withRate),
    withoutRate: percent(t, signal.withoutRate),
    lift,
    significant: signal.verdict === "unclear" ? "no" : "yes",
  });
}

/** The weekly digest's calibration lines. */
export function calibrationDigestLines(t: Translator, digest: CalibrationDigest): string[] {
  const lines = [
    digest.strongest
      ? t.t("calibration.digest.strongest", { label: ruleLabel(t, digest.strongest), rates: rateLineText(t, digest.strongest) })
      : t.t("calibration.digest.noneStrong", { labelled: digest.labelled }),
  ];
  if (digest.weakest) {
    const points = digest.weakest.points;
    lines.push(t.t("calibration.digest.weakest", { label: ruleLabel(t, digest.weakest), points: `${points > 0 ? "+" : ""}${points}`, count: Math.abs(points), rates: rateLineText(t, digest.weakest) }));
  }
  if (digest.hotVsWarm) lines.push(hotVsWarmHeadline(t, digest.hotVsWarm));
  return lines;
}
