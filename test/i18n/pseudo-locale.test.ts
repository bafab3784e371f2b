/**
 * Every converted view rendered in the pseudo-locale en-XA, where a catalog word is accented
 * and lengthened: any plain English left is a word that does not come from a catalog. Converting
 * a view adds it here (README, "Languages": converting a view).
 */
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index.js";
import type { Reply } from "../../src/chat/reply.js";
import { renderText } from "../../src/chat/text.render.js";
import { LANGUAGES, PSEUDO_LOCALE, translator } from "../../src/i18n/index.js";
import type { AlertMessage } from "../../src/services/alerts.service.js";
import type { DigestMessage } from "../../src/services/digest-compose.service.js";
import { alertReply } from "../../src/views/alert.view.js";
import { digestReply } from "../../src/views/digest.view.js";
import { commandMenu, helpIndexReply, helpTopicReply, noSuchCommandReply } from "../../src/views/help.view.js";
import { myLanguageSetReply, myLanguagesReply, teamLanguageSetReply, whichLanguageReply } from "../../src/views/language.view.js";
import type { Failure } from "../../src/services/result.js";
import { failureReply } from "../../src/views/failure.view.js";
import { CASES } from "../views/failure-cases.js";
import { untranslatedEnglish } from "./untranslated.js";
import pino from "pino";
import type { CommandContext } from "../../src/chat/command-context.js";
import type { FormMessage, FormProgress } from "../../src/chat/form-model.js";
import { plainLines } from "../../src/chat/rich-text.js";
import { commandRouter } from "../../src/chat/router.js";
import { formCancelText, formPress, formQuestion, formStopped, formUnchangedReply, notePrompt } from "../../src/views/form.view.js";
import { sourcesCommand } from "../../commands/sources.js";
import { parseLine } from "../../src/chat/parse.js";
import type { MappingPreview, SourcesOverview } from "../../src/services/sources.service.js";
import { chooseTypeReply, mappingAppliedReply, mappingCancelledReply, mappingPreviewReply, sourcesReply } from "../../src/views/sources.view.js";
import { didNotReadText, dimensionName, notAnAnswerText, qualifiedReply, qualifyFormReply, whichLeadText } from "../../src/views/qualify.view.js";

const t = translator(PSEUDO_LOCALE);

/** The data the views below are given: names people chose, not words of ours. */
const DATA = [
  ...["Jana Novak", "Acme", "Hot", "hot", "Call today", "Demo request", "Rita Rep", "Anna Top", "Bert Fading", "Beta", "Sales", "Strongest signal", "Olena"],
  // Language names are said in their own language, and codes are typed.
  ...LANGUAGES.flatMap((l) => [l.nativeName, l.code]),
  // Typed examples a view gives as placeholders: time zones, digest days, an API key's name.
  ...["Europe/Kyiv", "Europe/Warsaw", "America/New_York", "mon-fri", "mon,wed,fri", "daily", "website-tracking", "website-form"],
  // Web origins are typed as they are: an example, and one the test typed with a path.
  ...["https://www.acme.example", "https://*.acme.example", "acme.example"],
];

/** Everything a person sees of a reply: its text and its buttons' labels. */
function shown(reply: Reply): string {
  const labels = reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions.map((a) => a.label) : []));
  return [renderText(reply).text, ...labels].join("\n");
}

const alert: AlertMessage = {
  leadId: 7,
  name: "Jana Novak",
  company: "Acme",
  score: 82,
  tierLabel: "Hot",
  action: "Call today",
  stage: "mql",
  owner: null,
  reasons: [{ label: "Demo request", points: 40 }],
};

