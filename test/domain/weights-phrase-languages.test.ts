import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultScoringConfig } from "../../src/domain/default-rules.js";
import { matchRule, readWeightsPhrase, strictCommand, type PhraseReading } from "../../src/domain/weights-phrase.js";
import type { VocabularyLanguage } from "../../src/i18n/vocabulary/index.js";

const config = defaultScoringConfig();

type Change = { points?: number; validityDays?: number | null; maxCount?: number | null };

/** What a manager typed, and what it must become. Demo request is worth 40 and the careers page -10 today. */
type Row =
  | { say: string; set: string; change: Change; whatIf?: boolean }
  | { say: string; thresholds: Record<string, number>; whatIf?: boolean }
  | { say: string; askBack: string[]; change: Change; whatIf?: boolean }
  | { say: string; unclear: string; rule?: string };

const set = (say: string, key: string, change: Change, whatIf = false): Row => ({ say, set: key, change, whatIf });
const whatIf = (say: string, key: string, change: Change): Row => set(say, key, change, true);
const thresholds = (say: string, values: Record<string, number>, isWhatIf = false): Row => ({ say, thresholds: values, whatIf: isWhatIf });
const askBack = (say: string, keys: string[], change: Change, isWhatIf = false): Row => ({ say, askBack: keys, change, whatIf: isWhatIf });
const unclear = (say: string, problem: string, rule?: string): Row => (rule ? { say, unclear: problem, rule } : { say, unclear: problem });

