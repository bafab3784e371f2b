/**
 * /lead export, /lead import, /admin and /hooks answer a reader in their language, through the
 * real commands on PGlite: a Ukrainian export, a Polish import (and a file it cannot read),
 * a Romanian admin's keys and outbox, a Russian manager's webhook sources.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AnswerLanguages, CommandContext } from "../../src/chat/command-context.js";
import type { IncomingFile } from "../../src/chat/reply.js";
import type { Actor } from "../../src/services/actor.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { addAdmin, sayAs } from "../support/chat.js";

const speaking = (code: "uk" | "ru" | "pl" | "ro"): AnswerLanguages => ({ answer: code, channel: code, private: code });
const csv = (filename: string, text: string): IncomingFile => ({ filename, contentType: "text/csv", data: new TextEncoder().encode(text) });

describe("lead files, /admin and /hooks in the reader's language", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  let admin: Actor;
  const say = (actor: Actor, text: string, languages: AnswerLanguages, more: Partial<CommandContext> = {}) => sayAs(team, actor, text, languages, more);

  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    team = await buildTeam(store.prisma);
    admin = await addAdmin(store, team);
  });

  it("exports a Ukrainian reader's leads with a Ukrainian answer and file title", async () => {
    await buildLead(team, { name: "Jana Novak", company: "Acme Logistics", email: "jana@acme.example" });
    const { reply, text } = await say(team.rep, "/lead export", speaking("uk"));
    expect(text).toMatch(/^Вивантажено 1 лід у CSV: leads-\d{4}-\d{2}-\d{2}\.csv\./);
    expect(reply.attachments?.[0]?.title).toBe("1 лід (CSV)");
    expect((await say(team.rep, "/lead export мої", speaking("uk"))).text).toMatch(/^Зараз немає ваших лідів для вивантаження\./);
  });

  it("imports a Polish reader's file, says it in Polish to the chat, and refuses a PDF in Polish", async () => {
    const file = csv("leady.csv", "email,name,cycle days\nola@acme.example,Ola Nowak,30\n,Bez Adresu,\njan@acme.example,Jan Kos,wkrótce\n");
    const { reply, text } = await say(team.rep, "/lead import", speaking("pl"), { files: [file] });
    expect(reply.visibility).toBe("channel");
    expect(text).toMatch(/^Zaimportowano leady\.csv: 1 nowy lead, zaktualizowano: 0, odrzucono 2 wiersze\./);
    expect(text).toMatch(/wiersz 3: lead potrzebuje adresu e-mail, telefonu albo zewnętrznego id/);
    expect(text).toMatch(/wiersz 4: cykl w dniach „wkrótce” to nie jest pełna liczba dni/);
    expect(reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions.map((a) => a.label) : []))).toEqual(["Gorące leady", "Wszystkie leady"]);
    const pdf: IncomingFile = { filename: "leady.pdf", contentType: "application/pdf", data: new TextEncoder().encode("%PDF-1.7") };
    expect((await say(team.rep, "/lead import", speaking("pl"), { files: [pdf] })).text).toMatch(/^leady\.pdf: Importuję pliki \.csv i \.xlsx, a leady\.pdf do nich nie należy\./);
    expect((await say(team.rep, "/lead import", speaking("pl"), { place: { platform: "telegram", channelId: "-100" } })).text).toMatch(/^Załącz plik CSV lub XLSX/);
  });

  it("lists a Romanian admin's API keys and outbox in Romanian", async () => {
    expect((await say(admin, "/admin apikey list", speaking("ro"))).text).toMatch(/^Încă nu există chei API\. Creează una cu \/admin apikey create <name>\./);
    await say(admin, "/admin apikey create website-tracking", speaking("ro"));
    expect((await say(admin, "/admin apikey list", speaking("ro"))).text).toMatch(/^Chei API:\n\s+• #\d+ {2}lsk_\S+… {2}website-tracking {2}\(creată azi, nefolosită încă\)/);
    expect((await say(admin, "/admin outbox", speaking("ro"))).text).toMatch(/^Coada de trimitere\n[\s\S]*în așteptare[\s\S]*Nu a eșuat nimic\./);
  });

  it("shows a Russian manager's webhook sources in Russian", async () => {
    expect((await say(team.manager, "/hooks", speaking("ru"))).text).toMatch(/^Источников вебхуков пока нет\./);
    const set = await say(team.manager, "/hooks set website-form email=/email type=demo_request", speaking("ru"));
    expect(set.text).toMatch(/^Источник вебхуков «website-form» добавлен\. Направьте форму или CRM на POST \/api\/v1\/hooks\/website-form/);
    expect((await say(team.manager, "/hooks", speaking("ru"))).text).toMatch(/^Источники вебхуков:\n\s+• website-form {2}POST \/api\/v1\/hooks\/website-form {2}\(доставок ещё не было\)/);
  });
});
