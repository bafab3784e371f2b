/**
 * /team stats, /team chart (and the words on both charts), and /team give, approve, decline,
 * join, timezone and audit rendered in the pseudo-locale en-XA: any plain English left is a
 * word that does not come from a catalog (README, "Languages": converting a view).
 */
import pino from "pino";
import { describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import type { CommandContext } from "../../src/chat/command-context.js";
import { reply, type Reply } from "../../src/chat/reply.js";
import { periodRange, type AlertOutcome, type RepStats, type WeekUsefulness } from "../../src/domain/team-stats.js";
import { PSEUDO_LOCALE, translator } from "../../src/i18n/index.js";
import type { LeadTrend } from "../../src/services/trend.service.js";
import type { TeamStats } from "../../src/services/team-stats.service.js";
import { trendChartWords } from "../../src/views/lead-trend.view.js";
import { teamChartFileTitle, teamChartProblem, teamChartReply, teamChartWords } from "../../src/views/team-chart.view.js";
import { periodText, statsPeriodProblem, statsReply } from "../../src/views/team-stats.view.js";
import {
  auditCsv,
  auditReply,
  joinDecidedReply,
  joinModeReply,
  leadsGivenReply,
  teamAdminUsageProblem,
  timezoneSetReply,
  unknownTeamSubcommand,
  type AuditLine,
} from "../../src/views/team.view.js";
import { DATA, shown } from "./pseudo-fixtures.js";
import { untranslatedEnglish } from "./untranslated.js";

const t = translator(PSEUDO_LOCALE);
const now = new Date("2026-12-02T10:00:00Z");
const text = (s: string): Reply => reply([{ type: "text", text: s }]);

/**
 * Typed as they are in every language: the periods of /team stats and the modes of /team join
 * (and "numbers", typed after /team below). Audit summaries are stored as they were written.
 */
const SUMMARIES = ["Rita Rep: rep → manager", "Anna Top removed", "time zone: Europe/Kyiv", "joining: approval"];
const DATA_HERE = [...DATA, "week", "month", "quarter", "open", "approval", "numbers", ...SUMMARIES];

const MIN = 60_000;
const alert = (id: number, actedAfter: number | null, how: AlertOutcome["how"], by: string | null): AlertOutcome => ({
  id,
  leadId: 10 + id,
  leadName: "Jana Novak",
  score: 82,
  createdAt: new Date("2026-11-30T08:00:00Z"),
  actedAt: actedAfter === null ? null : new Date(Date.parse("2026-11-30T08:00:00Z") + actedAfter),
  actedById: by === null ? null : 1,
  actedBy: by,
  how,
});
const week = (date: string, sent: number, acted: number): WeekUsefulness => ({
  week: date,
  sent,
  acted,
  share: sent === 0 ? null : acted / sent,
  medianToActMs: acted === 0 ? null : 90 * MIN,
  byClaim: acted,
  byCall: 0,
});
const rep = (name: string, meetings: number): RepStats => ({
  memberId: 1,
  name,
  role: "rep",
  hotClaimed: 2,
  medianFirstCallMs: meetings === 0 ? null : 3 * 60 * MIN,
  firstCalls: 1,
  meetings,
  won: 1,
});

function stats(period: "30d" | "week", overrides: Partial<TeamStats> = {}): TeamStats {
  const weeks = [week("2026-11-09", 0, 0), week("2026-11-16", 6, 1), week("2026-11-23", 5, 4), week("2026-11-30", 2, 2)];
  return {
    range: periodRange(period, now, "Europe/Kyiv"),
    timezone: "Europe/Kyiv",
    hotLabel: "Hot",
    hotKey: "hot",
    hotMin: 60,
    reps: [rep("Rita Rep", 1), rep("Anna Top", 0)],
    alerts: { sent: 10, acted: 5, share: 0.5, medianToActMs: 45 * MIN, byClaim: 3, byCall: 2 },
    recent: [alert(1, 30 * MIN, "claim", "Rita Rep"), alert(2, 26 * 60 * MIN, "call", "Anna Top"), alert(3, 5 * MIN, "claim", null), alert(4, null, null, null)],
    weeks,
    fatigue: {
      weeks: [weeks[1]!],
      sent: 6,
      acted: 1,
      share: 1 / 6,
      currentHot: 60,
      suggestedHot: 70,
      basis: "step",
      command: "/weights thresholds hot=70",
    },
    ...overrides,
  };
}

describe("the pseudo-locale finds no English left in /team stats and /team chart", () => {
  const trend = {
    lead: { id: 7, name: "Jana Novak", company: "Acme" },
    days: 30,
    timezone: "Europe/Kyiv",
    points: [],
    markers: [],
    tiers: [],
    current: { score: 82, tier: { key: "hot", label: "Hot", min: 60 } },
  } as unknown as LeadTrend;
  const weeks = [
    { weekStart: "2026-11-16", hot: 3 },
    { weekStart: "2026-11-23", hot: 5 },
    { weekStart: "2026-11-30", hot: 2 },
  ];

  it.each([
    ["/team stats, last 30 days", () => statsReply(t, stats("30d"))],
    ["/team stats, this week, no reps, alerts or fatigue", () => statsReply(t, stats("week", { reps: [], recent: [], fatigue: null, alerts: { sent: 0, acted: 0, share: null, medianToActMs: null, byClaim: 0, byCall: 0 } }))],
    ["every period's name", () => text((["7d", "30d", "90d", "week", "month", "quarter"] as const).map((p) => periodText(t, periodRange(p, now, "Europe/Kyiv"))).join("\n"))],
    ["/team stats with a wrong period", () => text(`${statsPeriodProblem(t, ["14d"])}\n${statsPeriodProblem(t, ["7d", "30d"])}`)],
    ["/team chart", () => teamChartReply(t, weeks, "Hot", "Europe/Kyiv")],
    ["/team chart, one quiet week", () => teamChartReply(t, [{ weekStart: "2026-11-30", hot: 0 }], "Hot", "Europe/Kyiv")],
    [
      "the words on the team chart",
      () => {
        const words = teamChartWords(t, "Hot", 8);
        return text([words.title, words.subtitle, words.footnote, ...weeks.map((w) => words.dayLabel(w.weekStart)), teamChartFileTitle(t, "Hot", 1), teamChartFileTitle(t, "Hot", 8)].join("\n"));
      },
    ],
    ["/team chart with a wrong number", () => text(`${teamChartProblem(t, { kind: "several" })}\n${teamChartProblem(t, { kind: "weeks", typed: "53", max: 52 })}`)],
    [
      "the legend and days on the lead trend chart",
      () => {
        const words = trendChartWords(t, trend, 0);
        return text([...Object.values(words.legend), words.dayLabel("2026-11-03")].join("\n"));
      },
    ],
  ] as Array<[string, () => Reply]>)("in %s", (_name, render) => {
    expect(untranslatedEnglish(shown(render()), DATA_HERE)).toEqual([]);
  });
});

describe("the pseudo-locale finds no English left in /team give, approve, decline, join, timezone and audit", () => {
  const audit: AuditLine[] = [
    { at: new Date("2026-12-02T09:00:00Z"), who: "Olena", action: "role_changed", summary: SUMMARIES[0]! },
    { at: new Date("2026-12-01T09:00:00Z"), who: "Olena", action: "member_removed", summary: SUMMARIES[1]! },
    { at: new Date("2026-11-20T09:00:00Z"), who: null, action: "timezone", summary: SUMMARIES[2]! },
    { at: new Date("2026-11-20T09:00:00Z"), who: "Olena", action: "join_mode", summary: SUMMARIES[3]! },
  ];
  const actions = ["role_changed", "member_removed", "member_left", "member_returned", "leads_reassigned", "join_approved", "join_declined", "join_mode", "timezone", "language", "apikey_created", "apikey_revoked", "weights_changed"];

  it.each([
    ["/team give to someone", () => leadsGivenReply(3, "Rita Rep", "Anna Top", t)],
    ["/team give one lead to someone", () => leadsGivenReply(1, "Rita Rep", "Anna Top", t)],
    ["/team give to nobody", () => leadsGivenReply(2, "Rita Rep", null, t)],
    ["/team approve", () => joinDecidedReply(true, "Rita Rep", "Olena", t)],
    ["/team decline", () => joinDecidedReply(false, "Rita Rep", "Olena", t)],
    ["/team join open", () => joinModeReply("open", "Olena", t)],
    ["/team join approval", () => joinModeReply("approval", "Olena", t)],
    ["/team timezone", () => timezoneSetReply("Europe/Kyiv", t)],
    ["/team audit", () => auditReply(audit, now, "Europe/Kyiv", t)],
    ["/team audit, every action", () => auditReply(actions.map((action) => ({ at: now, who: "Olena", action, summary: SUMMARIES[0]! })), now, "Europe/Kyiv", t)],
    ["/team audit, nothing yet", () => auditReply([], now, "Europe/Kyiv", t)],
    [
      "/team audit csv",
      () => {
        const file = auditCsv(audit, t);
        return text([file.text, file.title, ...file.rows.map((row) => row.join(","))].join("\n"));
      },
    ],
    ["/team mistakes", () => text([...(["give", "decide", "join", "timezone"] as const).map((what) => teamAdminUsageProblem(what, t)), unknownTeamSubcommand("numbers", t)].join("\n"))],
  ] as Array<[string, () => Reply]>)("in %s", (_name, render) => {
    expect(untranslatedEnglish(shown(render()), DATA_HERE)).toEqual([]);
  });

  // These lines are answered before any service runs, so they need no store.
  const ctx = {
    deps: {} as CommandContext["deps"],
    actor: { teamId: 1, memberId: 1, name: "Olena" } as CommandContext["actor"],
    languages: { answer: PSEUDO_LOCALE, channel: PSEUDO_LOCALE, private: PSEUDO_LOCALE },
  } satisfies CommandContext;
  it.each(["/team stats 14d", "/team stats 7d 30d", "/team chart 0", "/team chart 4 8", "/team give", "/team approve", "/team join", "/team timezone", "/team numbers"])(
    "in the usage answer to %s",
    async (line) => {
      const answer = await handleLine(line, ctx, pino({ level: "silent" }));
      expect(answer.tone).toBe("usage");
      expect(untranslatedEnglish(shown(answer), DATA_HERE)).toEqual([]);
    },
  );
});
