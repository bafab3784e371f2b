import { gammaln } from "simple-statistics";
import { digestDaySet } from "./digest-schedule.js";
import { scoreLead } from "./score.js";
import type { Contribution, LeadFacts, QualificationAnswer, Rule, ScoringConfig, Tier } from "./types.js";

/**
 * Calibration: how well the team's rules predicted real results, and weights fitted to those
 * results. Pure: the caller loads the history and passes the time.
 *
 * Labels. A lead is a win if a call logged "won" for it, a loss if it only ever logged "lost" or
 * "not_interested". A booked meeting is a step, not a deal: counting it as a win would reward
 * the signals that get meetings rather than sales, and its own rule already gives those leads
 * points. So a lead with a meeting and no decision yet is left out like any open lead.
 *
 * No leaks. A lead's signals are read as they stood just before its first decision (won, lost
 * or not interested): events, calls and answers from that moment on are dropped and the lead is
 * scored at that moment, so what happened because of the result cannot explain the result.
 * Fit attributes (title, company, ...) have no history and are taken as they are now, and a
 * qualification answer given again later replaces the earlier one (the store keeps the latest).
 *
 * Scores and tiers are today's rules applied at that moment, not the rules in force back then:
 * the question is whether today's scoring would have told the won leads apart.
 *
 * The report is data (verdicts, counts, p-values, reason codes); its statements are worded in
 * the reader's language by src/views/calibration.view.ts.
 */

export const WIN_OUTCOMES: readonly string[] = ["won"];
export const LOSS_OUTCOMES: readonly string[] = ["lost", "not_interested"];
export const DECISIVE_OUTCOMES: readonly string[] = [...WIN_OUTCOMES, ...LOSS_OUTCOMES];

/** Below these counts the report says "not enough data" instead of a number that looks precise. */
export interface CalibrationMinimums {
  /** Leads with a known result, for any conclusion at all. */
  labelled: number;
  /** Wins, and losses, for any conclusion at all. */
  eachResult: number;
  /** Leads with a signal, and leads without it, to judge that signal. */
  perGroup: number;
  /** Leads in a tier, to state how that tier converted. */
  perTier: number;
}

export const DEFAULT_MINIMUMS: CalibrationMinimums = { labelled: 30, eachResult: 5, perGroup: 5, perTier: 10 };

/** A difference counts as real below this p-value, after correcting for testing every rule. */
export const SIGNIFICANCE = 0.05;
/** Ridge penalty of the fitted model, in log-odds units: keeps a rule seen on few leads near zero. */
export const RIDGE_LAMBDA = 1;
/** Suggested points are rounded to this step, like the default rule set: more digits would look more precise than the data is. */
export const POINTS_STEP = 5;
/** Suggested points stay within ±this. */
export const MAX_SUGGESTED_POINTS = 100;

// ---- Input --------------------------------------------------------------------------------

/** A lead's facts with the moment each qualification answer was given, so later answers can be dropped. */
export interface TimedLeadFacts extends Omit<LeadFacts, "qualification"> {
  qualification: Array<QualificationAnswer & { at: Date }>;
}

export interface HistoryLead {
  id: number;
  name: string;
  facts: TimedLeadFacts;
}

/** A lead with a known result and its facts as they stood just before the result. */
export interface LabelledLead {
  id: number;
  name: string;
  won: boolean;
  decidedAt: Date;
  facts: LeadFacts;
}

/** Labels a lead from its logged calls, or null while it has no decision (see the module comment). */
export function labelLead(lead: HistoryLead): LabelledLead | null {
  let first: Date | null = null;
  let won = false;
  for (const { outcome, at } of lead.facts.outcomes) {
    if (!DECISIVE_OUTCOMES.includes(outcome)) continue;
    if (first === null || at < first) first = at;
    // A lead that was lost and later won is a deal won: the label is the best result it reached.
    if (WIN_OUTCOMES.includes(outcome)) won = true;
  }
  if (first === null) return null;
  return { id: lead.id, name: lead.name, won, decidedAt: first, facts: factsBefore(lead.facts, first) };
}

