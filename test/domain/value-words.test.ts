import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "../../src/domain/default-rules.js";
import { foldForm, settleScript } from "../../src/domain/text-forms.js";
import { CALL_OUTCOMES } from "../../src/domain/types.js";
import {
  findOutcome,
  readAnswer,
  readDuration,
  readLeadFilter,
  readLeadFilterIn,
  readOutcome,
  readStatsPeriod,
  readTier,
} from "../../src/domain/value-words.js";
import { lexicon } from "../../src/domain/words.js";
import { VOCABULARIES, vocabularyLanguage, type VocabularyLanguage } from "../../src/i18n/vocabulary/index.js";
import { DEFAULT_RULE_KEYS } from "../../src/i18n/vocabulary/types.js";

type Lang = VocabularyLanguage;

/** Per language: [as typed, what it means]. Each is read with the language given and with none. */
const OUTCOMES: Record<Lang, Array<[string, string]>> = {
  en: [["won", "won"], ["no_answer", "no_answer"], ["no answer", "no_answer"], ["Meeting booked", "meeting_booked"], ["voicemail", "voicemail"]],
  uk: [["виграли", "won"], ["угоду закрито", "won"], ["не відповів", "no_answer"], ["не взяла слухавку", "no_answer"], ["програли", "lost"], ["автовідповідач", "voicemail"], ["зустріч призначена", "meeting_booked"], ["не цікаво", "not_interested"], ["додзвонився", "connected"]],
  ru: [["выиграли", "won"], ["сделка закрыта", "won"], ["не ответил", "no_answer"], ["недозвон", "no_answer"], ["проиграли", "lost"], ["автоответчик", "voicemail"], ["назначили встречу", "meeting_booked"], ["не интересно", "not_interested"], ["дозвонился", "connected"]],
  pl: [["wygrana", "won"], ["nie odebrał", "no_answer"], ["nie odebrala", "no_answer"], ["przegrana", "lost"], ["poczta głosowa", "voicemail"], ["umówione spotkanie", "meeting_booked"], ["niezainteresowany", "not_interested"], ["rozmowa", "connected"]],
  ro: [["câștigat", "won"], ["castigat", "won"], ["nu răspunde", "no_answer"], ["n-a răspuns", "no_answer"], ["pierdut", "lost"], ["mesagerie vocală", "voicemail"], ["întâlnire programată", "meeting_booked"], ["nu e interesat", "not_interested"], ["am vorbit", "connected"]],
};

const ANSWERS: Record<Lang, Array<[string, string, string | undefined]>> = {
  en: [["yes", "yes", undefined], ["No - budget frozen", "no", "budget frozen"], ["unknown: ask again in May", "unknown", "ask again in May"], ["?", "unknown", undefined], ["y", "yes", undefined]],
  uk: [["так", "yes", undefined], ["Так: CFO погодив", "yes", "CFO погодив"], ["ні - бюджет на наступний рік", "no", "бюджет на наступний рік"], ["не знаю", "unknown", undefined], ["ага", "yes", undefined], ["нi", "no", undefined]],
  ru: [["да", "yes", undefined], ["да, бюджет согласован", "yes", "бюджет согласован"], ["нет: ЛПР в отпуске", "no", "ЛПР в отпуске"], ["не знаю", "unknown", undefined], ["под вопросом", "unknown", undefined]],
  pl: [["tak", "yes", undefined], ["Nie - budżet zamrożony", "no", "budżet zamrożony"], ["nie wiem", "unknown", undefined], ["nie wiadomo: zapytać w maju", "unknown", "zapytać w maju"], ["brak", "no", undefined]],
  ro: [["da", "yes", undefined], ["nu: bugetul e înghețat", "no", "bugetul e înghețat"], ["nu știu", "unknown", undefined], ["nu stiu", "unknown", undefined], ["Sigur", "yes", undefined]],
};

const TIERS: Record<Lang, Array<[string, string]>> = {
  en: [["hot", "hot"], ["Warm", "warm"], ["cold", "cold"]],
  uk: [["гарячі", "hot"], ["Гарячий", "hot"], ["теплі", "warm"], ["холодних", "cold"]],
  ru: [["горячие", "hot"], ["тёплые", "warm"], ["теплые", "warm"], ["холодные", "cold"]],
  pl: [["gorące", "hot"], ["gorace", "hot"], ["ciepłe", "warm"], ["zimne", "cold"]],
  ro: [["fierbinți", "hot"], ["fierbinti", "hot"], ["calde", "warm"], ["reci", "cold"]],
};

const FILTERS: Record<Lang, Array<[string, string]>> = {
  en: [["mine", "mine"], ["unclaimed", "unclaimed"], ["all", "all"]],
  uk: [["мої", "mine"], ["вільні", "unclaimed"], ["без власника", "unclaimed"], ["всі", "all"]],
  ru: [["мои", "mine"], ["свободные", "unclaimed"], ["все", "all"]],
  pl: [["moje", "mine"], ["bez właściciela", "unclaimed"], ["wszystkie", "all"]],
  ro: [["ale mele", "mine"], ["nerevendicate", "unclaimed"], ["toate", "all"]],
};