const TABLE: Record<Exclude<VocabularyLanguage, "en">, Row[]> = {
  uk: [
    // The phrases from the issue.
    set("зроби запит на демо 50 балів", "demo_request", { points: 50 }),
    set("ціна дійсна 6 тижнів", "pricing_page", { validityDays: 42 }),
    whatIf("а що, якщо запит ціни буде 40?", "quote_request", { points: 40 }),
    thresholds("гарячий від 70", { hot: 70 }),
    // Rule names in their forms, with synonyms.
    set("демо 50", "demo_request", { points: 50 }),
    set("запит демо = 50", "demo_request", { points: 50 }),
    set("бали за ціну згорають через 45 днів", "pricing_page", { validityDays: 45 }),
    set("демонстрацію 45", "demo_request", { points: 45 }),
    set("постав демонстрації 45 балів", "demo_request", { points: 45 }),
    set("сторінка з цінами 20", "pricing_page", { points: 20 }),
    set("ціни 20 балів", "pricing_page", { points: 20 }),
    set("вакансії -15", "careers_page", { points: -15 }),
    set("кар’єра мінус 15", "careers_page", { points: -15 }),
    set("вебінари 20", "webinar_attended", { points: 20 }),
    set("запит КП 35", "quote_request", { points: 35 }),
    set("зустріч 30", "meeting_booked", { points: 30 }),
    set("не цікаво -40", "not_interested", { points: -40 }),
    set("консультант -60", "title_consultant", { points: -60 }),
    set("скарга -30", "complaint_unjustified", { points: -30 }),
    set("бюджет 15", "bant_budget", { points: 15 }),
    // Typos, capitals, a Latin "e" and "o" in a Cyrillic word, a dash that means "is".
    set("вебінра 20", "webinar_attended", { points: 20 }),
    set("ДЕМО 55", "demo_request", { points: 55 }),
    set("дeмo 50", "demo_request", { points: 50 }),
    set("демо — 50 балів", "demo_request", { points: 50 }),
    // Validity and caps.
    set("прайс дійсний 45 днів", "pricing_page", { validityDays: 45 }),
    set("покупка діє 6 місяців", "purchase", { validityDays: 180 }),
    set("покупки назавжди", "purchase", { validityDays: null }),
    set("відвідування сайту не більше 3 разів", "website_visit", { maxCount: 3 }),
    set("візити на сайт без ліміту", "website_visit", { maxCount: null }),
    // Changes relative to today's points.
    set("підніми демо на 10", "demo_request", { points: 50 }),
    set("знизь вакансії на 5", "careers_page", { points: -15 }),
    // What-ifs.
    whatIf("що буде, якщо демо буде 60", "demo_request", { points: 60 }),
    whatIf("якщо вакансії -20, що буде?", "careers_page", { points: -20 }),
    whatIf("припустимо, ціна дійсна 60 днів", "pricing_page", { validityDays: 60 }),
    // Thresholds.
    thresholds("гарячі ліди від 75 балів", { hot: 75 }),
    thresholds("поріг для гарячих 70, для теплих 40", { hot: 70, warm: 40 }),
    thresholds("теплий 35", { warm: 35 }),
    thresholds("а що, якщо гарячий буде 65?", { hot: 65 }, true),
    // Several rules fit: ask back.
    askBack("сторінка 20", ["pricing_page", "careers_page"], { points: 20 }),
    askBack("запит 30", ["quote_request", "demo_request"], { points: 30 }),
    askBack("імейл 5", ["newsletter_signup", "email_click"], { points: 5 }),
    askBack("ОПР 15", ["bant_authority", "champ_authority"], { points: 15 }),
    askBack("що якщо запит 30?", ["quote_request", "demo_request"], { points: 30 }, true),
    // Not guessed.
    unclear("демо", "how_many_points", "demo_request"),
    unclear("ціна дійсна", "how_long", "pricing_page"),
    unclear("фігня 20", "no_rule"),
    unclear("цікаво 5", "no_rule"),
    unclear("відповідь 20", "no_rule"),
  ],
  ru: [
    set("поставь запрос демо 50 баллов", "demo_request", { points: 50 }),
    set("цена действует 6 недель", "pricing_page", { validityDays: 42 }),
    whatIf("а что, если запрос цены будет 40?", "quote_request", { points: 40 }),
    thresholds("горячий от 70", { hot: 70 }),
    set("демо 50", "demo_request", { points: 50 }),
    set("баллы за цену сгорают через 45 дней", "pricing_page", { validityDays: 45 }),
    set("повысь запрос цены на 5", "quote_request", { points: 35 }),
    set("демонстрацию 45", "demo_request", { points: 45 }),
    set("страница с ценами 20", "pricing_page", { points: 20 }),
    set("цены 20 баллов", "pricing_page", { points: 20 }),
    set("вакансии -15", "careers_page", { points: -15 }),
    set("карьера минус 15", "careers_page", { points: -15 }),
    set("вебинар 20", "webinar_attended", { points: 20 }),
    set("запрос КП 35", "quote_request", { points: 35 }),
    set("встреча 30", "meeting_booked", { points: 30 }),
    set("не интересно -40", "not_interested", { points: -40 }),
    set("консультант -60", "title_consultant", { points: -60 }),
    set("жалоба -30", "complaint_unjustified", { points: -30 }),
    set("бюджет 15", "bant_budget", { points: 15 }),
    set("вебинра 20", "webinar_attended", { points: 20 }),
    set("дeмo 50", "demo_request", { points: 50 }),
    set("демо — 50 баллов", "demo_request", { points: 50 }),
    set("прайс действителен 45 дней", "pricing_page", { validityDays: 45 }),
    set("покупка действует 6 месяцев", "purchase", { validityDays: 180 }),
    set("покупки бессрочно", "purchase", { validityDays: null }),
    set("посещения сайта не больше 3 раз", "website_visit", { maxCount: 3 }),
    set("визиты без лимита", "website_visit", { maxCount: null }),
    set("подними демо на 10", "demo_request", { points: 50 }),
    set("снизь вакансии на 5", "careers_page", { points: -15 }),
    whatIf("что будет, если демо будет 60", "demo_request", { points: 60 }),
    whatIf("допустим, цена действует 60 дней", "pricing_page", { validityDays: 60 }),
    thresholds("горячие лиды от 75 баллов", { hot: 75 }),
    thresholds("порог для горячих 70 и для тёплых 40", { hot: 70, warm: 40 }),
    thresholds("теплый 35", { warm: 35 }),
    thresholds("а что если горячий будет 65?", { hot: 65 }, true),
    askBack("страница 20", ["pricing_page", "careers_page"], { points: 20 }),
    askBack("запрос 30", ["quote_request", "demo_request"], { points: 30 }),
    askBack("имейл 5", ["newsletter_signup", "email_click"], { points: 5 }),
    askBack("ЛПР 15", ["bant_authority", "champ_authority"], { points: 15 }),
    askBack("что если запрос 30?", ["quote_request", "demo_request"], { points: 30 }, true),
    unclear("демо", "how_many_points", "demo_request"),
    unclear("цена действует", "how_long", "pricing_page"),
    unclear("ерунда 20", "no_rule"),
    unclear("интересно 5", "no_rule"),
    unclear("ответ 20", "no_rule"),
  ],
  pl: [
    set("ustaw demo na 50 punktów", "demo_request", { points: 50 }),
    set("cennik ważny 6 tygodni", "pricing_page", { validityDays: 42 }),
    whatIf("co jeśli cennik będzie 40?", "pricing_page", { points: 40 }),
    thresholds("gorący od 70", { hot: 70 }),
    set("demo 50", "demo_request", { points: 50 }),
    set("punkty za cennik wygasają po 45 dniach", "pricing_page", { validityDays: 45 }),
    set("cennik 20 pkt ważny 3 miesiące", "pricing_page", { points: 20, validityDays: 90 }),
    set("prezentacja 45", "demo_request", { points: 45 }),
    set("cennika 20", "pricing_page", { points: 20 }),
    set("strona z cennikiem 20 pkt", "pricing_page", { points: 20 }),
    // Typed without the Polish letters.
    set("cennik wazny 45 dni", "pricing_page", { validityDays: 45 }),
    set("budzet 15", "bant_budget", { points: 15 }),
    set("kariera -15", "careers_page", { points: -15 }),
    set("oferty pracy minus 15", "careers_page", { points: -15 }),
    set("webinarze 20", "webinar_attended", { points: 20 }),
    set("wycena 35", "quote_request", { points: 35 }),
    set("prośba o wycenę 35", "quote_request", { points: 35 }),
    set("zapytanie ofertowe 35", "quote_request", { points: 35 }),
    set("spotkanie 30", "meeting_booked", { points: 30 }),
    set("niezainteresowany -40", "not_interested", { points: -40 }),
    set("konsultant -60", "title_consultant", { points: -60 }),
    set("reklamacja -30", "complaint_unjustified", { points: -30 }),
    set("webinra 20", "webinar_attended", { points: 20 }),
    set("demo – 50 punktów", "demo_request", { points: 50 }),
    set("zakup ważny 6 miesięcy", "purchase", { validityDays: 180 }),
    set("zakupy na zawsze", "purchase", { validityDays: null }),
    set("wizyty na stronie maksymalnie 3 razy", "website_visit", { maxCount: 3 }),
    set("wizyty bez limitu", "website_visit", { maxCount: null }),
    set("podnieś demo o 10", "demo_request", { points: 50 }),
    set("obniż karierę o 5", "careers_page", { points: -15 }),
    whatIf("co by było gdyby demo było 60", "demo_request", { points: 60 }),
    whatIf("załóżmy, że cennik jest ważny 60 dni", "pricing_page", { validityDays: 60 }),
    thresholds("gorące leady od 75 punktów", { hot: 75 }),
    thresholds("próg dla gorących 70 i ciepłych 40", { hot: 70, warm: 40 }),
    thresholds("cieply 35", { warm: 35 }),
    thresholds("co jeśli gorący będzie 65?", { hot: 65 }, true),
    askBack("strona 20", ["website_visit", "careers_page"], { points: 20 }),
    askBack("zapytanie 30", ["quote_request", "demo_request"], { points: 30 }),
    askBack("email 5", ["newsletter_signup", "email_click"], { points: 5 }),
    askBack("decydent 15", ["bant_authority", "champ_authority"], { points: 15 }),
    askBack("co jeśli prośba 30?", ["quote_request", "demo_request"], { points: 30 }, true),
    unclear("demo", "how_many_points", "demo_request"),
    unclear("cennik ważny", "how_long", "pricing_page"),
    unclear("bzdura 20", "no_rule"),
    unclear("zainteresowany 5", "no_rule"),
    unclear("odpowiedź 20", "no_rule"),
  ],
  ro: [
    set("setează cererea de demo la 50 de puncte", "demo_request", { points: 50 }),
    set("pagina de prețuri valabilă 6 săptămâni", "pricing_page", { validityDays: 42 }),
    whatIf("ce-ar fi dacă pagina de prețuri ar valora 40?", "pricing_page", { points: 40 }),
    thresholds("fierbinte de la 70", { hot: 70 }),
    set("demo 50", "demo_request", { points: 50 }),
    set("punctele pentru prețuri expiră după 45 de zile", "pricing_page", { validityDays: 45 }),
    set("crește cererea de ofertă cu 5", "quote_request", { points: 35 }),
    set("demonstrație 45", "demo_request", { points: 45 }),
    // Typed without the Romanian letters.
    set("pagina de preturi 20", "pricing_page", { points: 20 }),
    set("intalnire 30", "meeting_booked", { points: 30 }),
    set("prețurile 20", "pricing_page", { points: 20 }),
    set("lista de prețuri valabilă 45 de zile", "pricing_page", { validityDays: 45 }),
    set("cariere -15", "careers_page", { points: -15 }),
    set("pagina de cariere minus 15", "careers_page", { points: -15 }),
    set("webinar 20", "webinar_attended", { points: 20 }),
    set("cerere de ofertă 35", "quote_request", { points: 35 }),
    set("oferta 35", "quote_request", { points: 35 }),
    set("întâlnire 30", "meeting_booked", { points: 30 }),
    set("neinteresat -40", "not_interested", { points: -40 }),
    set("consultant -60", "title_consultant", { points: -60 }),
    set("reclamație -30", "complaint_unjustified", { points: -30 }),
    set("buget 15", "bant_budget", { points: 15 }),
    set("webinra 20", "webinar_attended", { points: 20 }),
    set("demo - 50 de puncte", "demo_request", { points: 50 }),
    set("achiziție valabilă 6 luni", "purchase", { validityDays: 180 }),
    set("achiziția permanent", "purchase", { validityDays: null }),
    set("vizite pe site de maxim 3 ori", "website_visit", { maxCount: 3 }),
    set("vizite fără limită", "website_visit", { maxCount: null }),
    set("crește demo cu 10", "demo_request", { points: 50 }),
    set("scade cariere cu 5", "careers_page", { points: -15 }),
    whatIf("ce se întâmplă dacă demo ar fi 60", "demo_request", { points: 60 }),
    whatIf("să zicem că prețurile sunt valabile 60 de zile", "pricing_page", { validityDays: 60 }),
    thresholds("lead-uri fierbinți de la 75 de puncte", { hot: 75 }),
    thresholds("prag fierbinte 70 și cald 40", { hot: 70, warm: 40 }),
    thresholds("fierbinti 80", { hot: 80 }),
    thresholds("ce-ar fi dacă fierbinte ar fi 65?", { hot: 65 }, true),
    askBack("pagina 20", ["pricing_page", "careers_page"], { points: 20 }),
    askBack("cerere 30", ["quote_request", "demo_request"], { points: 30 }),
    askBack("email 5", ["newsletter_signup", "email_click"], { points: 5 }),
    askBack("decident 15", ["bant_authority", "champ_authority"], { points: 15 }),
    askBack("ce-ar fi dacă cerere 30?", ["quote_request", "demo_request"], { points: 30 }, true),
    unclear("demo", "how_many_points", "demo_request"),
    unclear("prețuri valabile", "how_long", "pricing_page"),
    unclear("prostie 20", "no_rule"),
    unclear("interesat 5", "no_rule"),
    unclear("răspuns 20", "no_rule"),
  ],
};

