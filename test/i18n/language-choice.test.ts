/**
 * Which language the bot speaks to whom (README, "Languages"), through the one receive
 * pipeline on a real PGlite store: a new team starts in its founder's app language, each person
 * reads private answers in theirs (their choice first), a shared chat reads the team's.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { answerLanguages, Conversation, type Outcome } from "../../src/chat/conversation.js";
import type { Inbound, Person, Place } from "../../src/chat/inbound.js";
import { renderText } from "../../src/chat/text.render.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import type { StoreHandle } from "../../src/store/client.js";
import { renderOutboxPayload } from "../../src/views/outbox-views.js";
import { outboxPayload } from "../../src/services/outbox-message.js";
import { serviceDeps, testClock } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });
let store: StoreHandle;
let deps: ServiceDeps;
let conversation: Conversation;

beforeAll(async () => {
  store = await createTestStore("pglite");
  deps = serviceDeps(store, testClock().clock);
  conversation = new Conversation({ deps, log, route: handleLine, timezone: "UTC" });
});
afterAll(async () => store?.close());

let next = 0;
function newGroup(): Place {
  next += 1;
  return { platform: "telegram", team: { externalId: `-200${next}`, name: `Group ${next}`, alertsHere: true }, chatId: `-200${next}`, shared: true };
}
const slackChannel = (team: string): Place => ({ platform: "slack", team: { externalId: team, name: "Acme" }, chatId: "C1", shared: true, privateAnswers: true });
const person = (id: string, name: string, language?: string): Person => ({ platform: "telegram", externalId: id, displayName: name, ...(language ? { language } : {}) });
const say = (place: Place, who: Person, line: string): Promise<Outcome> => conversation.receive({ place, person: who, input: { kind: "command", line } } satisfies Inbound);
const words = (outcome: Outcome): string => renderText(outcome.ok ? outcome.reply : outcome.notice.reply).text;
const languagesOf = async (place: Place, who: Person) => {
  const standing = await conversation.identify(place, who);
  if (!standing.ok) throw new Error("not a member");
  return standing.actor.languages;
};

describe("choosing the language", () => {
  it("starts a new team in its founder's app language, and each person in theirs", async () => {
    const group = newGroup();
    const olena = person("1", "Olena", "uk");
    await say(group, olena, "/me");
    expect(await languagesOf(group, olena)).toEqual({ person: "uk", team: "uk", platform: "uk" });
    const marek = person("2", "Marek", "pl");
    expect(await languagesOf(group, marek)).toEqual({ person: "pl", team: "uk", platform: "pl" });
  });

  it("answers in a shared group in the team's language, and privately in the person's", async () => {
    const group = newGroup();
    const olena = person("11", "Olena", "uk");
    const marek = person("12", "Marek", "pl");
    await say(group, olena, "/me");
    expect(words(await say(group, marek, "/me"))).toMatch(/^Ваша мова/);
    expect(words(await say({ platform: "telegram", team: null, chatId: "12", shared: false }, marek, "/me"))).toMatch(/^Twój język/);
    const marekActor = { teamId: 0, memberId: 0, role: "rep" as const, name: "Marek", languages: { person: "pl" as const, team: "uk" as const } };
    // Slack shows a command's answer to the person alone: theirs; what it posts to the channel: the team's.
    expect(answerLanguages(marekActor, slackChannel("T1"))).toEqual({ answer: "pl", channel: "uk", private: "pl" });
  });

  it("speaks the team's language to someone whose app language it does not speak, and English to a team that chose none", async () => {
    const group = newGroup();
    await say(group, person("21", "Ivan", "ro"), "/me");
    expect(await languagesOf(group, person("22", "Hans", "de"))).toEqual({ person: "ro", team: "ro", platform: null });
    const other = newGroup();
    await say(other, person("23", "Jo"), "/me");
    expect(await languagesOf(other, person("24", "Hans", "de-AT"))).toEqual({ person: "en", team: "en", platform: null });
  });

  it("lets a person choose their own language with /me language, and go back with auto", async () => {
    const group = newGroup();
    const olena = person("31", "Olena", "uk");
    await say(group, olena, "/me");
    const dm: Place = { platform: "telegram", team: null, chatId: "31", shared: false };
    expect(words(await say(dm, olena, "/me language ro"))).toBe("Îți voi răspunde în limba: Română (ro). /me language auto revine la limba aplicației tale.");
    expect((await languagesOf(group, olena))?.person).toBe("ro");
    expect(words(await say(dm, olena, "/me"))).toMatch(/Română \(ro\), aleasă de tine/);
    expect(words(await say(dm, olena, "/me language polski"))).toMatch(/^Będę Ci odpowiadać w języku: Polski \(pl\)/);
    expect(words(await say(dm, olena, "/me language auto"))).toBe("Відповідатиму мовою вашого застосунку, якщо я її знаю, інакше мовою команди. Зараз це Українська (uk).");
    expect((await languagesOf(group, olena))?.person).toBe("uk");
    // Mistakes too are in the language she reads now.
    expect(words(await say(dm, olena, "/me language klingon"))).toBe("Я не знаю мови «klingon». Використайте одну з: en, uk, ru, pl, ro, auto.");
  });

  it("lets only admins set the team's language, announced in the new language", async () => {
    const group = newGroup();
    const ada = person("41", "Ada");
    await say(group, ada, "/me");
    const rita = person("42", "Rita");
    await say(group, rita, "/me");
    expect(words(await say(group, rita, "/team language uk"))).toMatch(/Only the team's admins can change that/);
    const set = await say(group, ada, "/team language uk");
    expect(set.ok && set.reply.visibility).toBe("channel");
    expect(words(set)).toBe("Тепер команда спілкується мовою: Українська (uk). Нею приходять сповіщення, дайджест і відповіді, які бачать усі в чаті (змінив(ла) Ada).");
    expect(await languagesOf(group, rita)).toEqual({ person: "uk", team: "uk", platform: null });
    expect(words(await say(group, ada, "/team language"))).toMatch(/^Яка мова\? Я знаю: en, uk, ru, pl, ro\./);
    expect(words(await say(group, ada, "/team language de"))).toBe("Я не знаю мови «de». Використайте одну з: en, uk, ru, pl, ro.");
  });

  it("words an outbox message at delivery in the team's language", () => {
    const payload = JSON.parse(JSON.stringify(outboxPayload("alert", {
      leadId: 7, name: "Jana Novak", company: null, score: 82, tierLabel: "Hot", action: "Call today", stage: "mql", owner: null, reasons: [{ label: "Demo requested", points: 30 }],
    }))) as unknown;
    const shown = (locale: string) => {
      const rendered = renderOutboxPayload(payload, locale);
      if (!rendered.ok) throw new Error(rendered.reason);
      return rendered.reply as { blocks: Array<{ type: string; text?: string }> };
    };
    expect(shown("uk").blocks[0]!.text).toBe("Hot лід: Jana Novak (#7)");
    expect(shown("en").blocks[0]!.text).toBe("Hot lead: Jana Novak (#7)");
  });
});
