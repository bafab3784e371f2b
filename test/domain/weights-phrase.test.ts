import { describe, expect, it } from "vitest";
import { defaultScoringConfig } from "../../src/domain/default-rules.js";
import type { Rule } from "../../src/domain/types.js";
import { matchRule, readWeightsPhrase, strictCommand, type PhraseReading } from "../../src/domain/weights-phrase.js";
import { phraseProblemText } from "../../src/views/weights-phrase.view.js";

const config = defaultScoringConfig();

type Change = { points?: number; validityDays?: number | null; maxCount?: number | null };

/** What a manager typed → the rule and the change it must become. */
const EDITS: Array<[phrase: string, key: string, change: Change]> = [
  // The phrases from the issue.
  ["make demo requests worth 50", "demo_request", { points: 50 }],
  ["demo 50", "demo_request", { points: 50 }],
  ["demo_request 50", "demo_request", { points: 50 }],
  ["set demo request to 50", "demo_request", { points: 50 }],
  ["demo requests = 50 points", "demo_request", { points: 50 }],
  ["careers page -15", "careers_page", { points: -15 }],
  ["careers -15", "careers_page", { points: -15 }],
  ["career page minus 15", "careers_page", { points: -15 }],
  ["pricing page valid 45 days", "pricing_page", { validityDays: 45 }],
  ["pricing valid for 6 weeks", "pricing_page", { validityDays: 42 }],
  ["pricing page expires after 45 days", "pricing_page", { validityDays: 45 }],
  ["website visits max 3", "website_visit", { maxCount: 3 }],
  ["count website visits at most 3 times", "website_visit", { maxCount: 3 }],
  // Labels, case, hyphens.
  ["Demo request 50", "demo_request", { points: 50 }],
  ["Viewed the pricing page 20", "pricing_page", { points: 20 }],
  ["DEMO-REQUEST 55", "demo_request", { points: 55 }],
  ["Said not interested -40", "not_interested", { points: -40 }],
  // Typos.
  ["demo requets 50", "demo_request", { points: 50 }],
  ["prcing page 20", "pricing_page", { points: 20 }],
  ["webinr 20", "webinar_attended", { points: 20 }],
  ["webniar 20", "webinar_attended", { points: 20 }],
  ["qoute 40", "quote_request", { points: 40 }],
  ["carrers page -5", "careers_page", { points: -5 }],
  ["purchse 60", "purchase", { points: 60 }],
  ["consultnt -60", "title_consultant", { points: -60 }],
  ["dmeo 50", "demo_request", { points: 50 }],
  // Synonyms.
  ["order 60", "purchase", { points: 60 }],
  ["orders 60", "purchase", { points: 60 }],
  ["purchases 60", "purchase", { points: 60 }],
  ["downloads 15", "guide_download", { points: 15 }],
  ["whitepaper 15", "guide_download", { points: 15 }],
  ["ebook 15", "guide_download", { points: 15 }],
  ["e-book 15", "guide_download", { points: 15 }],
  ["email clicks 3", "email_click", { points: 3 }],
  ["clicks 3", "email_click", { points: 3 }],
  ["visits 5", "website_visit", { points: 5 }],
  ["page views 5", "website_visit", { points: 5 }],
  ["consultants -60", "title_consultant", { points: -60 }],
  ["meeting booked 30", "meeting_booked", { points: 30 }],
  ["meetings 30", "meeting_booked", { points: 30 }],
  ["not interested -40", "not_interested", { points: -40 }],
  ["newsletter sign up 3", "newsletter_signup", { points: 3 }],
  ["no response -15", "no_response_to_offer", { points: -15 }],
  ["uninterested -40", "not_interested", { points: -40 }],
  ["page visits 20", "website_visit", { points: 20 }],
  ["complaints -30", "complaint_unjustified", { points: -30 }],
  ["budget 15", "bant_budget", { points: 15 }],
  // Numbers as people write them.
  ["demo +20", "demo_request", { points: 20 }],
  ["careers page −15", "careers_page", { points: -15 }],
  ["careers page – 15", "careers_page", { points: -15 }],
  ["demo 20 points", "demo_request", { points: 20 }],
  ["demo 20pts", "demo_request", { points: 20 }],
  ["give demo requests fifty points", "demo_request", { points: 50 }],
  ["careers page zero", "careers_page", { points: 0 }],
  // Validity and caps in other words, and together with points.
  ["pricing page 20 valid 45 days", "pricing_page", { points: 20, validityDays: 45 }],
  ["pricing valid=45d", "pricing_page", { validityDays: 45 }],
  ["pricing 45d", "pricing_page", { validityDays: 45 }],
  ["purchase counts for 6 months", "purchase", { validityDays: 180 }],
  ["pricing valid forever", "pricing_page", { validityDays: null }],
  ["purchases never expire", "purchase", { validityDays: null }],
  ["website visits no max", "website_visit", { maxCount: null }],
  ["email clicks max=none", "email_click", { maxCount: null }],
  ["count visits up to 4 times 8 points", "website_visit", { points: 8, maxCount: 4 }],
  // Changes relative to the current points (demo 40, careers -10).
  ["raise demo requests by 10", "demo_request", { points: 50 }],
  ["lower careers page by 5", "careers_page", { points: -15 }],
];