/** The reading a row asks for, in the shape readWeightsPhrase returns. */
function check(reading: PhraseReading, row: Row): void {
  if ("set" in row) {
    expect(reading).toEqual({ kind: "edit", whatIf: row.whatIf ?? false, edit: { kind: "set", key: row.set, ...row.change } });
  } else if ("thresholds" in row) {
    expect(reading).toEqual({ kind: "edit", whatIf: row.whatIf ?? false, edit: { kind: "thresholds", values: row.thresholds } });
  } else if ("askBack" in row) {
    if (reading.kind !== "ambiguous") throw new Error(`expected a question, got ${JSON.stringify(reading)}`);
    expect(reading.whatIf).toBe(row.whatIf ?? false);
    expect(reading.choices.map((c) => c.rule.key).sort()).toEqual(row.askBack.slice().sort());
    for (const choice of reading.choices) expect(choice.edit).toEqual({ kind: "set", key: choice.rule.key, ...row.change });
  } else {
    if (reading.kind !== "unclear") throw new Error(`expected it not to guess, got ${JSON.stringify(reading)}`);
    expect(reading.problem.kind).toBe(row.unclear);
    expect(reading.rule?.key).toBe(row.rule);
  }
}

describe.each(Object.entries(TABLE) as Array<[Exclude<VocabularyLanguage, "en">, Row[]]>)("/weights in plain words, %s", (language, rows) => {
  it("has at least 25 phrases, with questions back, what-ifs, thresholds and validity among them", () => {
    expect(rows.length).toBeGreaterThanOrEqual(25);
    expect(rows.filter((r) => "askBack" in r).length).toBeGreaterThanOrEqual(4);
    expect(rows.filter((r) => "whatIf" in r && r.whatIf).length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => "thresholds" in r).length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => "set" in r && r.change.validityDays !== undefined).length).toBeGreaterThanOrEqual(3);
  });

  it.each(rows.map((r) => [r.say, r] as const))("reads %j in the reader's language", (_say, row) => {
    check(readWeightsPhrase(row.say, config, { language }), row);
  });

  it.each(rows.filter((r) => !("unclear" in r)).map((r) => [r.say, r] as const))("reads %j the same with no language given", (_say, row) => {
    check(readWeightsPhrase(row.say, config), row);
  });

  it("gives buttons that read back as the same edit", () => {
    for (const row of rows) {
      const reading = readWeightsPhrase(row.say, config, { language });
      const edits = reading.kind === "edit" ? [reading.edit] : reading.kind === "ambiguous" ? reading.choices.map((c) => c.edit) : [];
      for (const edit of edits) {
        const again = readWeightsPhrase(strictCommand(edit).replace(/^\/weights /, ""), config);
        expect(again).toEqual({ kind: "edit", whatIf: false, edit });
      }
    }
  });
});

