/**
 * A team that keeps the default rules reads their labels, tier names and next actions in its
 * language: a Ukrainian team's hot-lead alert and a Polish reader's /lead status and /weights.
 * A label a manager typed stays exactly as typed. And /weights in plain words understands each
 * default label as it is shown in each language.
 */
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import type { AnswerLanguages } from "../../src/chat/command-context.js";
import type { Reply } from "../../src/chat/reply.js";
import { renderText } from "../../src/chat/text.render.js";
import { defaultScoringConfig } from "../../src/domain/default-rules.js";
import { readWeightsPhrase } from "../../src/domain/weights-phrase.js";
import { translator, type MessageKey } from "../../src/i18n/index.js";
import type { VocabularyLanguage } from "../../src/i18n/vocabulary/index.js";
import { recordEvent } from "../../src/services/lead.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { setTeamChannel } from "../../src/store/team.repository.js";
import { renderOutboxPayload } from "../../src/views/outbox-views.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });
const POLISH: AnswerLanguages = { answer: "pl", channel: "pl", private: "pl" };

describe("default rule labels, tier names and next actions in the team's language", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  let jana: { id: number };
  const say = async (text: string, languages?: AnswerLanguages) =>
    renderText(await handleLine(text, { deps: team.deps, actor: team.manager, ...(languages ? { languages } : {}) }, log)).text;
  /** The alert queued for the team's chat, as delivered in `locale`. */
  const alertIn = async (locale: string) => {
    const row = await store.prisma.outbox.findFirstOrThrow({ where: { teamId: team.teamId, kind: "alert" } });
    const rendered = renderOutboxPayload(row.payload, locale);
    if (!rendered.ok) throw new Error(rendered.reason);
    return renderText(rendered.reply as Reply).text;
  };

  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    team = await buildTeam(store.prisma);
    await setTeamChannel(store.store.db, team.teamId, "slack", "C-SALES");
    jana = await buildLead(team, { name: "Jana Novak", company: "Acme" });
  });

  const makeHot = async () => {
    await recordEvent(team.deps, team.rep, `#${jana.id}`, { type: "purchase" });
    await recordEvent(team.deps, team.rep, `#${jana.id}`, { type: "demo_request" });
  };

  it("a Ukrainian team's alert says the default tier, next action and reasons in Ukrainian; English stays as it was", async () => {
    await makeHot();
    const uk = await alertIn("uk");
    expect(uk).toMatch(/^Гарячий лід: Jana Novak · Acme/);
    expect(uk).toContain("Зателефонувати сьогодні");
    expect(uk).toContain("Покупка");
    expect(uk).toContain("Запит на демо");
    expect(uk).not.toMatch(/Hot|Call today|Purchase|Demo request/);
    const en = await alertIn("en");
    expect(en).toMatch(/^Hot lead: Jana Novak · Acme/);
    for (const words of ["Call today", "Purchase", "Demo request"]) expect(en).toContain(words);
  });

  it("a label, tier name and action the team typed stay as typed in Ukrainian", async () => {
    await store.prisma.rule.updateMany({ where: { teamId: team.teamId, key: "purchase" }, data: { label: "Купив у нас раніше" } });
    const tiers = defaultScoringConfig().tiers.map(({ key, label, min, action }) =>
      key === "hot" ? { key, label: "Палаючий", min, action: "Call within the hour" } : { key, label, min, action },
    );
    await store.prisma.team.update({ where: { id: team.teamId }, data: { tiers } });
    await makeHot();
    const uk = await alertIn("uk");
    expect(uk).toMatch(/^Палаючий лід: Jana Novak/);
    expect(uk).toContain("Call within the hour");
    expect(uk).toContain("Купив у нас раніше");
    expect(uk).toContain("Запит на демо");
  });

  it("a Polish reader's /lead status and /weights say the default words in Polish, and the team's own as typed", async () => {
    await store.prisma.rule.updateMany({ where: { teamId: team.teamId, key: "purchase" }, data: { label: "Bought from us before" } });
    await makeHot();
    const status = await say(`/lead status #${jana.id}`, POLISH);
    expect(status).toContain("Gorący");
    expect(status).toContain("Zadzwoń dziś");
    expect(status).toContain("Prośba o demo");
    expect(status).toContain("Bought from us before");
    expect(status).toContain("zaliczono: 1");
    const rules = await say("/weights", POLISH);
    expect(rules).toContain("demo_request · Prośba o demo");
    expect(rules).toContain("purchase · Bought from us before");
    expect(rules).toContain("pricing_page · Wyświetlenie cennika");
    // The same team in English: the stored default words.
    expect(await say(`/lead status #${jana.id}`)).toMatch(/Hot[\s\S]*Call today[\s\S]*Demo request · 1 counted/);
  });
});

describe("/weights in plain words understands each default label as each language shows it", () => {
  const config = defaultScoringConfig();
  const languages: VocabularyLanguage[] = ["en", "uk", "ru", "pl", "ro"];
  const cases = languages.flatMap((language) => config.rules.map((rule) => [language, rule.key] as const));

  it.each(cases)("in %s: %s", (language, key) => {
    const label = translator(language).t(`rule.${key}.label` as MessageKey);
    const reading = readWeightsPhrase(`${label} 35`, config, { language });
    // BANT and CHAMP share "Talking to the decision maker": the bot asks which one.
    const named =
      reading.kind === "edit" && reading.edit.kind === "set"
        ? [reading.edit.key]
        : reading.kind === "ambiguous"
          ? reading.choices.map((c) => c.rule.key)
          : [];
    expect(named).toContain(key);
    if (!key.endsWith("_authority")) expect(named).toEqual([key]);
  });
});