/** Hypotheticals: they read as the same edit, flagged so nothing is stored. */
const WHAT_IFS: Array<[phrase: string, key: string, change: Change]> = [
  ["what if quote requests were 40?", "quote_request", { points: 40 }],
  ["what if quote 40", "quote_request", { points: 40 }],
  ["quote requests 40?", "quote_request", { points: 40 }],
  ["what would happen if demo was 60", "demo_request", { points: 60 }],
  ["What if we made careers page −20?", "careers_page", { points: -20 }],
  ["demo 50, what would happen", "demo_request", { points: 50 }],
  ["suppose pricing valid 60 days", "pricing_page", { validityDays: 60 }],
];

/** Words that fit several rules equally: ask back with exactly these, never guess. */
const AMBIGUOUS: Array<[phrase: string, keys: string[], change: Change]> = [
  ["page 20", ["pricing_page", "careers_page"], { points: 20 }],
  ["email 5", ["newsletter_signup", "email_click"], { points: 5 }],
  ["request 30", ["quote_request", "demo_request"], { points: 30 }],
  ["requests 30", ["quote_request", "demo_request"], { points: 30 }],
  ["bant 20", ["bant_budget", "bant_authority", "bant_need", "bant_timing"], { points: 20 }],
  ["authority 15", ["bant_authority", "champ_authority"], { points: 15 }],
  ["decision maker 15", ["bant_authority", "champ_authority"], { points: 15 }],
  ["page valid 10 days", ["pricing_page", "careers_page"], { validityDays: 10 }],
];

/** Words it must not turn into an edit, with what the answer says (worded by the view). */
const UNCLEAR: Array<[phrase: string, message: RegExp]> = [
  ["demo abc", /no rule like "demo abc"/],
  ["frobnicate 20", /no rule like "frobnicate"/],
  ["demo", /How many points for Demo request \(demo_request, now \+40\)/],
  ["demo 50 60", /several numbers \(50, 60\)/],
  ["pricing valid", /Valid for how long/],
  ["website visits max", /Count how many at most/],
  ["50", /Which rule\?/],
  ["page", /could be pricing_page or careers_page, and how many points/],
  ["suggest", /"suggest" is not a rule.*\/weights suggest/],
  ["suggest demo 50", /"suggest" is not a rule/],
  ["demo 50000", /no rule like/],
  ["raise demo by", /Change demo_request by how many points/],
  // Near misses that are other words, not typos.
  ["linkedin 20", /no rule like "linkedin"/],
  ["seed 20", /no rule like "seed"/],
  ["interested 5", /no rule like "interested"/],
  ["response 20", /no rule like "response"/],
  // Names that exist on every JavaScript object are still just unknown words.
  ["constructor 5", /no rule like "constructor"/],
  ["__proto__ 4", /no rule like "proto"/],
  ["demo 5constructor", /no rule like "demo 5constructor"/],
];

function editOf(reading: PhraseReading) {
  if (reading.kind !== "edit") throw new Error(`expected an edit, got ${JSON.stringify(reading)}`);
  return reading;
}