function digest(mode: DigestMessage["mode"]): DigestMessage {
  const lead = { id: 3, name: "Bert Fading", company: "Beta", score: 75, owner: "Rita Rep" };
  const week = { sent: 5, acted: 1, share: 0.2, medianToActMs: 1_800_000, byClaim: 1, byCall: 0 };
  return {
    digest: {
      teamId: 1,
      teamName: "Sales",
      timezone: "Europe/Prague",
      localDate: "2026-06-01",
      hotLabel: "Hot",
      hot: [lead, { id: 4, name: "Anna Top", company: null, score: 85, owner: null }, ...Array.from({ length: 11 }, (_, i) => ({ ...lead, id: 10 + i }))],
      newHot: [lead],
      movers: [{ ...lead, from: 40, delta: 35 }],
      coolingDays: 3,
      coolingDown: [
        { ...lead, at: new Date("2026-06-03T07:00:00.000Z"), to: 35, expiring: ["Demo request"] },
        { ...lead, at: new Date("2026-06-04T07:00:00.000Z"), to: 50, expiring: [] },
      ],
      unclaimed: [{ id: 4, name: "Anna Top", company: null, score: 85, owner: null }],
      reps: [{ name: "Rita Rep", hot: 1, claimed: 2 }],
      activity: {
        reps: [{ memberId: 2, name: "Rita Rep", role: "rep", hotClaimed: 1, medianFirstCallMs: 5_400_000, firstCalls: 1, meetings: 1, won: 0 }],
        alerts: { sent: 2, acted: 1, share: 0.5, medianToActMs: 90_000_000, byClaim: 1, byCall: 0 },
        fatigue: { weeks: [{ week: "2026-05-25", ...week }], sent: 5, acted: 1, share: 0.2, currentHot: 60, suggestedHot: 85, basis: "acted_scores", command: "/weights thresholds hot=85" },
      },
      extra: [{ section: "calibration", lines: ["Strongest signal: Demo request."] }, { section: "unavailable" }],
    },
    mode,
    ...(mode === "late" ? { digestTime: "09:00" } : {}),
    ...(mode === "request" ? { requestedBy: "Rita Rep" } : {}),
  };
}

const VIEWS: Array<[string, () => Reply]> = [
  ["the alert", () => alertReply(alert, t)],
  ["a claimed alert", () => alertReply({ ...alert, owner: "Rita Rep", stage: "won" }, t)],
  ...(["scheduled", "late", "request", "preview"] as const).map((mode): [string, () => Reply] => [`the ${mode} digest`, () => digestReply(digest(mode), t)]),
  ["/help", () => helpIndexReply(t, COMMANDS)],
  ["/help of an unknown command", () => noSuchCommandReply(t, "nope", ["lead", "help"])],
  ["/me", () => myLanguagesReply(t, { chosen: null, person: "uk", team: "pl" })],
  ["/me language", () => myLanguageSetReply(t, "ro", "ro")],
  ["/me language auto", () => myLanguageSetReply(t, null, "uk")],
  ["/team language", () => teamLanguageSetReply(t, "uk", "Olena")],
  ["a language command without a language", () => whichLanguageReply(t, "/me language <uk|ru|pl|ro|en|auto>")],
];

describe("the pseudo-locale finds no English left", () => {
  it.each(VIEWS)("in %s", (_name, render) => {
    expect(untranslatedEnglish(shown(render()), DATA)).toEqual([]);
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))("in /help %s", (_name, command) => {
    // A help text's examples are typed words (yes, budget, won), the same in every language.
    expect(untranslatedEnglish(shown(helpTopicReply(t, command)), [...DATA, ...Object.values(command.examples ?? {})])).toEqual([]);
  });

  /** Failures still worded outside the catalogs: by the domain (describeIssues), scoring-edit.view and lead-file.view. */
  const NOT_CONVERTED = new Set(["attributes_unfit", "edit_refused", "file_unreadable"]);
  const failures = (Object.values(CASES).flat() as Array<[Failure, string]>).filter(([f]) => !NOT_CONVERTED.has(f.reason));

  it.each(failures.map(([failure]) => [`${failure.reason} ${JSON.stringify(failure)}`, failure] as const))("in the failure %s", (_name, failure) => {
    // What the failure carries (what was typed, names, known keys) is data.
    const data = JSON.stringify(failure).match(/"[^"]*"/g)!.map((q) => JSON.parse(q) as string).filter((v) => !["code", "reason", "what"].includes(v));
    expect(untranslatedEnglish(shown(failureReply(failure, t, (id) => `/lead status #${id}`)), [...DATA, ...data])).toEqual([]);
  });

  it("in Telegram's command menu", () => {
    expect(untranslatedEnglish(commandMenu(t, COMMANDS).map((c) => c.description).join("\n"))).toEqual([]);
  });

  it("and the finder itself catches English that no catalog said", () => {
    const english = { blocks: [{ type: "text" as const, text: `${t.t("alert.why")} Score went up` }], visibility: "ephemeral" as const, tone: "ok" as const };
    expect(untranslatedEnglish(shown(english))).toEqual(["Score", "went", "up"]);
    expect(untranslatedEnglish("/lead claim #12 · demo_request · Jana Novak", ["Jana Novak"])).toEqual([]);
  });
});