/** The facts as they stood just before `cutoff`: anything at or after it is left out. */
export function factsBefore(facts: TimedLeadFacts, cutoff: Date): LeadFacts {
  const before = (at: Date) => at.getTime() < cutoff.getTime();
  return {
    attributes: facts.attributes,
    events: facts.events.filter((e) => before(e.occurredAt)),
    outcomes: facts.outcomes.filter((o) => before(o.at)),
    qualification: facts.qualification.filter((q) => before(q.at)).map(({ framework, dimension, answer }) => ({ framework, dimension, answer })),
    lastPurchaseAt: facts.lastPurchaseAt && before(facts.lastPurchaseAt) ? facts.lastPurchaseAt : null,
    cycleDays: facts.cycleDays ?? null,
  };
}

// ---- Statistics ---------------------------------------------------------------------------

/** A share with its 95% Wilson score interval (sound for small counts and for 0% or 100%). */
export interface Rate {
  won: number;
  total: number;
  rate: number;
  low: number;
  high: number;
}

/** The normal 97.5% quantile (simple-statistics' probit is only good to two decimals here). */
const Z95 = 1.959963984540054;

export function wilson(won: number, total: number, z = Z95): Rate {
  if (total === 0) return { won, total, rate: 0, low: 0, high: 1 };
  const p = won / total;
  const z2 = z * z;
  const denominator = 1 + z2 / total;
  const centre = (p + z2 / (2 * total)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) / denominator;
  return { won, total, rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

const logChoose = (n: number, k: number) => lnFactorial(n) - lnFactorial(k) - lnFactorial(n - k);
const lnFactorial = (n: number) => (n < 2 ? 0 : gammaln(n + 1));

/**
 * Fisher's exact test on the 2×2 table [[a, b], [c, d]] (rows: with / without the signal,
 * columns: won / lost). Exact at any size, so small teams get an honest p-value where a z-test
 * would be off. `greater`: the chance of a first row at least this much better by luck alone.
 * simple-statistics has no Fisher test; it supplies the log-gamma this sum needs.
 */
export function fisherExact(a: number, b: number, c: number, d: number): { twoSided: number; greater: number; less: number } {
  const row1 = a + b;
  const won = a + c;
  const n = a + b + c + d;
  const lo = Math.max(0, row1 + won - n);
  const hi = Math.min(row1, won);
  const denominator = logChoose(n, row1);
  const probability = (x: number) => Math.exp(logChoose(won, x) + logChoose(n - won, row1 - x) - denominator);
  const observed = probability(a);
  let twoSided = 0;
  let greater = 0;
  let less = 0;
  for (let x = lo; x <= hi; x++) {
    const p = probability(x);
    // The relative tolerance keeps tables exactly as likely as the observed one from being dropped by rounding.
    if (p <= observed * (1 + 1e-7)) twoSided += p;
    if (x >= a) greater += p;
    if (x <= a) less += p;
  }
  const clamp = (p: number) => Math.min(1, Math.max(0, p));
  return { twoSided: clamp(twoSided), greater: clamp(greater), less: clamp(less) };
}

/** Holm's step-down correction: adjusted p-values for testing several rules at once. */
export function holm(pValues: readonly number[]): number[] {
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(pValues.length).fill(1);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (pValues.length - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/**
 * L2-regularised logistic regression by Newton's method (IRLS). The intercept is not penalised.
 * Returns the intercept and one coefficient per column. No maintained JavaScript library fits a
 * ridge-penalised logistic model (ml-logistic-regression has no penalty and no intercept
 * control), and Newton's method on a few dozen columns is a short, well-known loop.
 */
export function fitLogistic(rows: readonly number[][], labels: readonly boolean[], lambda: number): { intercept: number; coefficients: number[] } {
  const p = rows[0]?.length ?? 0;
  const size = p + 1;
  const beta = new Array<number>(size).fill(0);
  for (let iteration = 0; iteration < 100; iteration++) {
    const gradient = new Array<number>(size).fill(0);
    const hessian = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    rows.forEach((row, n) => {
      const x = [1, ...row];
      let eta = 0;
      for (let j = 0; j < size; j++) eta += beta[j]! * x[j]!;
      const mu = 1 / (1 + Math.exp(-eta));
      const weight = Math.max(mu * (1 - mu), 1e-10);
      const residual = (labels[n] ? 1 : 0) - mu;
      for (let j = 0; j < size; j++) {
        gradient[j]! += residual * x[j]!;
        const hj = hessian[j]!;
        for (let k = 0; k <= j; k++) hj[k]! += weight * x[j]! * x[k]!;
      }
    });
    for (let j = 0; j < size; j++) for (let k = j + 1; k < size; k++) hessian[j]![k] = hessian[k]![j]!;
    for (let j = 1; j < size; j++) {
      gradient[j]! -= lambda * beta[j]!;
      hessian[j]![j]! += lambda;
    }
    const step = solve(hessian, gradient);
    let largest = 0;
    for (let j = 0; j < size; j++) {
      beta[j]! += step[j]!;
      largest = Math.max(largest, Math.abs(step[j]!));
    }
    if (largest < 1e-9) break;
  }
  return { intercept: beta[0]!, coefficients: beta.slice(1) };
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (A is positive definite here). */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const head = a[col]!;
    const diagonal = head[col]!;
    if (Math.abs(diagonal) < 1e-300) continue;
    for (let row = col + 1; row < n; row++) {
      const r = a[row]!;
      const factor = r[col]! / diagonal;
      if (factor === 0) continue;
      for (let k = col; k <= n; k++) r[k]! -= factor * head[k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    const r = a[row]!;
    let sum = r[n]!;
    for (let k = row + 1; k < n; k++) sum -= r[k]! * x[k]!;
    x[row] = Math.abs(r[row]!) < 1e-300 ? 0 : sum / r[row]!;
  }
  return x;
}

function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

// ---- The report ---------------------------------------------------------------------------

/** Rules that describe a lead before its result: outcome rules are the label, not a signal. */
export function signalRules(config: ScoringConfig): Rule[] {
  return config.rules.filter(
    (r) =>
      r.kind !== "outcome" &&
      r.active !== false &&
      (r.kind !== "qualification" || ("framework" in r.match && r.match.framework === config.framework)),
  );
}

/**
 * How much of a rule a lead had, in the rule's own units: events counted (after max and
 * expiry), 1 for a fit or qualification rule that holds, the readiness share for the cycle.
 * The fitted coefficient is then "log-odds per unit", which scales to points per unit.
 */
function amount(line: Contribution, rule: Rule): number {
  switch (line.kind) {
    case "event":
    case "outcome":
      return line.count;
    case "cycle":
      return rule.points === 0 ? 0 : line.points / rule.points;
    default:
      return 1;
  }
}

interface Observation {
  lead: LabelledLead;
  score: number;
  tier: Tier;
  amounts: number[];
}

function observe(config: ScoringConfig, rules: readonly Rule[], lead: LabelledLead): Observation {
  const result = scoreLead(config, lead.facts, lead.decidedAt);
  const byKey = new Map(result.breakdown.map((line) => [line.ruleKey, line]));
  const amounts = rules.map((rule) => {
    const line = byKey.get(rule.key);
    return line ? amount(line, rule) : 0;
  });
  return { lead, score: result.score, tier: result.tier, amounts };
}

export type SignalVerdict = "better" | "worse" | "unclear" | "not_enough_data";

export interface RuleSignal {
  key: string;
  label: string;
  points: number;
  withSignal: Rate;
  withoutSignal: Rate;
  /** Win rate with ÷ without; Infinity when only leads with it won; null when not enough data. */
  lift: number | null;
  /** Fisher's exact two-sided p-value, and Holm-adjusted over the rules judged; null when not judged. */
  pValue: number | null;
  adjustedP: number | null;
  verdict: SignalVerdict;
  /**
   * How many rules were judged together: the adjusted p-value is corrected for testing that
   * many. The honest sentence (significant or not, or why there is not enough data) is the
   * view's (src/views/calibration.view.ts), from the verdict, the counts and this.
   */
  tested: number;
}

export interface TierConversion {
  key: string;
  label: string;
  min: number | null;
  conversion: Rate;
  enough: boolean;
}

/**
 * The top tier against the next one, as data the views word: not enough data to compare (no
 * tier below the top, too few leads in either, or too few results overall), or the verdict
 * with both tiers' conversion and, when hot does not clearly convert better, a better cut.
 */
export type HotVsWarm =
  | { verdict: "not_enough_data"; why: "no_lower_tier" | "overall" }
  | { verdict: "not_enough_data"; why: "too_few"; hot: TierConversion; warm: TierConversion; min: number }
  | { verdict: "hot_better"; pValue: number; hot: TierConversion; warm: TierConversion }
  | { verdict: "unclear" | "hot_not_better"; pValue: number; hot: TierConversion; warm: TierConversion; threshold: ThresholdSuggestion | null };

/** Why there is not enough data for any conclusion: too few results, or too few of one kind. */
export type NotEnoughData = { kind: "too_few_results"; labelled: number; min: number } | { kind: "too_few_each"; won: number; lost: number; min: number };

/** Why no weights are suggested. */
export type NoSuggestionReason = "not_enough_data" | "no_signals" | "no_separation" | "flat_scores";

export interface ThresholdSuggestion {
  tier: string;
  from: number;
  to: number;
  /** How leads at or above the suggested cut converted, and those below it. */
  above: Rate;
  below: Rate;
}

export interface WeightChange {
  key: string;
  label: string;
  from: number;
  to: number;
}

export type WeightSuggestion =
  | {
      status: "ok";
      changes: WeightChange[];
      /** Rules judged but left as they are (the fit agrees with them after rounding). */
      unchanged: Array<{ key: string; label: string; points: number }>;
      /** Rules left out of the suggestion because too few labelled leads had them, or lacked them. */
      tooFewLeads: Array<{ key: string; label: string; points: number }>;
      /** Points per log-odds unit: how the fitted coefficients were brought to the current scale. */
      pointsPerLogOdds: number;
    }
  | { status: "none"; reason: NoSuggestionReason };

export interface CalibrationReport {
  asOf: Date;
  labelled: number;
  won: number;
  lost: number;
  /** Leads with no decision yet, left out of everything below. */
  unlabelled: number;
  minimums: CalibrationMinimums;
  /** False when there are too few labelled leads, wins or losses for any conclusion. */
  enoughData: boolean;
  /** Why not, when `enoughData` is false. */
  notEnough: NotEnoughData | null;
  /** Judged rules ranked by lift (most predictive first), then rules with too little data. */
  rules: RuleSignal[];
  tiers: TierConversion[];
  hotVsWarm: HotVsWarm;
  suggestion: WeightSuggestion;
}

export interface CalibrationInput {
  config: ScoringConfig;
  leads: readonly HistoryLead[];
  /** Leads of the team that were not loaded because they have no decision yet. */
  undecided?: number;
  now: Date;
  minimums?: Partial<CalibrationMinimums>;
}

/** Builds the full report. Leads without a decision among `leads` are counted and left out. */
export function calibrate(input: CalibrationInput): CalibrationReport {
  const minimums = { ...DEFAULT_MINIMUMS, ...input.minimums };
  const { config } = input;
  const labelled: LabelledLead[] = [];
  let unlabelled = input.undecided ?? 0;
  for (const lead of input.leads) {
    const label = labelLead(lead);
    if (label) labelled.push(label);
    else unlabelled += 1;
  }
  const rules = signalRules(config);
  const observations = labelled.map((lead) => observe(config, rules, lead));
  const won = observations.filter((o) => o.lead.won).length;
  const lost = observations.length - won;

  let notEnough: NotEnoughData | null = null;
  if (observations.length < minimums.labelled) {
    notEnough = { kind: "too_few_results", labelled: observations.length, min: minimums.labelled };
  } else if (won < minimums.eachResult || lost < minimums.eachResult) {
    notEnough = { kind: "too_few_each", won, lost, min: minimums.eachResult };
  }
  const enoughData = notEnough === null;

  const signals = judgeRules(rules, observations, minimums, enoughData);
  const tiers = tierConversion(config, observations, minimums, enoughData);
  return {
    asOf: input.now,
    labelled: observations.length,
    won,
    lost,
    unlabelled,
    minimums,
    enoughData,
    notEnough,
    rules: signals,
    tiers,
    hotVsWarm: enoughData ? hotVersusWarm(config, tiers, observations, minimums) : { verdict: "not_enough_data", why: "overall" },
    suggestion: enoughData ? suggestWeights(rules, observations, signals) : { status: "none", reason: "not_enough_data" },
  };
}

function judgeRules(rules: readonly Rule[], observations: readonly Observation[], minimums: CalibrationMinimums, enoughData: boolean): RuleSignal[] {
  const counted = rules.map((rule, index) => {
    let withWon = 0;
    let withTotal = 0;
    let withoutWon = 0;
    for (const o of observations) {
      const has = (o.amounts[index] ?? 0) > 0;
      if (has) {
        withTotal += 1;
        if (o.lead.won) withWon += 1;
      } else if (o.lead.won) withoutWon += 1;
    }
    const withoutTotal = observations.length - withTotal;
    return { rule, withWon, withTotal, withoutWon, withoutTotal };
  });
  const judged = counted.filter((c) => enoughData && c.withTotal >= minimums.perGroup && c.withoutTotal >= minimums.perGroup);
  const raw = judged.map((c) => fisherExact(c.withWon, c.withTotal - c.withWon, c.withoutWon, c.withoutTotal - c.withoutWon).twoSided);
  const adjusted = holm(raw);
  const tested = judged.length;

  const signals: RuleSignal[] = counted.map((c) => {
    const base = {
      key: c.rule.key,
      label: c.rule.label || c.rule.key,
      points: c.rule.points,
      withSignal: wilson(c.withWon, c.withTotal),
      withoutSignal: wilson(c.withoutWon, c.withoutTotal),
    };
    const index = judged.indexOf(c);
    if (index === -1) return { ...base, lift: null, pValue: null, adjustedP: null, verdict: "not_enough_data" as const, tested };
    const p = raw[index]!;
    const adj = adjusted[index]!;
    const rateWith = base.withSignal.rate;
    const rateWithout = base.withoutSignal.rate;
    const lift = rateWithout === 0 ? (rateWith === 0 ? 1 : Number.POSITIVE_INFINITY) : rateWith / rateWithout;
    const verdict: SignalVerdict = adj >= SIGNIFICANCE ? "unclear" : rateWith > rateWithout ? "better" : "worse";
    return { ...base, lift, pValue: p, adjustedP: adj, verdict, tested };
  });

  const judgedFirst = (s: RuleSignal) => (s.verdict === "not_enough_data" ? 1 : 0);
  return signals.sort(
    (a, b) =>
      judgedFirst(a) - judgedFirst(b) ||
      (b.lift ?? 0) - (a.lift ?? 0) ||
      // Equal lifts (both infinite, or unjudged): the better-evidenced rule first.
      (a.pValue ?? 1) - (b.pValue ?? 1) ||
      b.withSignal.total - a.withSignal.total,
  );
}

function tierConversion(config: ScoringConfig, observations: readonly Observation[], minimums: CalibrationMinimums, enoughData: boolean): TierConversion[] {
  return config.tiers.map((tier) => {
    const inTier = observations.filter((o) => o.tier.key === tier.key);
    const conversion = wilson(inTier.filter((o) => o.lead.won).length, inTier.length);
    return { key: tier.key, label: tier.label, min: tier.min, conversion, enough: enoughData && inTier.length >= minimums.perTier };
  });
}

function hotVersusWarm(config: ScoringConfig, tiers: readonly TierConversion[], observations: readonly Observation[], minimums: CalibrationMinimums): HotVsWarm {
  const hot = tiers[0];
  const warm = tiers[1];
  if (!hot || !warm) return { verdict: "not_enough_data", why: "no_lower_tier" };
  if (!hot.enough || !warm.enough) return { verdict: "not_enough_data", why: "too_few", hot, warm, min: minimums.perTier };
  const h = hot.conversion;
  const w = warm.conversion;
  const { greater } = fisherExact(h.won, h.total - h.won, w.won, w.total - w.won);
  if (greater < SIGNIFICANCE) return { verdict: "hot_better", pValue: greater, hot, warm };
  const threshold = bestThreshold(config, observations, minimums);
  return { verdict: h.rate <= w.rate ? "hot_not_better" : "unclear", pValue: greater, hot, warm, threshold };
}

/**
 * The top-tier cut that best separates won from lost (the largest gap between the share of wins
 * and the share of losses at or above it), kept above the next tier's threshold and with enough
 * leads on each side. Null when no cut does better than the current one.
 */
function bestThreshold(config: ScoringConfig, observations: readonly Observation[], minimums: CalibrationMinimums): ThresholdSuggestion | null {
  const top = config.tiers[0];
  const next = config.tiers[1];
  if (!top || top.min === null) return null;
  const floor = next?.min ?? Number.NEGATIVE_INFINITY;
  const won = observations.filter((o) => o.lead.won).length;
  const lost = observations.length - won;
  if (won === 0 || lost === 0) return null;
  const cuts = [...new Set(observations.map((o) => o.score))].filter((s) => s > floor).sort((a, b) => a - b);
  let best: { cut: number; gap: number } | null = null;
  for (const cut of cuts) {
    const above = observations.filter((o) => o.score >= cut);
    if (above.length < minimums.perTier || observations.length - above.length < minimums.perTier) continue;
    const wonAbove = above.filter((o) => o.lead.won).length;
    const gap = wonAbove / won - (above.length - wonAbove) / lost;
    if (best === null || gap > best.gap) best = { cut, gap };
  }
  if (best === null || best.gap <= 0 || best.cut === top.min) return null;
  const cut = best.cut;
  const above = observations.filter((o) => o.score >= cut);
  const below = observations.filter((o) => o.score < cut);
  const rate = (list: Observation[]) => wilson(list.filter((o) => o.lead.won).length, list.length);
  return { tier: top.key, from: top.min, to: cut, above: rate(above), below: rate(below) };
}

/**
 * Fits win odds to the signals and brings the coefficients to points: one scale factor makes the
 * fitted scores spread as widely as today's scores do over the same leads, so the suggestion keeps
 * today's thresholds meaningful. Only rules judged on enough leads are changed, and only as far
 * as their evidence goes (see withinEvidence).
 */
function suggestWeights(rules: readonly Rule[], observations: readonly Observation[], signals: readonly RuleSignal[]): WeightSuggestion {
  // Columns no labelled lead has carry no information; leaving them out keeps the fit small.
  const columns = rules.map((_, i) => i).filter((i) => observations.some((o) => (o.amounts[i] ?? 0) > 0));
  if (columns.length === 0) return { status: "none", reason: "no_signals" };
  const rows = observations.map((o) => columns.map((i) => o.amounts[i] ?? 0));
  const labels = observations.map((o) => o.lead.won);
  const { coefficients } = fitLogistic(rows, labels, RIDGE_LAMBDA);
  const fitted = rows.map((row) => row.reduce((s, x, j) => s + x * coefficients[j]!, 0));
  const current = rows.map((row) => row.reduce((s, x, j) => s + x * rules[columns[j]!]!.points, 0));
  const fittedSpread = standardDeviation(fitted);
  const currentSpread = standardDeviation(current);
  if (fittedSpread < 1e-6) return { status: "none", reason: "no_separation" };
  if (currentSpread < 1e-6) return { status: "none", reason: "flat_scores" };
  const scale = currentSpread / fittedSpread;

  const judged = new Set(signals.filter((s) => s.verdict !== "not_enough_data").map((s) => s.key));
  const changes: WeightChange[] = [];
  const unchanged: Array<{ key: string; label: string; points: number }> = [];
  const tooFewLeads: Array<{ key: string; label: string; points: number }> = [];
  for (const rule of rules) {
    const entry = { key: rule.key, label: rule.label || rule.key, points: rule.points };
    const column = columns.indexOf(rules.indexOf(rule));
    if (!judged.has(rule.key) || column === -1) {
      tooFewLeads.push(entry);
      continue;
    }
    const to = withinEvidence(roundPoints(coefficients[column]! * scale), rule.points, signals.find((s) => s.key === rule.key)!.verdict);
    if (to === rule.points) unchanged.push(entry);
    else changes.push({ key: rule.key, label: entry.label, from: rule.points, to });
  }
  changes.sort((a, b) => Math.abs(b.to - b.from) - Math.abs(a.to - a.from));
  return { status: "ok", changes, unchanged, tooFewLeads, pointsPerLogOdds: scale };
}

/**
 * The fitted points, kept where the evidence allows: a rule the data do not clearly tie to
 * results may only move towards zero (noise must not raise a weight), and a rule that clearly
 * wins more (or less) often keeps its sign, even when the fit shares its credit with a rule that
 * tends to come with it.
 */
function withinEvidence(fitted: number, current: number, verdict: SignalVerdict): number {
  switch (verdict) {
    case "better":
      return Math.max(0, fitted);
    case "worse":
      return Math.min(0, fitted);
    default:
      return current >= 0 ? Math.min(current, Math.max(0, fitted)) : Math.max(current, Math.min(0, fitted));
  }
}

function roundPoints(points: number): number {
  const clamped = Math.max(-MAX_SUGGESTED_POINTS, Math.min(MAX_SUGGESTED_POINTS, points));
  // `|| 0` turns -0 into 0.
  return Math.round(clamped / POINTS_STEP) * POINTS_STEP || 0;
}

// ---- The weekly digest section ------------------------------------------------------------

/**
 * Whether `weekday` (0 = Sunday) is the team's first digest day of the week, weeks starting on
 * Monday: the calibration summary rides along once a week, on that digest.
 */
export function isFirstDigestDayOfWeek(digestDays: string, weekday: number): boolean {
  const days = digestDaySet(digestDays) ?? new Set([1, 2, 3, 4, 5]);
  const mondayFirst = (d: number) => (d + 6) % 7;
  const first = [...days].sort((a, b) => mondayFirst(a) - mondayFirst(b))[0];
  return first === weekday;
}

/** A judged rule as the weekly digest sums it up: its win rates with and without it, and the lift. */
export interface SignalBrief {
  key: string;
  label: string;
  points: number;
  withRate: number;
  withoutRate: number;
  /** Win rate with ÷ without; "infinite" when only leads with it won (JSON has no Infinity). */
  lift: number | "infinite";
  verdict: Exclude<SignalVerdict, "not_enough_data">;
}

/** The top tier against the next, as the digest sums it up: the verdict and both tiers' conversion. */
export interface HotVsWarmBrief {
  verdict: "hot_better" | "unclear" | "hot_not_better";
  pValue: number;
  hot: { key: string; label: string; conversion: Pick<Rate, "won" | "total" | "rate"> };
  warm: { key: string; label: string; conversion: Pick<Rate, "won" | "total" | "rate"> };
}

/**
 * What the weekly digest says about calibration, as data (the digest view words it in the
 * team's language when the message is delivered): the strongest signal (or none, out of how
 * many leads with a result), the weakest rule that gives points, and hot against warm.
 */
export interface CalibrationDigest {
  labelled: number;
  strongest: SignalBrief | null;
  weakest: SignalBrief | null;
  hotVsWarm: HotVsWarmBrief | null;
}

function brief(signal: RuleSignal): SignalBrief {
  return {
    key: signal.key,
    label: signal.label,
    points: signal.points,
    withRate: signal.withSignal.rate,
    withoutRate: signal.withoutSignal.rate,
    lift: signal.lift === Number.POSITIVE_INFINITY ? "infinite" : (signal.lift ?? 1),
    verdict: signal.verdict === "not_enough_data" ? "unclear" : signal.verdict,
  };
}

const tierBrief = (tier: TierConversion) => ({ key: tier.key, label: tier.label, conversion: { won: tier.conversion.won, total: tier.conversion.total, rate: tier.conversion.rate } });

/** What the weekly digest carries, or null when there is not enough data to say anything. */
export function digestSummary(report: CalibrationReport): CalibrationDigest | null {
  if (!report.enoughData) return null;
  const judged = report.rules.filter((r) => r.verdict !== "not_enough_data");
  if (judged.length === 0) return null;
  const strongest = judged.find((r) => r.verdict === "better");
  // The weakest rule worth mentioning is one that gives points but does not predict wins.
  const rewarded = judged.filter((r) => r.points > 0 && r.verdict !== "better");
  const weakest = rewarded[rewarded.length - 1];
  const hv = report.hotVsWarm;
  return {
    labelled: report.labelled,
    strongest: strongest ? brief(strongest) : null,
    weakest: weakest ? brief(weakest) : null,
    hotVsWarm: hv.verdict === "not_enough_data" ? null : { verdict: hv.verdict, pValue: hv.pValue, hot: tierBrief(hv.hot), warm: tierBrief(hv.warm) },
  };
}