/** [the words, the unit, the amount] at the end of a command. */
const DURATIONS: Record<Lang, Array<[string, string, number]>> = {
  en: [["4h", "hour", 4], ["2 days", "day", 2], ["1w", "week", 1], ["3 weeks", "week", 3]],
  uk: [["4 год", "hour", 4], ["2 дні", "day", 2], ["5 днів", "day", 5], ["1 тиждень", "week", 1], ["два тижні", "week", 2], ["3д", "day", 3]],
  ru: [["4 часа", "hour", 4], ["2 дня", "day", 2], ["5 дней", "day", 5], ["1 неделя", "week", 1], ["две недели", "week", 2]],
  pl: [["4 godziny", "hour", 4], ["2 dni", "day", 2], ["1 tydzień", "week", 1], ["3 tygodnie", "week", 3]],
  ro: [["4 ore", "hour", 4], ["2 zile", "day", 2], ["20 de zile", "day", 20], ["3 săptămâni", "week", 3]],
};

const STATS_PERIODS: Record<Lang, Array<[string, string]>> = {
  en: [["7d", "7d"], ["week", "week"], ["this month", "month"], ["last 30 days", "30d"], ["quarter", "quarter"]],
  uk: [["цей тиждень", "week"], ["тиждень", "week"], ["останні 30 днів", "30d"], ["7 днів", "7d"], ["поточний місяць", "month"], ["квартал", "quarter"], ["3 місяці", "90d"]],
  ru: [["эта неделя", "week"], ["последние 7 дней", "7d"], ["текущий месяц", "month"], ["90 дней", "90d"], ["в этом квартале", "quarter"]],
  pl: [["w tym tygodniu", "week"], ["ostatnie 30 dni", "30d"], ["w tym miesiącu", "month"], ["bieżący kwartał", "quarter"], ["7 dni", "7d"]],
  ro: [["săptămâna aceasta", "week"], ["ultimele 30 de zile", "30d"], ["luna curentă", "month"], ["trimestrul acesta", "quarter"], ["7 zile", "7d"]],
};

const LANGUAGES = Object.keys(VOCABULARIES) as Lang[];

describe.each(LANGUAGES)("values typed in %s", (language) => {
  const both = [{ language }, {}];

  it.each(OUTCOMES[language])("reads the call outcome %j as %s", (typed, outcome) => {
    for (const options of both) {
      expect(readOutcome(typed, options)).toBe(outcome);
      // After a lead's name, with a note after it.
      const args = ["Acme", "Logistics", ...typed.split(" "), "передзвонити", "jutro"];
      expect(findOutcome(args, options)).toEqual({ outcome, index: 2, count: typed.split(" ").length });
    }
  });

  it.each(ANSWERS[language])("reads the answer %j as %s with note %j", (typed, answer, note) => {
    for (const options of both) expect(readAnswer(typed, options)).toEqual(note ? { answer, note } : { answer });
  });

  it.each(TIERS[language])("reads the tier %j as %s", (typed, tier) => {
    for (const options of both) {
      expect(readTier(typed, options)).toBe(tier);
      expect(readLeadFilter(typed, options)).toBe(tier);
    }
  });

  it.each(FILTERS[language])("reads the lead filter %j as %s", (typed, filter) => {
    for (const options of both) {
      expect(readLeadFilter(typed, options)).toBe(filter);
      expect(readLeadFilterIn(typed.split(" "), options)).toEqual({ filter });
    }
  });

  it.each(DURATIONS[language])("reads %j at the end of a command as %s × %d", (typed, unit, amount) => {
    for (const options of both) {
      expect(readDuration(["acme", ...typed.split(" ")], options)).toEqual({ amount, unit, count: typed.split(" ").length });
    }
  });

  it.each(STATS_PERIODS[language])("reads the stats period %j as %s", (typed, period) => {
    for (const options of both) expect(readStatsPeriod(typed.split(" "), options)).toBe(period);
  });
});

