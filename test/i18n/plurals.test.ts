/**
 * Plural forms as a speaker says them, for the counts where Slavic and Romanian plurals differ:
 * 0, 1, 2, 5, 11, 21, 22 and 25.
 */
import { describe, expect, it } from "vitest";
import { translator, type MessageKey } from "../../src/i18n/index.js";

const COUNTS = [0, 1, 2, 5, 11, 21, 22, 25];

const EXPECTED: Record<string, Partial<Record<MessageKey, string[]>>> = {
  uk: {
    "count.leads": ["0 лідів", "1 лід", "2 ліди", "5 лідів", "11 лідів", "21 лід", "22 ліди", "25 лідів"],
    "count.days": ["0 днів", "1 день", "2 дні", "5 днів", "11 днів", "21 день", "22 дні", "25 днів"],
    "count.alerts": ["0 сповіщень", "1 сповіщення", "2 сповіщення", "5 сповіщень", "11 сповіщень", "21 сповіщення", "22 сповіщення", "25 сповіщень"],
  },
  ru: {
    "count.leads": ["0 лидов", "1 лид", "2 лида", "5 лидов", "11 лидов", "21 лид", "22 лида", "25 лидов"],
    "count.days": ["0 дней", "1 день", "2 дня", "5 дней", "11 дней", "21 день", "22 дня", "25 дней"],
    "count.alerts": ["0 уведомлений", "1 уведомление", "2 уведомления", "5 уведомлений", "11 уведомлений", "21 уведомление", "22 уведомления", "25 уведомлений"],
  },
  pl: {
    // Polish: 21 and 25 are "many" (only 2–4 after the tens, but not 12–14, are "few").
    "count.leads": ["0 leadów", "1 lead", "2 leady", "5 leadów", "11 leadów", "21 leadów", "22 leady", "25 leadów"],
    "count.days": ["0 dni", "1 dzień", "2 dni", "5 dni", "11 dni", "21 dni", "22 dni", "25 dni"],
    "count.alerts": ["0 alertów", "1 alert", "2 alerty", "5 alertów", "11 alertów", "21 alertów", "22 alerty", "25 alertów"],
  },
  ro: {
    // Romanian: 0, 2–19 take the plural directly; 20 and more take "de".
    "count.leads": ["0 lead-uri", "1 lead", "2 lead-uri", "5 lead-uri", "11 lead-uri", "21 de lead-uri", "22 de lead-uri", "25 de lead-uri"],
    "count.days": ["0 zile", "1 zi", "2 zile", "5 zile", "11 zile", "21 de zile", "22 de zile", "25 de zile"],
    "count.alerts": ["0 alerte", "1 alertă", "2 alerte", "5 alerte", "11 alerte", "21 de alerte", "22 de alerte", "25 de alerte"],
  },
};

describe("plural forms", () => {
  for (const [locale, messages] of Object.entries(EXPECTED)) {
    for (const [key, expected] of Object.entries(messages)) {
      it(`${locale} ${key}: ${expected!.join(", ")}`, () => {
        const t = translator(locale);
        expect(COUNTS.map((count) => t.t(key as MessageKey, { count }))).toEqual(expected);
      });
    }
  }

  it("English says 1 lead and 0, 2 or 21 leads", () => {
    expect(COUNTS.map((count) => translator("en").t("count.leads", { count }))).toEqual(["0 leads", "1 lead", "2 leads", "5 leads", "11 leads", "21 leads", "22 leads", "25 leads"]);
  });
});