// qualify, forms, chat layer
describe("the pseudo-locale finds no English left in /qualify, its form and the router", () => {
  const lead = { id: 7, name: "Jana Novak", company: null, stage: "sql" as const, score: 82, tier: "hot" };
  const title = t.t("qualify.formTitle", { framework: "BANT", lead: "Jana Novak" });
  const fields = ["budget", "authority", "need", "timing"].map((d) => ({ id: d, label: dimensionName(t, d), kind: "choice" as const, options: ["yes", "no", "unknown"], initial: "unknown" }));
  const progress = (step: number): FormProgress => ({
    nonce: "abc",
    title,
    submit: "/qualify #7",
    fields,
    step,
    answers: { budget: "yes", authority: "no" },
    notes: { authority: "Olena" },
    awaitingNote: false,
  });
  const message = (m: FormMessage) => [plainLines(m.lines), ...(m.buttons ?? []).flat().map((b) => b.label)].join("\n");
  const silent = pino({ level: "silent" });
  const ctx = {
    deps: {} as CommandContext["deps"],
    actor: { teamId: 1, memberId: 1 } as CommandContext["actor"],
    languages: { answer: PSEUDO_LOCALE, channel: PSEUDO_LOCALE, private: PSEUDO_LOCALE },
  } satisfies CommandContext;
  const broken = { name: "boom", run: () => Promise.reject(new Error("bug")) };
  const route = (text: string) => commandRouter([broken])(text, ctx, silent);
  // Answers and examples people type stay as typed, in every language.
  const DATA_HERE = [...DATA, "BANT", "CHAMP", 'need="yes: replacing Excel"', "yes", "no", "unknown"];
  /** The form as a platform asks it: its title, its questions, and the line to type instead (the text fallback of a form block is the renderer's). */
  const formShown = (r: Reply) =>
    r.blocks.flatMap((b) => (b.type === "form" ? [b.title, ...b.fields.map((f) => f.label)] : b.type === "context" ? [b.text] : [])).join("\n");

  it.each([
    ["the /qualify form", () => formShown(qualifyFormReply(t, { lead, framework: "BANT", dimensions: ["budget", "authority", "need", "timing"], answers: { budget: { answer: "yes" } } }))],
    ["the CHAMP dimensions", () => ["challenges", "authority", "money", "prioritization"].map((d) => dimensionName(t, d)).join(" ")],
    [
      "/qualify's answer, the stage changed",
      () =>
        shown(
          qualifiedReply(t, {
            lead,
            framework: "BANT",
            progress: { positive: 2, total: 4, dimensions: [{ dimension: "budget", answer: "yes" }, { dimension: "need", answer: null }] } as never,
            stageChanged: true,
          }),
        ),
    ],
    ["/qualify's answer", () => shown(qualifiedReply(t, { lead, framework: "BANT", progress: { positive: 1, total: 4, dimensions: [] } as never, stageChanged: false }))],
    ["/qualify with an answer it cannot read", () => `${notAnAnswerText(t, "може")} ${whichLeadText(t)} ${didNotReadText(t)}`],
    ["a form's first question", () => message(formQuestion(progress(0), t))],
    ["a form's third question, with answers and a note above", () => message(formQuestion(progress(2), t))],
    ["a form's text question", () => message(formQuestion({ ...progress(0), fields: [{ id: "why", label: "Olena", kind: "text" }] }, t))],
    ["a stopped form", () => message(formStopped(title, t))],
    ["the prompt for a note", () => { const p = notePrompt({ id: "1", name: "Olena" }, "Olena", t); return `${message({ lines: p.lines })}\n${p.placeholder}`; }],
    ["a form with every question skipped", () => shown(formUnchangedReply(title, t))],
    ["/cancel", () => `${formCancelText(true, t)}\n${formCancelText(false, t)}`],
    ...(["notYours", "stale", "ended", "stopped", "busy", "notAnOption", "answered"] as const).map((o) => [`a press told "${o}"`, () => formPress(o, t).text] as const),
  ] as Array<readonly [string, () => string]>)("in %s", (_name, render) => {
    expect(untranslatedEnglish(render(), DATA_HERE)).toEqual([]);
  });

  it.each([
    ["a line without a slash", "hello"],
    ["an unknown command", "/nope"],
    ["a line too long", `/boom ${"x".repeat(9000)}`],
    ["a character the store refuses", "/boom \u0000"],
    ["a command that failed", "/boom"],
  ])("in the router's answer to %s", async (_name, text) => {
    expect(untranslatedEnglish(shown(await route(text)), DATA_HERE)).toEqual([]);
  });
});

