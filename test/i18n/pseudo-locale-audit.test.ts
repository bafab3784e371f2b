/**
 * What /team audit says each administrative change did (src/views/audit-summary.view.ts),
 * rendered in the pseudo-locale en-XA: names, codes and what people typed are data, every
 * other word comes from a catalog. In English each says exactly the words the services
 * stored before summaries were data, and a row stored as those words is shown as stored.
 */
import { describe, expect, it } from "vitest";
import { reply, type Reply } from "../../src/chat/reply.js";
import type { AdminSummary } from "../../src/domain/audit-summary.js";
import type { ChangeSummary } from "../../src/domain/edits.js";
import { PSEUDO_LOCALE, translator } from "../../src/i18n/index.js";
import { readAuditSummary, writeAdminSummary, writeChangeSummary } from "../../src/store/json-columns.js";
import { auditSummaryText } from "../../src/views/audit-summary.view.js";
import { auditCsv, auditReply, type AuditLine } from "../../src/views/team.view.js";
import { DATA, shown } from "./pseudo-fixtures.js";
import { untranslatedEnglish } from "./untranslated.js";

const t = translator(PSEUDO_LOCALE);
const en = translator("en");
const now = new Date("2026-12-02T10:00:00Z");

/** Every kind of administrative change, each way it can be worded, with its English words as the services stored them. */
const SUMMARIES: Record<AdminSummary["kind"], Array<[AdminSummary, string]>> = {
  role_changed: [
    [{ kind: "role_changed", member: "Rita Rep", from: "rep", to: "manager" }, "Rita Rep: rep → manager"],
    [{ kind: "role_changed", member: "Anna Top", from: "admin", to: "rep" }, "Anna Top: admin → rep"],
    [{ kind: "role_changed", member: "Anna Top", from: "manager", to: "admin", lastAdminLeft: true }, "Anna Top: manager → admin (the last admin left)"],
  ],
  member_returned: [
    [{ kind: "member_returned", member: "Rita Rep", role: "rep" }, "Rita Rep is back, as a rep"],
    [{ kind: "member_returned", member: "Rita Rep", role: "manager" }, "Rita Rep is back, as a manager"],
    [{ kind: "member_returned", member: "Rita Rep", role: "admin" }, "Rita Rep is back, as an admin"],
  ],
  member_removed: [[{ kind: "member_removed", member: "Rita Rep" }, "Rita Rep removed"]],
  member_left: [
    [{ kind: "member_left", member: "Rita Rep", left: { kind: "left" } }, "Rita Rep left the group"],
    [{ kind: "member_left", member: "Rita Rep", left: { kind: "removed", by: "Olena" } }, "Rita Rep was removed from the group by Olena"],
    [{ kind: "member_left", member: "Rita Rep", left: { kind: "deactivated" } }, "Rita Rep was deactivated in Slack"],
  ],
  leads_reassigned: [
    [{ kind: "leads_reassigned", from: "Rita Rep", to: "Anna Top", moved: 1 }, "1 open lead of Rita Rep given to Anna Top"],
    [{ kind: "leads_reassigned", from: "Rita Rep", to: "Anna Top", moved: 3 }, "3 open leads of Rita Rep given to Anna Top"],
    [{ kind: "leads_reassigned", from: "Rita Rep", to: null, moved: 1 }, "1 open lead of Rita Rep left unclaimed"],
    [{ kind: "leads_reassigned", from: "Rita Rep", to: null, moved: 0 }, "0 open leads of Rita Rep left unclaimed"],
  ],
  join_decided: [
    [{ kind: "join_decided", member: "Rita Rep", approved: true }, "Rita Rep approved"],
    [{ kind: "join_decided", member: "Rita Rep", approved: false }, "Rita Rep declined"],
  ],
  join_mode: [
    [{ kind: "join_mode", mode: "open" }, "joining: open"],
    [{ kind: "join_mode", mode: "approval" }, "joining: approval"],
  ],
  timezone: [[{ kind: "timezone", timezone: "Europe/Kyiv" }, "time zone: Europe/Kyiv"]],
  language: [[{ kind: "language", language: "uk" }, "language: uk"]],
  source_mapping: [
    [{ kind: "source_mapping", pattern: "pricing", type: "website_visit", retyped: 3 }, 'map "pricing" → website_visit (3 stored events re-typed)'],
    [{ kind: "source_mapping", pattern: "pricing", type: null, retyped: 0 }, 'unmap "pricing" (0 stored events re-typed)'],
  ],
  hook_set: [[{ kind: "hook_set", name: "website-form", options: ["email=/email", "type=/event"] }, "website-form: email=/email type=/event"]],
  hooks_imported: [[{ kind: "hooks_imported", file: "hooks.yaml", sources: ["website-form", "website-tracking"] }, "hooks.yaml: website-form, website-tracking"]],
  hook_removed: [[{ kind: "hook_removed", name: "website-form" }, "website-form"]],
  api_key: [
    [{ kind: "api_key", id: 7, prefix: "lsk_AbCd1234", name: "Acme" }, "#7 lsk_AbCd1234… “Acme”"],
    [
      { kind: "api_key", id: 8, prefix: "lpk_EfGh5678", name: "website-tracking", origins: ["https://www.acme.example", "https://*.acme.example"] },
      "#8 lpk_EfGh5678… “website-tracking” (public: https://www.acme.example https://*.acme.example)",
    ],
  ],
  api_key_origins: [[{ kind: "api_key_origins", id: 8, prefix: "lpk_EfGh5678", origins: ["https://www.acme.example"] }, "#8 lpk_EfGh5678… https://www.acme.example"]],
};
const EVERY = Object.values(SUMMARIES).flat();

