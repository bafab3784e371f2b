/**
 * Plain data the scoring domain works on. Nothing here knows about Prisma, chat or the clock:
 * the store maps rows to these shapes and every function takes `now` as an argument.
 */

export type RuleKind = "event" | "attribute" | "qualification" | "outcome" | "cycle";
export type Framework = "BANT" | "CHAMP";
export type Answer = "yes" | "no" | "unknown";
export type Stage = "new" | "mql" | "sal" | "sql" | "won" | "lost" | "disqualified";

export const FRAMEWORK_DIMENSIONS: Record<Framework, readonly string[]> = {
  BANT: ["budget", "authority", "need", "timing"],
  CHAMP: ["challenges", "authority", "money", "prioritization"],
};

export const CALL_OUTCOMES = [
  "connected",
  "no_answer",
  "voicemail",
  "meeting_booked",
  "not_interested",
  "won",
  "lost",
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export type AttributeOp = "contains" | "equals" | "in" | "gte" | "lte" | "exists";

/** What a rule matches; the shape follows the rule's kind. */
export type RuleMatch =
  | { type: string } // event: the event type
  | { field: string; op: AttributeOp; value?: string | number | Array<string | number> } // attribute
  | { framework: Framework; dimension: string } // qualification: points when the answer is "yes"
  | { outcome: string } // outcome: a logged call outcome
  | Record<string, never>; // cycle: `points` is the ready-points

export interface Rule {
  key: string;
  label: string;
  kind: RuleKind;
  match: RuleMatch;
  /** Integer, may be negative. For `cycle` rules: the points at full readiness. */
  points: number;
  /** Event/outcome rules: a contribution stops counting this many days after it happened. */
  validityDays?: number | null;
  /** Event/outcome rules: count at most this many occurrences (outcomes default to 1). */
  maxCount?: number | null;
  /** Rules in one group share the group's cap. */
  group?: string | null;
  active?: boolean;
}

export interface Tier {
  key: string;
  label: string;
  /** Lowest score in this tier; the last (lowest) tier has `min: null` and takes everything below. */
  min: number | null;
  /** Recommended next action for a lead in this tier. */
  action: string;
}

/** Everything that decides a score: rules, group caps and tiers. Undo restores one of these. */
export interface ScoringConfig {
  rules: Rule[];
  /** Group key → maximum total points the group's rules may contribute. */
  groupCaps: Record<string, number>;
  /** 3 to 5 tiers, highest first. */
  tiers: Tier[];
  framework: Framework;
}

export interface LeadFacts {
  /** Fit fields: title, company, plus free attributes (companySize, country, ...). */
  attributes: Record<string, unknown>;
  events: Array<{ type: string; occurredAt: Date }>;
  /**
   * The events' times (epoch ms, ascending) by type, for bulk readers that skip building
   * `events`: when set, event rules read it and `events` is ignored.
   */
  eventTimesByType?: { get(type: string): readonly number[] | undefined };
  outcomes: Array<{ outcome: string; at: Date }>;
  qualification: Array<{ framework: Framework; dimension: string; answer: Answer }>;
  lastPurchaseAt?: Date | null;
  cycleDays?: number | null;
}

/** One line of a score's explanation. The lines of a breakdown add up exactly to the score. */
export interface Contribution {
  /** Rule key, or `cap:<group>` for the correction a group cap makes. */
  ruleKey: string;
  label: string;
  kind: RuleKind | "cap";
  /** How many occurrences counted (events/outcomes), 1 for predicates, the cycle's day count is in `detail`. */
  count: number;
  points: number;
  /** When this contribution next shrinks or disappears with no new event; null if never. */
  expiresAt: Date | null;
  group?: string | null;
  /** Short human detail: "3 of 7 visits counted (max 5)", "62 of 90 days into cycle". */
  detail?: string;
  /** The same detail as data, for views to word in the reader's language; only when asked for (scoreLead's `facts`). */
  facts?: ContributionFacts;
}

/** What a breakdown line's detail says, as data. */
export type ContributionFacts =
  /** An event or outcome rule: `counted` of the `valid` occurrences count (at most `max`). */
  | { kind: "window"; counted: number; valid: number; max: number | null }
  /** The buying cycle: `days` of `cycleDays` into it; `ready` once the whole cycle has passed. */
  | { kind: "cycle"; days: number; cycleDays: number; ready: boolean }
  /** A fit rule: the lead's `field` holds `evidence`. */
  | { kind: "field"; field: string; evidence: string }
  /** A group cap: the group's rules gave `sum` points; at most `cap` count. */
  | { kind: "cap"; group: string; sum: number; cap: number };

export interface ScoreResult {
  score: number;
  tier: Tier;
  breakdown: Contribution[];
  /** The first moment after `now` at which the score differs with no new input; null if never. */
  nextChangeAt: Date | null;
}

/** One captured qualification answer, as kept on the lead. */
export type QualificationAnswer = LeadFacts["qualification"][number];
