import { afterEach, describe, expect, it } from "vitest";
import { en } from "../../src/i18n/catalogs/en.js";
import { uk } from "../../src/i18n/catalogs/uk.js";
import {
  languageOfTag,
  MissingMessageError,
  personLanguage,
  setMissingKeyPolicy,
  teamLanguage,
  translator,
  Translator,
  type MessageKey,
} from "../../src/i18n/index.js";

const FRIDAY = new Date("2026-12-04T15:30:00Z");

describe("translator", () => {
  afterEach(() => setMissingKeyPolicy("throw"));

  it("fills a message's placeholders in the reader's language", () => {
    expect(translator("en").t("alert.header", { tier: "Hot", lead: "Jana Novak · Acme", id: 7 })).toBe("Hot lead: Jana Novak · Acme (#7)");
    expect(translator("uk").t("alert.header", { tier: "Гарячий", lead: "Jana Novak", id: 7 })).toBe("Гарячий лід: Jana Novak (#7)");
  });

  it("is one shared translator per locale, and an unknown code speaks English", () => {
    expect(translator("pl")).toBe(translator("pl"));
    expect(translator("xx").locale).toBe("en");
  });

  it("says a message missing from a catalog in English in a running bot, and fails in tests", () => {
    const key = "alert.why" as MessageKey;
    const saved = (uk as Record<string, string>)[key];
    delete (uk as Record<string, string>)[key];
    try {
      // A translator of its own: the shared one caches compiled messages.
      const t = new Translator("uk");
      expect(() => t.t(key)).toThrow(MissingMessageError);
      setMissingKeyPolicy("english");
      expect(t.t(key)).toBe(en[key]);
    } finally {
      (uk as Record<string, string>)[key] = saved!;
    }
  });

  it("formats numbers, dates and relative times through Intl in the reader's locale", () => {
    expect(translator("en").number(12345)).toBe("12,345");
    expect(translator("uk").number(12345)).toBe("12\u00a0345");
    expect(translator("ro").number(12345)).toBe("12.345");
    expect(translator("en").percent(0.42)).toBe("42%");
    expect(translator("pl").percent(0.42)).toBe("42%");
    expect(translator("uk").percent(0.42)).toBe("42%");
    const day = { weekday: "short", day: "numeric", month: "short", timeZone: "Europe/Kyiv" } as const;
    expect(translator("en").date(FRIDAY, day)).toBe("Fri 4 Dec");
    expect(translator("uk").date(FRIDAY, day)).toBe("пт, 4 груд.");
    expect(translator("ru").relative(-1, "day")).toBe("вчера");
    expect(translator("pl").relative(3, "day")).toBe("za 3 dni");
    expect(translator("en").list(["a", "b", "c"])).toBe("a, b and c");
  });

  it("reads a platform's language tag as a language we speak, or none", () => {
    expect(["uk", "pl-PL", "RU", "ro_RO", "en-US", "de", "", null].map(languageOfTag)).toEqual(["uk", "pl", "ru", "ro", "en", null, null, null]);
  });

  it("chooses a person's language: their choice, else their platform's if we speak it, else the team's", () => {
    expect(personLanguage({ chosen: "pl", platformTag: "uk" }, "en")).toBe("pl");
    expect(personLanguage({ chosen: null, platformTag: "uk" }, "en")).toBe("uk");
    expect(personLanguage({ chosen: null, platformTag: "de-DE" }, "ro")).toBe("ro");
    expect(personLanguage({ chosen: "xx", platformTag: null }, "ru")).toBe("ru");
    expect(teamLanguage("pl")).toBe("pl");
    expect(teamLanguage("xx")).toBe("en");
  });
});

describe("the pseudo-locale en-XA", () => {
  it("accents and lengthens the words, keeping placeholders, plurals, numbers and commands", () => {
    const t = translator("en-XA");
    expect(t.t("alert.header", { tier: "Hot", lead: "Jana Novak", id: 7 })).toBe("Hot ĺééááð: Jana Novak (#7)");
    expect(t.t("count.leads", { count: 1 })).toBe("1 ĺééááð");
    expect(t.t("count.leads", { count: 21 })).toBe("21 ĺééááðš");
    expect(t.t("alert.snooze").length).toBeGreaterThan("Snooze 1 day".length * 1.3);
    expect(t.date(FRIDAY, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" })).toBe("Ƒŕí 4 Ðéç");
  });
});