describe("languages side by side", () => {
  it("keeps English first when no language is given", () => {
    // "email" is two English rules; Polish alone would also ask, but English answers first.
    expect(readWeightsPhrase("email 5", config)).toMatchObject({ kind: "ambiguous", typed: "email" });
    expect(readWeightsPhrase("careers page – 15", config)).toEqual({ kind: "edit", whatIf: false, edit: { kind: "set", key: "careers_page", points: -15 } });
  });

  it("falls back to English for a reader who types it", () => {
    expect(readWeightsPhrase("make demo requests worth 50", config, { language: "uk" })).toEqual({
      kind: "edit",
      whatIf: false,
      edit: { kind: "set", key: "demo_request", points: 50 },
    });
    expect(readWeightsPhrase("what if hot were 70?", config, { language: "pl" })).toEqual({ kind: "edit", whatIf: true, edit: { kind: "thresholds", values: { hot: 70 } } });
  });

  it("shows unknown words back as they were typed, diacritics and all", () => {
    expect(readWeightsPhrase("frumusețe 20", config, { language: "ro" })).toEqual({ kind: "unclear", problem: { kind: "no_rule", typed: "frumusețe" } });
    expect(readWeightsPhrase("Нісенітниця 20", config, { language: "uk" })).toEqual({ kind: "unclear", problem: { kind: "no_rule", typed: "нісенітниця" } });
  });

  it("finds a rule named in any language for /weights remove", () => {
    expect(matchRule(config.rules, "вакансії", { language: "uk" })).toEqual({ kind: "one", rule: expect.objectContaining({ key: "careers_page" }) });
    expect(matchRule(config.rules, "cennik")).toEqual({ kind: "one", rule: expect.objectContaining({ key: "pricing_page" }) });
    expect(matchRule(config.rules, "pagina de preturi")).toEqual({ kind: "one", rule: expect.objectContaining({ key: "pricing_page" }) });
  });

  it("knows a team's own rule by its key and label in any language, but not by the default synonyms", () => {
    const rule = { key: "trade_show", label: "Виставка", kind: "event" as const, match: { type: "trade_show" }, points: 20 };
    const custom = { ...config, rules: [...config.rules.filter((r) => r.key !== "purchase"), rule] };
    expect(readWeightsPhrase("виставки 35", custom, { language: "uk" })).toMatchObject({ kind: "edit", edit: { key: "trade_show", points: 35 } });
    expect(readWeightsPhrase("оплата 60", custom, { language: "uk" }).kind).toBe("unclear");
    expect(readWeightsPhrase("оплата 60", config, { language: "uk" })).toMatchObject({ kind: "edit", edit: { key: "purchase", points: 60 } });
  });
});

