/**
 * The platforms' own words rendered in the pseudo-locale en-XA: what a renderer adds to a reply
 * (a form shown as text, a message cut short, a modal's buttons), the notices a transport says
 * itself (an expired button, a failure, where a private answer went, /cancel), and the tier
 * movements of a /sources mapping preview. Any plain English left did not come from a catalog.
 */
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/chat/command-context.js";
import { commandRouter } from "../../src/chat/router.js";
import { reply, type Reply } from "../../src/chat/reply.js";
import { renderText } from "../../src/chat/text.render.js";
import { PSEUDO_LOCALE, translator } from "../../src/i18n/index.js";
import { renderBlockKit } from "../../src/platforms/slack/block-kit.render.js";
import { renderModal } from "../../src/platforms/slack/modal.render.js";
import { renderHtml } from "../../src/platforms/telegram/html.render.js";
import type { MappingPreview } from "../../src/services/sources.service.js";
import { formCancelText } from "../../src/views/form.view.js";
import * as platform from "../../src/views/platform.view.js";
import { mappingPreviewReply } from "../../src/views/sources.view.js";
import { leadsOfferReply } from "../../src/views/team.view.js";
import { leftHowText, type LeftHow } from "../../src/services/team-admin.service.js";
import { DATA, shown } from "./pseudo-fixtures.js";
import { untranslatedEnglish } from "./untranslated.js";

const t = translator(PSEUDO_LOCALE);

/** A form block as a command answers with it: its title and labels are the view's (data here), its options what people type. */
const form: Reply = {
  ...reply([
    {
      type: "form",
      id: "qualify",
      title: "Jana Novak",
      submit: "/qualify #7",
      fields: [
        { id: "budget", label: "Olena", kind: "choice", options: ["ja", "nej", "vielleicht"], initial: "vielleicht" },
        { id: "note", label: "Acme", kind: "text" },
      ],
    },
  ]),
  locale: PSEUDO_LOCALE,
};
// Typed answers stay as typed in every language (here words no catalog says, so that a "now" left in English is seen).
const FORM_DATA = [...DATA, "ja", "nej", "vielleicht"];

describe("the pseudo-locale finds no English left in the platforms' own words", () => {
  it("in a form shown as text by the text renderer", () => {
    expect(untranslatedEnglish(renderText(form).text, FORM_DATA)).toEqual([]);
  });

  it("in a form shown as text in Slack, and its fallback text", () => {
    const message = renderBlockKit(form);
    expect(untranslatedEnglish(`${JSON.stringify(message.blocks.map((b) => ("text" in b ? b.text : null)))}\n${message.text}`.replace(/"(type|text|mrkdwn|section)"/g, " "), FORM_DATA)).toEqual([]);
  });

  it("in a form shown as text in Telegram", () => {
    expect(untranslatedEnglish(renderHtml(form).parts.join("\n").replace(/<\/?b>/g, " "), FORM_DATA)).toEqual([]);
  });

  it("in a Slack message cut short", () => {
    const long: Reply = { ...reply(Array.from({ length: 80 }, () => ({ type: "text" as const, text: "Jana Novak" }))), locale: PSEUDO_LOCALE };
    const last = renderBlockKit(long).blocks.at(-1) as { elements: Array<{ text: string }> };
    expect(untranslatedEnglish(last.elements[0]!.text)).toEqual([]);
  });

  it("in a Slack modal's buttons and menu", () => {
    const modal = renderModal(
      { type: "form", id: "f", title: "Acme", submit: "/qualify #7", fields: [{ id: "stage", label: "Olena", kind: "choice", options: ["a1", "b1", "c1", "d1", "e1", "f1"] }] },
      { submit: "/qualify #7" },
      t,
    );
    const select = modal.blocks.find((b) => b.type === "input") as { element: { placeholder: { text: string } } };
    expect(untranslatedEnglish([modal.submit!.text, modal.close!.text, select.element.placeholder.text].join("\n"))).toEqual([]);
  });

  it.each([
    ["a failure", () => platform.sorryText(t)],
    ["a button this bot cannot read", () => platform.buttonGoneText("broken", t)],
    ["an expired button", () => platform.buttonGoneText("expired", t)],
    ["the button to open a form again", () => platform.openFormLabel(t)],
    ["files sent to a Slack DM", () => `${platform.filesInDmNote(1, t)}\n${platform.filesInDmNote(3, t)}`],
    ["an anonymous group admin", () => platform.anonymousAdminText(t)],
    ["how to start the bot", () => `${platform.startHintText("lead_bot", t)}\n${platform.startHintText(undefined, t)}`],
    ["a private answer that could not go privately", () => platform.onlyPrivatelyText(platform.startHintText("lead_bot", t), t)],
    ["a private answer sent privately", () => platform.sentPrivatelyText(t)],
    ["files sent to the group, and how to get them privately", () => `${platform.filesHintText(1, "lead_bot", t)}\n${platform.filesHintText(2, undefined, t)}`],
    ["files sent privately", () => `${platform.filesSentText(1, t)}\n${platform.filesSentText(2, t)}`],
    ["buttons without words", () => platform.buttonsBelowText(t)],
    ["how to import a file in Slack", () => platform.importUsageText(t)],
    ["a shared file we failed to read", () => platform.fileFailedText(t)],
    ...(
      [
        { kind: "telegramFailed", name: "leads.csv", status: 502 },
        { kind: "slackNoDownload", name: "leads.csv" },
        { kind: "slackWebPage", name: "leads.csv" },
        { kind: "slackRedirected", name: "leads.csv" },
        { kind: "slackLater", name: "leads.csv", status: 503 },
        { kind: "slackRefused", name: "leads.csv", status: 403 },
      ] as const
    ).map((p): [string, () => string] => [`a file that could not be fetched (${p.kind})`, () => platform.downloadProblemText(p, t)]),
    ["/cancel on Telegram", () => `${formCancelText(true, t)}\n${formCancelText(false, t)}`],
  ] as Array<[string, () => string]>)("in %s", (_name, render) => {
    // CSV and XLSX are the files' formats, named the same in every language; so are a file's name, the platforms and the README.
    expect(untranslatedEnglish(render(), [...DATA, "@lead_bot", "CSV", "XLSX", "leads.csv", "files:read", "HTTP", "Slack", "Telegram", "README"])).toEqual([]);
  });

  it("in a /sources mapping preview with its tier movements", () => {
    const mover = (id: number) => ({ id, name: "Jana Novak", fromTier: "Hot", fromScore: 40, toTier: "Hot", toScore: 75 });
    const preview = {
      edit: { kind: "map", pattern: "Trial Started", type: "demo_request" },
      eventsRetyped: 3,
      anonymousRetyped: 1,
      token: "0123abcd",
      leadsScored: 4,
      tierCounts: [{ tier: "hot", label: "Hot", before: 2, after: 3 }],
      movedUp: Array.from({ length: 10 }, (_, i) => mover(i + 1)),
      movedDown: [mover(20)],
      biggestMovers: [],
    } as unknown as MappingPreview;
    expect(untranslatedEnglish(shown(mappingPreviewReply(preview, t)), [...DATA, "Trial Started"])).toEqual([]);
    const calm = { ...preview, movedUp: [], movedDown: [], biggestMovers: [mover(1)] } as unknown as MappingPreview;
    expect(untranslatedEnglish(shown(mappingPreviewReply(calm, t)), [...DATA, "Trial Started"])).toEqual([]);
  });
});

