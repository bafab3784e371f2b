import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULE_BOUNDS } from "../../src/domain/edits.js";
import { LIMITS } from "../../src/domain/limits.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const table = readme.slice(readme.indexOf("#### What the bot stores"));
const row = (label: string) => table.split("\n").find((line) => line.startsWith(`| ${label} |`)) ?? "";
const n = (value: number) => value.toLocaleString("en");

describe("README's table of limits", () => {
  it.each([
    ["lead name, company, title", `${n(LIMITS.leadText)} characters`],
    ["email", `${n(LIMITS.email)} characters`],
    ["phone", `${n(LIMITS.phone)} characters`],
    ["external id (lead or event key)", `${n(LIMITS.externalId)} characters`],
    ["event type", `${n(LIMITS.eventType)} characters`],
    ["note (call, answer, event typed in chat)", `${n(LIMITS.note)} characters`],
    ["rule label", `${n(LIMITS.ruleLabel)} characters`],
    ["attribute name", `${n(LIMITS.attributeKey)} characters`],
    ["attribute text value", `${n(LIMITS.attributeValue)} characters`],
    ["attributes per lead", `${n(LIMITS.attributesPerLead)} `],
    ["attribute names per team", `${n(LIMITS.attributeKeysPerTeam)} `],
    ["event payload", `${n(LIMITS.payloadBytes)} bytes as JSON, ${LIMITS.payloadDepth} levels deep`],
    ["chat command line", `${n(LIMITS.commandLine)} characters`],
    ["columns read from an imported file", `${n(LIMITS.fileColumns)}`],
    ["rule points / thresholds", `${n(RULE_BOUNDS.points)} to ${n(RULE_BOUNDS.points)}`],
    ["rule validity (`valid=`)", `1 to ${n(RULE_BOUNDS.validityDays)} days`],
    ["rule count (`max=`)", `1 to ${n(RULE_BOUNDS.maxCount)}`],
  ])("states the limit on %s as the code enforces it", (label, value) => {
    expect(row(label)).toContain(value);
  });
});