describe("values that are not", () => {
  it.each(["yesterday", "maybe", "  ", "", "so-so", "нормально", "może"])("does not take %j for an answer", (typed) => {
    expect(readAnswer(typed)).toBeNull();
  });

  it("finds no outcome in the lead's own first word, nor in a note without one", () => {
    expect(findOutcome(["won"])).toBeNull();
    expect(findOutcome(["Виграш", "Груп"])).toBeNull();
    expect(findOutcome(["acme", "callback", "tomorrow"])).toBeNull();
  });

  it("takes the longest outcome at the earliest place", () => {
    // "не відповів" is no answer; "не" alone is nothing; "не цікаво" later is not reached.
    expect(findOutcome(["acme", "не", "відповів", "не", "цікаво"])).toEqual({ outcome: "no_answer", index: 1, count: 2 });
    expect(findOutcome(["acme", "nu", "e", "interesat"])).toEqual({ outcome: "not_interested", index: 1, count: 3 });
  });

  it("does not read a period out of words that are no period", () => {
    expect(readStatsPeriod(["14d"])).toBeNull();
    expect(readStatsPeriod(["two", "weeks", "ago"])).toBeNull();
    expect(readDuration(["acme"], {})).toBeNull();
    expect(readDuration(["acme", "2"], {})).toBeNull();
    expect(readDuration(["acme", "2", "місяці"], { units: ["hour", "day", "week"] })).toBeNull();
  });

  it("names the first word that is not a filter", () => {
    expect(readLeadFilterIn(["гарячі", "xyz"])).toEqual({ filter: "hot", unread: "xyz" });
    expect(readLeadFilterIn(["hottest"])).toEqual({ unread: "hottest" });
  });
});

describe("the vocabularies", () => {
  it("cover every default rule, and no other key", () => {
    expect([...DEFAULT_RULE_KEYS].sort()).toEqual(DEFAULT_RULES.map((r) => r.key).sort());
    for (const vocabulary of Object.values(VOCABULARIES)) {
      expect(Object.keys(vocabulary.rules).sort()).toEqual([...DEFAULT_RULE_KEYS].sort());
      for (const words of Object.values(vocabulary.rules)) expect(words.labels.length).toBeGreaterThan(0);
    }
  });

  it("cover every call outcome, answer and tier", () => {
    for (const vocabulary of Object.values(VOCABULARIES)) {
      expect(Object.keys(vocabulary.outcomes).sort()).toEqual([...CALL_OUTCOMES].sort());
      for (const list of [...Object.values(vocabulary.outcomes), ...Object.values(vocabulary.answers), ...Object.values(vocabulary.tiers)]) {
        expect(list.length).toBeGreaterThan(0);
      }
    }
  });

  // With no language given every vocabulary is tried: a word that meant one thing in one
  // language and another elsewhere would be read by whichever came first.
  it.each(["outcomes", "answers", "tiers", "leadFilters"] as const)("never give one word of %s two meanings across languages", (table) => {
    const meaning = new Map<string, { value: string; language: string }>();
    const clashes: string[] = [];
    for (const vocabulary of Object.values(VOCABULARIES)) {
      for (const [value, phrases] of Object.entries(vocabulary[table] as Record<string, string[]>)) {
        for (const phrase of phrases) {
          const key = phrase.split(/[\s_-]+/).map(foldForm).join(" ");
          const seen = meaning.get(key);
          if (seen && seen.value !== value) clashes.push(`${phrase}: ${seen.language} ${seen.value}, ${vocabulary.language} ${value}`);
          meaning.set(key, { value, language: vocabulary.language });
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it("compile every phrase to words", () => {
    for (const vocabulary of Object.values(VOCABULARIES)) {
      const lex = lexicon(vocabulary);
      for (const [value, phrases] of Object.entries(vocabulary.outcomes)) {
        for (const phrase of phrases) expect(lex.outcomes.whole(phrase.split(/[\s_-]+/).map(foldForm))).toBe(value);
      }
    }
  });

  it.each([
    ["uk", "uk"],
    ["pl-PL", "pl"],
    ["ro_RO", "ro"],
    ["RU", "ru"],
    ["en-GB", "en"],
    ["de", undefined],
    [undefined, undefined],
    ["constructor", undefined],
  ])("take the platform's locale %j as %j", (locale, language) => {
    expect(vocabularyLanguage(locale)).toBe(language);
  });
});

describe("typed forms", () => {
  it.each([
    ["дeмo", "демо"],
    ["ДEMO", "ДЕМО"],
    ["cеnnik", "cennik"],
    ["нi", "ні"],
    ["demo", "demo"],
    ["Київ", "Київ"],
  ])("reads %j in one script as %j", (typed, settled) => {
    expect(settleScript(typed)).toBe(settled);
  });

  it.each([
    ["Pagină", "pagina"],
    ["ważny", "wazny"],
    ["Łódź", "lodz"],
    ["п’ять", "пять"],
    ["тёплый", "теплыи"],
    ["pre\u0163uri", "preturi"],
    ["pre\u021Buri", "preturi"],
    ["e\u0301", "e"],
  ])("compares %j as %j", (typed, folded) => {
    expect(foldForm(typed)).toBe(folded);
  });

  it("never crashes on any text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        readAnswer(text);
        readTier(text);
        readOutcome(text);
        findOutcome(text.split(" "));
        readDuration(text.split(" "));
        readStatsPeriod(text.split(" "));
        readLeadFilterIn(text.split(" ").filter(Boolean));
      }),
      { numRuns: 300 },
    );
  });
});
