/**
 * Values typed in the reader's language, through the real commands on PGlite: command names
 * stay Latin, the words after them may be Ukrainian, Russian, Polish or Romanian.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { matchOption } from "../../src/chat/form-model.js";
import type { Actor } from "../../src/services/actor.js";
import { recordEvent } from "../../src/services/lead.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { sayAs } from "../support/chat.js";


describe("values typed in the reader's language", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  let jana: { id: number };
  const say = (actor: Actor, text: string) => sayAs(team, actor, text);

  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    team = await buildTeam(store.prisma);
    jana = await buildLead(team, { name: "Jana Novak", company: "Acme Logistics", email: "jana@acme.example" });
  });

  it.each([
    ["/log Jana Novak не відповів передзвонити завтра", "no_answer", "передзвонити завтра"],
    ["/log jana не взяла слухавку", "no_answer", null],
    ["/log jana недозвон", "no_answer", null],
    ["/log jana nie odebrał, oddzwonić jutro", "no_answer", "oddzwonić jutro"],
    ["/log jana n-a răspuns", "no_answer", null],
    ["/log jana зустріч призначена вівторок 10:00", "meeting_booked", "вівторок 10:00"],
    ["/log jana не интересно", "not_interested", null],
    ["/log jana no answer", "no_answer", null],
  ])("logs %j as %s", async (text, outcome, note) => {
    const answer = await say(team.rep, text);
    expect(answer.text).toMatch(/^Logged /);
    const call = await store.prisma.callLog.findFirstOrThrow({ where: { leadId: jana.id } });
    expect({ outcome: call.outcome, note: call.note?.replace(/^,\s*/, "") ?? null }).toEqual({ outcome, note });
  });

  it.each([
    ["/log jana угоду закрито", "won"],
    ["/log jana wygrana", "won"],
    ["/log jana pierdut", "lost"],
    ["/log jana сделка сорвалась", "lost"],
  ])("closes the lead on %j (%s)", async (text, stage) => {
    const answer = await say(team.rep, text);
    expect(answer.text).toMatch(/Stage: /);
    expect(await store.prisma.lead.findUniqueOrThrow({ where: { id: jana.id } })).toMatchObject({ stage });
  });

  it("still says which word is no outcome", async () => {
    expect((await say(team.rep, "/log jana передзвонити")).text).toMatch(/"передзвонити" is not a call outcome/);
  });

  it("takes BANT answers in each language, with notes", async () => {
    const answer = await say(team.rep, '/qualify jana budget=так authority="ні: говоримо з асистентом" need=tak timing="nu știu"');
    expect(answer.text).toMatch(/BANT for #\d+ Jana Novak: 2\/4 positive/);
    const rows = await store.prisma.qualification.findMany({ where: { leadId: jana.id }, orderBy: { dimension: "asc" } });
    expect(rows.map((r) => [r.dimension, r.answer, r.note])).toEqual([
      ["authority", "no", "говоримо з асистентом"],
      ["budget", "yes", null],
      ["need", "yes", null],
      ["timing", "unknown", null],
    ]);
    expect((await say(team.rep, "/qualify jana budget=може")).text).toMatch(/"може" is not an answer/);
  });

  it("lists and exports leads by tier and filter words in each language", async () => {
    await recordEvent(team.deps, team.rep, `#${jana.id}`, { type: "purchase" });
    await recordEvent(team.deps, team.rep, `#${jana.id}`, { type: "demo_request" });
    for (const filter of ["гарячі", "горячие", "gorące", "fierbinti", "hot"]) {
      expect((await say(team.rep, `/lead list ${filter}`)).text).toMatch(/^Hot leads \(1 of 1\)\n[\s\S]*Jana Novak/);
    }
    expect((await say(team.rep, "/lead list холодні")).text).toMatch(/Cold leads: none right now/);
    expect((await say(team.rep, "/lead list bez właściciela 5")).text).toMatch(/^Unclaimed leads \(1 of 1\)/);
    expect((await say(team.rep, "/lead list гарячі бла")).text).toMatch(/"бла" is not a filter or a number from 1 to 100/);
    const file = await say(team.manager, "/lead export xlsx гарячі");
    expect(file.text).toMatch(/Here is 1 hot lead as XLSX/);
  });

  it("snoozes alerts for a period said in words", async () => {
    const now = team.time.clock().getTime();
    await say(team.rep, "/lead snooze Jana Novak 2 дні");
    const lead = await store.prisma.lead.findUniqueOrThrow({ where: { id: jana.id } });
    expect(lead.snoozedUntil?.getTime()).toBe(now + 2 * 86_400_000);
    await say(team.rep, "/lead snooze jana 3 godziny");
    expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: jana.id } })).snoozedUntil?.getTime()).toBe(now + 3 * 3_600_000);
  });

  it.each([
    ["/team stats цей тиждень", /this week/],
    ["/team stats ostatnie 7 dni", /last 7 days/],
    ["/team stats luna curentă", /this month/],
    ["/team stats 90 дней", /last 90 days/],
  ])("reads %j as a stats period", async (text, label) => {
    expect((await say(team.manager, text)).text).toMatch(label);
  });

  it("answers a step-by-step form question typed in words", () => {
    const options = ["yes", "no", "unknown"];
    expect(matchOption(options, "Так: CFO погодив")).toEqual({ option: "yes", note: "CFO погодив" });
    expect(matchOption(options, "nie wiem")).toEqual({ option: "unknown" });
    expect(matchOption(options, "нет - бюджет на следующий год")).toEqual({ option: "no", note: "бюджет на следующий год" });
    // A form whose options are not answers takes no answer words.
    expect(matchOption(["csv", "xlsx"], "так")).toBeNull();
  });
});
