import { describe, expect, it } from "vitest";
import { defaultScoringConfig } from "../../src/domain/default-rules.js";
import { interpretWeightsPhrase, readWeightsPhrase } from "../../src/domain/weights-phrase.js";
import { phraseProblemText } from "../../src/views/weights-phrase.view.js";

const config = defaultScoringConfig();

describe("the words for a /weights phrase that is not an edit yet", () => {
  it.each([
    ["", /^Which rule, and what should change\? e\.g\./],
    ["suggest", /^"suggest" is not a rule\. For suggested weights .* \/weights suggest\.$/],
    ["50", /^Which rule\? e\.g\. .*\/weights lists them\.$/],
    ["frobnicate 20", /^There is no rule like "frobnicate"\. \/weights lists them\.$/],
    ["фігня 20", /^There is no rule like "фігня"\./],
    ["demo 50 60", /^I see several numbers \(50, 60\)/],
    ["demo 50 by 10", /^Give either the new points or "by" how much/],
    ["page", /^"page" could be pricing_page or careers_page, and how many points\?/],
    ["pricing valid", /^Valid for how long\? e\.g\. "pricing_page valid 45 days"/],
    ["website visits max", /^Count how many at most\? e\.g\. "website_visit max 3"/],
    ["raise demo by", /^Change demo_request by how many points\? e\.g\. "raise demo_request by 10"/],
    ["careers", /^How many points for Visited the careers page \(careers_page, now -10\)\? e\.g\. "careers_page 0"/],
    ["демо", /^How many points for Demo request \(demo_request, now \+40\)/],
  ])("answers %j with a question or a hint", (phrase, words) => {
    const reading = readWeightsPhrase(phrase, config);
    if (reading.kind !== "unclear") throw new Error(`expected an unclear reading, got ${JSON.stringify(reading)}`);
    const text = phraseProblemText(reading.problem);
    expect(text).toMatch(words);
    // The English sentence the domain still carries for its first callers says the same.
    const worded = interpretWeightsPhrase(phrase, config);
    expect(worded.kind === "unclear" && worded.message).toBe(text);
  });
});