/**
 * What the test typed as data besides the shared names: a pattern, a webhook mapping's typed
 * options (whose "/email" the checker takes for a command line, leaving "email="), a file
 * name, key prefixes.
 */
const DATA_HERE = [...DATA, "pricing", "email=", "hooks.yaml", "lsk_AbCd1234", "lpk_EfGh5678"];

const line = (summary: AuditLine["summary"], action = "role_changed"): AuditLine => ({ at: new Date("2026-12-01T09:00:00Z"), who: "Olena", action, summary });
const text = (s: string): Reply => reply([{ type: "text", text: s }]);

describe("the pseudo-locale finds no English left in what /team audit says each change did", () => {
  it.each(EVERY.map(([summary]) => [JSON.stringify(summary), summary] as const))("in %s", (_name, summary) => {
    expect(untranslatedEnglish(auditSummaryText(t, summary), DATA_HERE)).toEqual([]);
    expect(untranslatedEnglish(shown(auditReply([line(summary)], now, "Europe/Kyiv", t)), DATA_HERE)).toEqual([]);
  });

  it("in /team audit and its CSV with every kind at once", () => {
    const entries = EVERY.map(([summary]) => line(summary));
    expect(untranslatedEnglish(shown(auditReply(entries, now, "Europe/Kyiv", t)), DATA_HERE)).toEqual([]);
    const file = auditCsv(entries, t);
    expect(untranslatedEnglish(shown(text(file.rows.map((row) => row.join(",")).join("\n"))), DATA_HERE)).toEqual([]);
  });
});

describe("what /team audit says each change did, in English", () => {
  it("is the words the services stored before summaries were data", () => {
    expect(EVERY.map(([summary]) => auditSummaryText(en, summary))).toEqual(EVERY.map(([, words]) => words));
  });

  it("is read back from the text column: our data as data, a weight change's as its own, anything else as stored", () => {
    for (const [summary] of EVERY) expect(readAuditSummary(writeAdminSummary(summary))).toEqual(summary);
    const weights: ChangeSummary = { kind: "thresholds", moves: [{ tier: "hot", from: 70, to: 80 }] };
    expect(readAuditSummary(writeChangeSummary(weights))).toEqual(weights);
    expect(auditSummaryText(en, readAuditSummary(writeChangeSummary(weights)))).toBe("Thresholds: hot 70 → 80");
    for (const stored of ["Rita Rep: rep → manager", "2 open leads of Olga Rep given to Ivan Rep", "{Rita} Rep removed", '{"kind":"role_changed","member":"Rita Rep"}', "{not json"]) {
      expect(readAuditSummary(stored)).toBe(stored);
      expect(auditSummaryText(t, readAuditSummary(stored))).toBe(stored);
    }
  });

  it("shows a row stored as English words exactly as stored, beside rows stored as data", () => {
    const entries = [line(SUMMARIES.role_changed[0]![0]), line("Rita Rep: rep → manager", "role_changed"), line("joining: approval", "join_mode")];
    const rows = auditCsv(entries, en).rows.slice(1).map((row) => row[3]);
    expect(rows).toEqual(["Rita Rep: rep → manager", "Rita Rep: rep → manager", "joining: approval"]);
  });
});