describe("readWeightsPhrase", () => {
  it.each(EDITS)("reads %j as a change to %s", (phrase, key, change) => {
    const reading = editOf(readWeightsPhrase(phrase, config));
    expect(reading).toEqual({ kind: "edit", whatIf: false, edit: { kind: "set", key, ...change } });
  });

  it.each(WHAT_IFS)("reads %j as a what-if on %s", (phrase, key, change) => {
    expect(readWeightsPhrase(phrase, config)).toEqual({ kind: "edit", whatIf: true, edit: { kind: "set", key, ...change } });
  });

  it.each(AMBIGUOUS)("asks back on %j with exactly %j", (phrase, keys, change) => {
    const reading = readWeightsPhrase(phrase, config);
    if (reading.kind !== "ambiguous") throw new Error(`expected a question, got ${JSON.stringify(reading)}`);
    expect(reading.choices.map((c) => c.rule.key).sort()).toEqual(keys.slice().sort());
    for (const choice of reading.choices) expect(choice.edit).toEqual({ kind: "set", key: choice.rule.key, ...change });
  });

  it("keeps a what-if a what-if when it has to ask back", () => {
    const reading = readWeightsPhrase("what if request 30?", config);
    expect(reading).toMatchObject({ kind: "ambiguous", whatIf: true });
  });

  it.each(UNCLEAR)("does not guess at %j", (phrase, message) => {
    const reading = readWeightsPhrase(phrase, config);
    expect(reading.kind).toBe("unclear");
    expect(reading.kind === "unclear" && phraseProblemText(reading.problem)).toMatch(message);
  });

  it.each([
    ["hot threshold 70", { hot: 70 }, false],
    ["make hot 70", { hot: 70 }, false],
    ["hot=70 warm=40", { hot: 70, warm: 40 }, false],
    ["set the hot threshold to 70 and warm to 35", { hot: 70, warm: 35 }, false],
    ["thresholds hot 75", { hot: 75 }, false],
    ["what if hot were 70?", { hot: 70 }, true],
    ["what would happen if hot were 70 and warm 40", { hot: 70, warm: 40 }, true],
  ])("reads %j as thresholds %j", (phrase, values, whatIf) => {
    expect(readWeightsPhrase(phrase, config)).toEqual({ kind: "edit", whatIf, edit: { kind: "thresholds", values } });
  });

  it("matches the team's own rules by their key and label, without the default synonyms", () => {
    const tradeShow: Rule = { key: "trade_show", label: "Met at a trade show", kind: "event", match: { type: "trade_show" }, points: 20 };
    const custom = { ...config, rules: [...config.rules.filter((r) => r.key !== "purchase"), tradeShow] };
    expect(editOf(readWeightsPhrase("trade shows 35", custom)).edit).toEqual({ kind: "set", key: "trade_show", points: 35 });
    expect(editOf(readWeightsPhrase("trade shwo 35", custom)).edit).toEqual({ kind: "set", key: "trade_show", points: 35 });
    // "orders" means purchase only while the team has that rule.
    expect(readWeightsPhrase("orders 60", custom).kind).toBe("unclear");
  });

  it("never takes the words for a rule the team does not have", () => {
    for (const phrase of ["sugest 10", "hello there", "what if", "make it 50"]) {
      expect(readWeightsPhrase(phrase, config).kind).toBe("unclear");
    }
  });
});

describe("matchRule", () => {
  it.each([
    ["demo", "demo_request"],
    ["Downloaded a guide", "guide_download"],
    ["careers_page", "careers_page"],
    ["no response to an offer", "no_response_to_offer"],
  ])("finds %j as %s", (typed, key) => {
    expect(matchRule(config.rules, typed)).toEqual({ kind: "one", rule: expect.objectContaining({ key }) });
  });

  it("never matches the suggest command", () => {
    expect(matchRule(config.rules, "suggest")).toEqual({ kind: "none" });
  });
});

describe("strictCommand", () => {
  it.each([
    [{ kind: "set", key: "demo_request", points: 50 } as const, {}, "/weights demo_request 50"],
    [{ kind: "set", key: "careers_page", points: -15 } as const, {}, "/weights careers_page -15"],
    [{ kind: "set", key: "pricing_page", validityDays: 45 } as const, {}, "/weights pricing_page valid=45d"],
    [{ kind: "set", key: "pricing_page", validityDays: null, maxCount: null } as const, {}, "/weights pricing_page valid=none max=none"],
    [{ kind: "set", key: "website_visit", points: 8, maxCount: 3 } as const, {}, "/weights website_visit 8 max=3"],
    [{ kind: "thresholds", values: { hot: 70, warm: 40 } } as const, {}, "/weights thresholds hot=70 warm=40"],
    [{ kind: "set", key: "demo_request", points: 30 } as const, { whatIf: true }, "/weights what if demo_request 30"],
  ])("writes %j as the command a button runs", (edit, options, command) => {
    expect(strictCommand(edit, options)).toBe(command);
  });

  it("is read back as the same edit", () => {
    for (const [phrase] of [...EDITS, ...WHAT_IFS]) {
      const reading = editOf(readWeightsPhrase(phrase, config));
      const again = editOf(readWeightsPhrase(strictCommand(reading.edit, { whatIf: reading.whatIf }).replace(/^\/weights /, ""), config));
      expect(again).toEqual(reading);
    }
  });
});
