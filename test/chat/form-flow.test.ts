/**
 * The step-by-step form engine (src/chat/form-flow.ts) through a fake screen, with no
 * platform: what it shows, what it keeps in the store between messages, and the one command it
 * submits at the end. Stored button commands (src/chat/buttons.ts) too.
 */
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { commandOfPayload, commandPayload, readCommandPayload } from "../../src/chat/buttons.js";
import { FormFlow, type FormBlock, type FormFiller, type FormScreen, type Where } from "../../src/chat/form-flow.js";
import type { FormMessage, MessageRef } from "../../src/chat/form-model.js";
import { reply, type Reply } from "../../src/chat/reply.js";
import { plainLines } from "../../src/chat/rich-text.js";
import type { Router } from "../../src/chat/router.js";
import { renderText } from "../../src/chat/text.render.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });
let store: StoreHandle;
let team: TeamFixture;
let submitted: string[];
let forms: FormFlow;

/** Stands in for the router: records the submitted line and answers with it. */
const route: Router = async (line) => {
  submitted.push(line);
  return reply([{ type: "text", text: `saved: ${line}` }]);
};

/** A screen that keeps every message it was asked to show, by id, as plain text with its button labels. */
function fakeScreen() {
  const messages = new Map<MessageRef, { text: string; buttons: string[]; presses: FormMessage["buttons"] }>();
  const shown: Array<{ reply: Reply; where: Where }> = [];
  const notes: Array<{ text: string; placeholder: string; replyTo: MessageRef }> = [];
  let nextId = 100;
  const keep = (id: MessageRef, message: FormMessage) =>
    messages.set(id, { text: plainLines(message.lines), buttons: (message.buttons ?? []).flat().map((b) => b.label), presses: message.buttons });
  const screen: FormScreen = {
    async edit(id, message) {
      if (!messages.has(id)) return false;
      keep(id, message);
      return true;
    },
    async post(message) {
      const id = nextId++;
      keep(id, message);
      return id;
    },
    async settle(id) {
      const message = messages.get(id);
      if (message) messages.set(id, { ...message, buttons: [], presses: [] });
    },
    async askNote(prompt, replyTo) {
      notes.push({ text: plainLines(prompt.lines), placeholder: prompt.placeholder, replyTo });
    },
    async show(answer, where) {
      shown.push({ reply: answer, where });
    },
  };
  /** The press behind the button labelled `label` on message `id`. */
  const button = (id: MessageRef, label: string) => {
    const found = messages.get(id)?.presses?.flat().find((b) => b.label === label);
    if (!found) throw new Error(`no button ${label} on message ${String(id)}: ${messages.get(id)?.buttons.join(", ")}`);
    return found.press;
  };
  return { screen, messages, shown, notes, button };
}

const bant: FormBlock = {
  type: "form",
  id: "qualify",
  title: "BANT for Jana Novak",
  submit: "/qualify #7",
  fields: ["Budget", "Authority", "Need", "Timing"].map((label) => ({ id: label.toLowerCase(), label, kind: "choice" as const, options: ["yes", "no", "unknown"], initial: "unknown" })),
};

beforeAll(async () => {
  store = await createTestStore("pglite");
});
afterAll(async () => store?.close());
beforeEach(async () => {
  team = await buildTeam(store.prisma);
  submitted = [];
  forms = new FormFlow({ deps: team.deps, log, route });
});

const filler = (overrides: Partial<FormFiller> = {}): FormFiller => ({
  platform: "telegram",
  chatId: `-5${team.teamId}`,
  personId: "1003",
  name: "Rita Rep",
  actor: team.rep,
  ...overrides,
});

