import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULE_BOUNDS } from "../../src/domain/edits.js";
import { LIMITS } from "../../src/domain/limits.js";
import { DEFAULT_ANONYMOUS_RETENTION_DAYS } from "../../src/jobs/jobs.config.js";
import { MAX_UPDATE_BYTES } from "../../src/platforms/telegram/telegram.bot.js";
import { MAX_BATCH_ITEMS } from "../../src/services/ingest.service.js";
import { MAX_CSV_ROW_CHARS } from "../../src/services/lead-file-csv.js";
import { DEFAULT_IMPORT_LIMITS, MAX_UNZIPPED_BYTES, ROWS_READ_PER_ROW } from "../../src/services/lead-file.js";
import { EXPORT_MAX_ROWS } from "../../src/services/lead-transfer.service.js";
import { MAX_CHART_WEEKS } from "../../src/services/trend.service.js";

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
    ["buying cycle (`cycle_days`, `cycleDays`)", `1 to ${n(LIMITS.cycleDays)} days`],
    ["items per API request", `${n(MAX_BATCH_ITEMS)}`],
    ["rows per imported file", `${n(DEFAULT_IMPORT_LIMITS.maxRows)} (and at most ${n(DEFAULT_IMPORT_LIMITS.maxRows * ROWS_READ_PER_ROW)} rows read`],
    ["characters in one CSV row", `${n(MAX_CSV_ROW_CHARS)}`],
    ["imported file", `${DEFAULT_IMPORT_LIMITS.maxBytes / 1_048_576} MB (an XLSX may unpack to ${MAX_UNZIPPED_BYTES / 1_048_576} MB)`],
    ["attribute columns in an export", `${n(LIMITS.attributeKeysPerTeam)} `],
    ["leads in one export", `${n(EXPORT_MAX_ROWS)}`],
    ["weeks in `/team chart`", `1 to ${MAX_CHART_WEEKS}`],
    ["Telegram webhook update", `${n(MAX_UPDATE_BYTES)} bytes`],
    ["rule points / thresholds", `${n(RULE_BOUNDS.points)} to ${n(RULE_BOUNDS.points)}`],
    ["rule validity (`valid=`)", `1 to ${n(RULE_BOUNDS.validityDays)} days`],
    ["rule count (`max=`)", `1 to ${n(RULE_BOUNDS.maxCount)}`],
    ["activity of a visitor nobody has identified", `${DEFAULT_ANONYMOUS_RETENTION_DAYS} days (\`ANONYMOUS_RETENTION_DAYS\`)`],
  ])("states the limit on %s as the code enforces it", (label, value) => {
    expect(row(label)).toContain(value);
  });
});