describe("any text at all", () => {
  const languages = fc.constantFrom(undefined, "en", "uk", "ru", "pl", "ro" as const);
  const answers = (text: string, language: VocabularyLanguage | undefined) => {
    const reading = readWeightsPhrase(text, config, language ? { language } : {});
    expect(["edit", "ambiguous", "unclear"]).toContain(reading.kind);
  };

  it("never crashes the reader on any Unicode, broken surrogates included", () => {
    // Any code point, a lone surrogate now and then, and spaces so that there are words.
    const unit = fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)), weight: 8 },
      { arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), weight: 1 },
      { arbitrary: fc.constant(" "), weight: 2 },
    );
    fc.assert(fc.property(fc.string({ unit, maxLength: 300 }), languages, answers), { numRuns: 200 });
  });

  it("never crashes the reader on the words it knows, in any order", () => {
    const known = ["демо", "дійсна", "не", "більше", "cennik", "ważny", "ce-ar", "fi", "dacă", "what", "if", "hot", "гарячий", "від", "max", "=", "-", "+", "мінус", "на", "o", "cu", "by", "raise", "підніми", "6", "-15", "45d", "тижнів", "zile", "de", "?", "назавжди", "fără", "limită"];
    const word = fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 6 }));
    fc.assert(fc.property(fc.array(word, { maxLength: 30 }), languages, (list, language) => answers(list.join(" "), language)), { numRuns: 300 });
  });

  it("takes time in proportion to the length of the text", () => {
    const words = ["демо", "cennik", "50", "valid", "не", "більше", "?", "pagina", "de", "prețuri", "гарячий", "від", "x".repeat(40), "what", "if"];
    const text = (n: number) => Array.from({ length: n }, (_, i) => words[(i * 7) % words.length]).join(" ");
    // The fastest of a few runs: other work on the machine only ever adds time.
    const time = (n: number) => {
      const input = text(n);
      let fastest = Infinity;
      for (let k = 0; k < 4; k++) {
        const started = performance.now();
        readWeightsPhrase(input, config);
        fastest = Math.min(fastest, performance.now() - started);
      }
      return fastest;
    };
    time(100);
    const small = Math.max(time(500), 1);
    const large = time(4000);
    // Eight times the words: well under sixty-four times the time (a quadratic reader).
    expect(large / small).toBeLessThan(24);
    // One very long word (a paste of base64, say) is read as fast.
    const started = performance.now();
    readWeightsPhrase(`demo ${"Ж".repeat(50_000)} 50`, config);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