describe("the step-by-step form engine", () => {
  it("asks one question at a time, keeps the answers between messages, and submits them once at the end", async () => {
    const { screen, messages, shown, button } = fakeScreen();
    await forms.start(filler(), screen, bant, { replyTo: 1 });
    const [question] = [...messages.keys()];
    expect(messages.get(question!)).toMatchObject({ buttons: ["Yes", "No", "Unknown", "✎ Note", "Skip", "Cancel"] });
    expect(messages.get(question!)!.text).toMatch(/^BANT for Jana Novak · 1\/4\n\nBudget\? \(now unknown\)\nTap an answer/);

    expect(await forms.press(filler(), screen, button(question!, "Yes"), question!)).toEqual({});
    expect(messages.get(question!)!.text).toMatch(/2\/4\nBudget: yes\n\nAuthority\?/);
    expect(await store.prisma.chatFlow.count({ where: { teamId: team.teamId } })).toBe(1);

    // A new engine (a restart) carries on from the store.
    forms = new FormFlow({ deps: team.deps, log, route });
    await forms.press(filler(), screen, button(question!, "No"), question!);
    await forms.press(filler(), screen, button(question!, "Skip"), question!);
    expect(submitted).toEqual([]); // nothing is saved before the end
    await forms.press(filler(), screen, button(question!, "Unknown"), question!);

    expect(submitted).toEqual(['/qualify #7 budget="yes" authority="no" timing="unknown"']);
    expect(shown.map((s) => [renderText(s.reply).text, s.where])).toEqual([[`saved: ${submitted[0]}`, { replace: question }]]);
    expect(await store.prisma.chatFlow.count({ where: { teamId: team.teamId } })).toBe(0);
  });

  it("takes typed answers with notes, and a note asked for with ✎ Note", async () => {
    const { screen, messages, notes, button } = fakeScreen();
    await forms.start(filler(), screen, bant, {});
    await forms.typed(filler(), screen, "no - budget frozen until May", 11);
    const second = [...messages.keys()].at(-1)!;
    await forms.press(filler(), screen, button(second, "✎ Note"), second);
    expect(notes).toEqual([{ text: "✎ Rita Rep, your note on Authority? Reply to this message.", placeholder: "Note on Authority", replyTo: second }]);
    await forms.typed(filler(), screen, 'the CFO "signs"', 12);
    const third = [...messages.keys()].at(-1)!;
    expect(messages.get(third)!.text).toMatch(/Authority\? \(now unknown\)\n✎ the CFO "signs"/);
    await forms.press(filler(), screen, button(third, "Skip"), third);
    await forms.typed(filler(), screen, "yes", 13);
    await forms.typed(filler(), screen, "unknown", 14);
    expect(submitted).toEqual([`/qualify #7 budget="no: budget frozen until May" authority="unknown: the CFO 'signs'" need="yes" timing="unknown"`]);
  });

  it("tells someone pressing another person's form that it is not theirs, and changes nothing", async () => {
    const { screen, messages, button } = fakeScreen();
    await forms.start(filler(), screen, bant, {});
    const [question] = [...messages.keys()];
    const other = filler({ personId: "1004", name: "Ron Rep", actor: team.otherRep });
    expect(await forms.press(other, screen, button(question!, "Yes"), question!)).toEqual({ text: expect.stringMatching(/not yours/), alert: true });
    expect(messages.get(question!)!.text).toMatch(/1\/4/);
  });

  it("shows the current question again when an old one is pressed", async () => {
    const { screen, messages, button } = fakeScreen();
    await forms.start(filler(), screen, bant, {});
    const [question] = [...messages.keys()];
    const oldYes = button(question!, "Yes");
    await forms.press(filler(), screen, oldYes, question!);
    expect(await forms.press(filler(), screen, oldYes, question!)).toEqual({ text: "That question is already answered; here is the current one." });
    expect(messages.get(question!)!.text).toMatch(/2\/4/);
  });

  it("stops without saving on Cancel, and /cancel finds nothing left to stop", async () => {
    const { screen, messages, button } = fakeScreen();
    await forms.start(filler(), screen, bant, {});
    const [question] = [...messages.keys()];
    await forms.press(filler(), screen, button(question!, "Yes"), question!);
    expect(await forms.press(filler(), screen, button(question!, "Cancel"), question!)).toEqual({ text: "Stopped. Nothing was saved." });
    expect(messages.get(question!)).toMatchObject({ text: "BANT for Jana Novak: stopped. Nothing was saved.", buttons: [] });
    expect(await forms.cancel(filler(), screen)).toBe(false);
    expect(submitted).toEqual([]);
  });

  it("says nothing changed when every question was skipped, without submitting", async () => {
    const { screen, messages, shown, button } = fakeScreen();
    await forms.start(filler(), screen, bant, {});
    const [question] = [...messages.keys()];
    for (let step = 0; step < 4; step += 1) await forms.press(filler(), screen, button(question!, "Skip"), question!);
    expect(submitted).toEqual([]);
    expect(renderText(shown[0]!.reply).text).toBe("BANT for Jana Novak: nothing changed (every question skipped).");
  });

  it("drops a form started for another team when the chat now acts for a different one", async () => {
    const { screen } = fakeScreen();
    await forms.start(filler(), screen, bant, {});
    const elsewhere = await buildTeam(store.prisma, { name: "Other" });
    expect(await forms.typed(filler({ actor: elsewhere.rep }), screen, "yes", 5)).toBe(false);
    expect(await store.prisma.chatFlow.count({ where: { teamId: team.teamId } })).toBe(0);
  });
});

describe("a button's command payload", () => {
  it("carries a command that fits, and stores one that does not (counting bytes, not characters)", async () => {
    expect(await commandPayload(team.deps, "/lead claim #3", 63)).toBe("/lead claim #3");
    const long = `/lead status ${"ä".repeat(26)}`; // 39 characters, 65 bytes
    const payload = await commandPayload(team.deps, long, 63);
    expect(payload).toMatch(/^#[\w-]{12}$/);
    const read = readCommandPayload(payload)!;
    expect(read).toEqual({ kind: "stored", id: payload.slice(1) });
    expect(await commandOfPayload(team.deps, read)).toBe(long);
  });

  it("reads back only what it made, and an expired command as null", async () => {
    expect(readCommandPayload("zz")).toBeNull();
    expect(readCommandPayload("#")).toBeNull();
    expect(await commandOfPayload(team.deps, { kind: "stored", id: "gone-long-ago" })).toBeNull();
  });
});
