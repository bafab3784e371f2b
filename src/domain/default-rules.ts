import type { Framework, Rule, ScoringConfig, Tier } from "./types.js";

/** SPEC §2: hot ≥ 60, warm ≥ 30, else cold, each with the action a rep should take. */
export const DEFAULT_TIERS: Tier[] = [
  { key: "hot", label: "Hot", min: 60, action: "Call today" },
  { key: "warm", label: "Warm", min: 30, action: "Send a personal email or messenger note" },
  { key: "cold", label: "Cold", min: null, action: "Keep in marketing nurture" },
];

/** Page views and email clicks together stay below "hot", so browsing alone never triggers a call. */
export const DEFAULT_GROUP_CAPS: Record<string, number> = { web_activity: 30 };

function event(key: string, label: string, points: number, extra: Partial<Rule> = {}): Rule {
  return { key, label, kind: "event", match: { type: key }, points, ...extra };
}

function qualification(framework: Framework, dimension: string, label: string): Rule {
  return {
    key: `${framework.toLowerCase()}_${dimension}`,
    label,
    kind: "qualification",
    match: { framework, dimension },
    points: 10,
  };
}

/** The rule set a new team starts with (SPEC §2, "Default rule set"). */
export const DEFAULT_RULES: Rule[] = [
  event("website_visit", "Website visit", 10, { maxCount: 5, validityDays: 30, group: "web_activity" }),
  event("pricing_page", "Viewed the pricing page", 15, { validityDays: 30 }),
  event("guide_download", "Downloaded a guide", 10, { validityDays: 60 }),
  event("newsletter_signup", "Newsletter signup", 5),
  event("email_click", "Clicked a link in an email", 5, { maxCount: 5, validityDays: 30, group: "web_activity" }),
  event("webinar_attended", "Attended a webinar", 15, { validityDays: 90 }),
  event("quote_request", "Quote request", 30, { validityDays: 60 }),
  event("demo_request", "Demo request", 40, { validityDays: 60 }),
  event("purchase", "Purchase", 50, { validityDays: 180 }),
  event("careers_page", "Visited the careers page", -10),
  event("complaint_unjustified", "Unjustified complaint", -20, { validityDays: 180 }),
  event("no_response_to_offer", "No response to an offer", -10, { validityDays: 90 }),
  {
    key: "title_consultant",
    label: "Job title contains “consultant”",
    kind: "attribute",
    match: { field: "title", op: "contains", value: "consultant" },
    points: -50,
  },
  qualification("BANT", "budget", "Budget confirmed"),
  qualification("BANT", "authority", "Talking to the decision maker"),
  qualification("BANT", "need", "Need confirmed"),
  qualification("BANT", "timing", "Timing confirmed"),
  qualification("CHAMP", "challenges", "Challenges confirmed"),
  qualification("CHAMP", "authority", "Talking to the decision maker"),
  qualification("CHAMP", "money", "Money available"),
  qualification("CHAMP", "prioritization", "Prioritised by the buyer"),
  { key: "meeting_booked", label: "Meeting booked", kind: "outcome", match: { outcome: "meeting_booked" }, points: 25 },
  { key: "not_interested", label: "Said not interested", kind: "outcome", match: { outcome: "not_interested" }, points: -30 },
  { key: "buying_cycle", label: "Due to buy again (buying cycle)", kind: "cycle", match: {}, points: 60 },
];

/** A fresh copy for a new team: callers may edit it without touching the shared defaults. */
export function defaultScoringConfig(framework: Framework = "BANT"): ScoringConfig {
  return structuredClone({
    rules: DEFAULT_RULES,
    groupCaps: DEFAULT_GROUP_CAPS,
    tiers: DEFAULT_TIERS,
    framework,
  });
}
