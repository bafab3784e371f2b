/**
 * /log and /lead read what a reader types in the language they are answered in, and answer in
 * it: a Ukrainian reader's "/log #id не відповів" and "/lead list гарячі".
 */
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import type { AnswerLanguages } from "../../src/chat/command-context.js";
import { renderText } from "../../src/chat/text.render.js";
import type { Actor } from "../../src/services/actor.js";
import { recordEvent } from "../../src/services/lead.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });
const UKRAINIAN: AnswerLanguages = { answer: "uk", channel: "uk", private: "uk" };
const POLISH: AnswerLanguages = { answer: "pl", channel: "pl", private: "pl" };

describe("a reader's own words in /log and /lead", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  let jana: { id: number };
  const say = async (actor: Actor, text: string, languages?: AnswerLanguages) => {
    const reply = await handleLine(text, { deps: team.deps, actor, ...(languages ? { languages } : {}) }, log);
    return renderText(reply).text;
  };

  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    team = await buildTeam(store.prisma);
    jana = await buildLead(team, { name: "Jana Novak", company: "Acme Logistics", email: "jana@acme.example" });
  });

  it("logs a Ukrainian reader's \"не відповів\" and answers in Ukrainian", async () => {
    const text = await say(team.rep, `/log #${jana.id} не відповів передзвонити`, UKRAINIAN);
    expect(text).toMatch(/^Записано для #\d+ Jana Novak: не відповів\./);
    const call = await store.prisma.callLog.findFirstOrThrow({ where: { leadId: jana.id } });
    expect({ outcome: call.outcome, note: call.note }).toEqual({ outcome: "no_answer", note: "передзвонити" });
  });

  it("asks a Ukrainian reader for the outcome with Ukrainian buttons, and says a wrong one in Ukrainian", async () => {
    const reply = await handleLine(`/log #${jana.id}`, { deps: team.deps, actor: team.rep, languages: UKRAINIAN }, log);
    const buttons = reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));
    expect(buttons.find((b) => b.command === `/log #${jana.id} no_answer`)?.label).toBe("Без відповіді");
    expect(await say(team.rep, "/log jana бла", UKRAINIAN)).toMatch(/^«бла» — не результат дзвінка\.\n\s*Як писати: \/log <lead> <outcome> \[note\]/);
  });

  it("lists a Ukrainian reader's \"гарячі\" leads under a Ukrainian title", async () => {
    await recordEvent(team.deps, team.rep, `#${jana.id}`, { type: "purchase" });
    await recordEvent(team.deps, team.rep, `#${jana.id}`, { type: "demo_request" });
    const text = await say(team.rep, "/lead list гарячі", UKRAINIAN);
    expect(text).toMatch(/^Гарячі ліди \(1 з 1\)\n[\s\S]*Jana Novak[\s\S]*без відповідального/);
    expect(await say(team.rep, "/lead list холодні", UKRAINIAN)).toMatch(/^Холодні ліди: зараз немає\./);
    expect(await say(team.rep, "/lead list гарячі бла", UKRAINIAN)).toMatch(/^«бла» — не фільтр і не число від 1 до 100\./);
  });

  it("reads the reader's language first, then English: a Polish reader's Ukrainian word is not a filter", async () => {
    expect(await say(team.rep, "/lead list gorące", POLISH)).toMatch(/^Gorące leady/);
    expect(await say(team.rep, "/lead list hot", POLISH)).toMatch(/^Gorące leady/);
    expect(await say(team.rep, "/lead list гарячі", POLISH)).toMatch(/^„гарячі” to nie filtr/);
  });

  it("still answers in English with no answer languages, reading every vocabulary", async () => {
    expect(await say(team.rep, `/log #${jana.id} не відповів`)).toMatch(/^Logged no answer for #\d+ Jana Novak\./);
  });
});
