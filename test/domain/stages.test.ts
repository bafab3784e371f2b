import { describe, expect, it } from "vitest";
import {
  defaultMqlMin,
  qualificationProgress,
  stageAfterClaim,
  stageAfterOutcome,
  stageAfterQualification,
  stageAfterScore,
} from "../../src/domain/stages.js";
import { DEFAULT_TIERS } from "../../src/domain/default-rules.js";
import type { Answer, Framework, QualificationAnswer, Stage } from "../../src/domain/types.js";

const answers = (framework: Framework, list: Record<string, Answer>): QualificationAnswer[] =>
  Object.entries(list).map(([dimension, answer]) => ({ framework, dimension, answer }));

describe("stageAfterScore", () => {
  it.each<[Stage, number, Stage]>([
    ["new", 30, "mql"],
    ["new", 45, "mql"],
    ["new", 29, "new"],
    ["mql", 0, "mql"],
    ["sal", 80, "sal"],
    ["sql", -10, "sql"],
    ["won", 90, "won"],
    ["lost", 90, "lost"],
    ["disqualified", 90, "disqualified"],
  ])("a %s lead scoring %i (MQL at 30) is %s", (stage, score, expected) => {
    expect(stageAfterScore(stage, score, 30)).toBe(expected);
  });

  it("the MQL threshold defaults to the warm tier", () => {
    expect(defaultMqlMin(DEFAULT_TIERS)).toBe(30);
  });
});

describe("stageAfterClaim", () => {
  it.each<[Stage, Stage]>([
    ["new", "sal"],
    ["mql", "sal"],
    ["sal", "sal"],
    ["sql", "sql"],
    ["won", "won"],
    ["lost", "lost"],
    ["disqualified", "disqualified"],
  ])("claiming a %s lead makes it %s", (stage, expected) => {
    expect(stageAfterClaim(stage)).toBe(expected);
  });
});

describe("stageAfterQualification", () => {
  const threeOfFour = answers("BANT", { budget: "yes", authority: "yes", need: "yes", timing: "no" });
  const twoOfFour = answers("BANT", { budget: "yes", authority: "no", need: "yes", timing: "unknown" });

  it.each<[Stage, QualificationAnswer[], Stage]>([
    ["new", threeOfFour, "sql"],
    ["mql", threeOfFour, "sql"],
    ["sal", threeOfFour, "sql"],
    ["sal", twoOfFour, "sal"],
    ["sql", twoOfFour, "sql"],
    ["won", threeOfFour, "won"],
    ["lost", threeOfFour, "lost"],
    ["disqualified", threeOfFour, "disqualified"],
  ])("a %s lead with these answers becomes %s", (stage, given, expected) => {
    expect(stageAfterQualification(stage, "BANT", given)).toBe(expected);
  });

  it("only answers for the team's framework count", () => {
    const champ = answers("CHAMP", { challenges: "yes", authority: "yes", money: "yes" });
    expect(stageAfterQualification("sal", "BANT", champ)).toBe("sal");
    expect(stageAfterQualification("sal", "CHAMP", champ)).toBe("sql");
  });
});

describe("stageAfterOutcome", () => {
  it.each<[Stage, string, Stage]>([
    ["sal", "won", "won"],
    ["sql", "lost", "lost"],
    ["new", "won", "won"],
    ["sql", "meeting_booked", "sql"],
    ["mql", "not_interested", "mql"],
    ["won", "no_answer", "won"],
    ["lost", "connected", "lost"],
    ["disqualified", "meeting_booked", "disqualified"],
    ["lost", "won", "won"],
  ])("a %s lead with outcome %s is %s", (stage, outcome, expected) => {
    expect(stageAfterOutcome(stage, outcome)).toBe(expected);
  });
});

describe("qualificationProgress", () => {
  it("lists every dimension in framework order, unknown when unanswered", () => {
    expect(qualificationProgress("BANT", answers("BANT", { need: "yes", budget: "no" }))).toEqual({
      answered: 2,
      positive: 1,
      total: 4,
      dimensions: [
        { dimension: "budget", answer: "no" },
        { dimension: "authority", answer: "unknown" },
        { dimension: "need", answer: "yes" },
        { dimension: "timing", answer: "unknown" },
      ],
    });
  });

  it.each<[string, Framework, QualificationAnswer[], number, number]>([
    ["unknown does not count as answered", "CHAMP", answers("CHAMP", { challenges: "yes", money: "yes", prioritization: "unknown" }), 2, 2],
    ["another framework's answers are ignored", "CHAMP", answers("BANT", { budget: "yes", need: "yes" }), 0, 0],
    ["a later answer replaces an earlier one", "BANT", [...answers("BANT", { budget: "yes" }), ...answers("BANT", { budget: "no" })], 1, 0],
    ["dimension names ignore case", "BANT", answers("BANT", { BUDGET: "yes" }), 1, 1],
  ])("%s", (_, framework, given, answered, positive) => {
    expect(qualificationProgress(framework, given)).toMatchObject({ answered, positive, total: 4 });
  });
});