describe("the language of a renderer's own words", () => {
  it("is the one the router's answer was written in, by its visibility", async () => {
    const ctx = {
      deps: {} as CommandContext["deps"],
      actor: { teamId: 1, memberId: 1 } as CommandContext["actor"],
      languages: { answer: "uk", channel: "pl", private: "ru" },
    } satisfies CommandContext;
    const said = (visibility: Reply["visibility"]) => ({ name: visibility, run: () => Promise.resolve(reply([form.blocks[0]!], { visibility })) });
    const route = commandRouter([said("ephemeral"), said("channel"), said("private")]);
    const silent = pino({ level: "silent" });
    expect((await route("/ephemeral", ctx, silent)).locale).toBe("uk");
    expect((await route("/channel", ctx, silent)).locale).toBe("pl");
    const secret = await route("/private", ctx, silent);
    expect(secret.locale).toBe("ru");
    expect(renderText(secret).text).toMatch(/Olena \(ja\/nej\/vielleicht\): сейчас vielleicht/);
  });
});

describe("how someone left, in the leads offer to the admins", () => {
  const offer = (left: LeftHow) => ({ teamName: "Sales", member: { id: 4, name: "Rita Rep", how: leftHowText(left), left }, openLeads: 3, teammates: [{ id: 5, name: "Anna Top" }], adminName: "Olena" });
  const ways: LeftHow[] = [{ kind: "left" }, { kind: "removed", by: "Anna Top" }, { kind: "deactivated" }];

  it.each(ways.map((w) => [w.kind, w] as const))("is worded by the catalogs (%s)", (_kind, left) => {
    expect(untranslatedEnglish(shown(leadsOfferReply(offer(left), t)), [...DATA, "Slack"])).toEqual([]);
  });

  it.each(ways.map((w) => [w.kind, w] as const))("reads in English as the stored words always did (%s)", (_kind, left) => {
    const en = translator("en");
    const { left: _structured, ...member } = offer(left).member;
    expect(renderText(leadsOfferReply(offer(left), en)).text).toBe(renderText(leadsOfferReply({ ...offer(left), member }, en)).text);
  });
});