// sources
describe("the pseudo-locale finds no English left in /sources", () => {
  const now = new Date("2026-03-10T09:00:00Z");
  const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const overview: SourcesOverview = {
    sources: [
      { key: "a", library: "analytics.js", apiKeyId: 1, keyName: "website-tracking", firstSeenAt: days(30), lastSeenAt: now, messages: 1234 },
      { key: "b", library: "analytics-node", apiKeyId: null, keyName: null, firstSeenAt: days(3), lastSeenAt: days(1), messages: 1 },
      { key: "c", library: "rudder-sdk-js", apiKeyId: 2, keyName: null, firstSeenAt: days(2), lastSeenAt: days(2), messages: 3 },
    ],
    unmapped: [
      { name: "/pricing/enterprise", kind: "page", count: 5, lastSeenAt: days(1), suggestion: "pricing_page" },
      { name: "Trial Started", kind: "track", count: 1, lastSeenAt: now, suggestion: null },
    ],
    moreUnmapped: 3,
    mappings: [{ pattern: "/pricing*", type: "pricing_page" }],
    defaults: true,
    ruleTypes: ["pricing_page", "demo_request"],
  };
  const edit = { kind: "map" as const, pattern: "Trial Started", type: "demo_request" };
  const preview = (retyped: number, anonymous: number): MappingPreview => ({
    edit,
    eventsRetyped: retyped,
    anonymousRetyped: anonymous,
    token: "0123abcd",
    leadsScored: 4,
    tierCounts: [],
    movedUp: [],
    movedDown: [],
    biggestMovers: [{ id: 1, name: "Jana Novak", fromTier: "Hot", fromScore: 1, toTier: "Hot", toScore: 2 }],
  } as unknown as MappingPreview);
  // Data: libraries, names and patterns people or their tools chose; the README section named.
  const DATA_HERE = [...DATA, "analytics.js", "analytics-node", "rudder-sdk-js", "Trial Started", "Segment", "RudderStack", "API", "README", "Connect your website and tools"];
  /** The preview's own words: the tier counts and movers below them are weights-preview.view's, not converted here. */
  const ownPart = (r: Reply) => ({ ...r, blocks: r.blocks.filter((b) => b.type !== "list" && b.type !== "fields") });

  it.each([
    ["/sources", () => shown(sourcesReply(overview, now, t))],
    ["/sources with nothing yet", () => shown(sourcesReply({ ...overview, sources: [], unmapped: [], defaults: false }, now, t))],
    ["the choice of a rule type", () => shown(chooseTypeReply("Trial Started", ["demo_request"], t))],
    ["a preview retyping nothing", () => shown(ownPart(mappingPreviewReply(preview(0, 0), t)))],
    ["a preview retyping events", () => shown(ownPart(mappingPreviewReply(preview(2, 1), t)))],
    ["an unmapping's preview", () => shown(ownPart(mappingPreviewReply({ ...preview(1, 0), edit: { kind: "unmap", pattern: "Trial Started" } }, t)))],
    ["a mapping applied", () => shown(mappingAppliedReply({ edit, eventsRetyped: 3, leadsChanged: 1, nowInTopTier: 2, topTier: "Hot" }, t))],
    ["an unmapping applied", () => shown(mappingAppliedReply({ edit: { kind: "unmap", pattern: "Trial Started" }, eventsRetyped: 1, leadsChanged: 0, nowInTopTier: 0, topTier: "Hot" }, t))],
    ["a mapping change cancelled", () => shown(mappingCancelledReply(t))],
  ] as Array<readonly [string, () => string]>)("in %s", (_name, render) => {
    expect(untranslatedEnglish(render(), DATA_HERE)).toEqual([]);
  });

  it.each([
    ["/sources map without a pattern", "/sources map"],
    ["/sources map with too many words", "/sources map Trial Started demo_request"],
    ["/sources unmap without a pattern", "/sources unmap"],
    ["/sources with a bad confirmation", '/sources unmap "/pricing*" confirm=nope'],
    ["/sources with an option it does not take", '/sources unmap "/pricing*" force=yes'],
    ["/sources with a word it does not know", "/sources frobnicate"],
  ])("in %s", async (_name, text) => {
    const ctx = { languages: { answer: PSEUDO_LOCALE, channel: PSEUDO_LOCALE, private: PSEUDO_LOCALE } } as CommandContext;
    const answer = await sourcesCommand.run(parseLine(text)!, ctx);
    expect(answer.tone).toBe("usage");
    expect(untranslatedEnglish(shown(answer), [...DATA_HERE, "frobnicate", "confirm="])).toEqual([]);
  });
});
