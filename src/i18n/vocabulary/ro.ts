import { stripEndings } from "./stemming.js";
import type { Vocabulary } from "./types.js";

const ENDINGS = ["urilor", "ilor", "elor", "ului", "urile", "ile", "ele", "lor", "uri", "ul", "ua", "ea", "ii", "le", "ă", "a", "e", "i", "u"];

const DECISION_MAKER = ["factor de decizie", "factorul de decizie", "decident", "autoritate", "putere de decizie"];

/** Romanian, as a B2B sales team writes in its work chat: lead, oportunitate, pâlnie de vânzări, calificare. */
export const ro: Vocabulary = {
  language: "ro",
  stem: stripEndings(ENDINGS, 3),
  negativePrefixes: ["ne", "dez"],
  rules: {
    website_visit: {
      labels: ["Vizită pe site"],
      synonyms: ["vizită", "vizită pe site", "accesare site", "a intrat pe site", "site", "vizualizare pagină", "afișare pagină"],
    },
    pricing_page: {
      labels: ["A văzut pagina de prețuri"],
      synonyms: ["prețuri", "preț", "pagina de prețuri", "lista de prețuri", "tarife", "pagina de tarife", "pricing"],
    },
    guide_download: {
      labels: ["A descărcat un ghid"],
      synonyms: ["ghid", "descărcare", "a descărcat", "descărcare ghid", "ebook", "e-book", "whitepaper", "pdf", "material"],
    },
    newsletter_signup: {
      labels: ["Abonare la newsletter"],
      synonyms: ["newsletter", "abonare", "abonare la newsletter", "înscriere la newsletter", "s-a abonat", "email", "e-mail", "mail"],
    },
    email_click: {
      labels: ["Click într-un email"],
      synonyms: ["click", "clic", "click în email", "click pe link", "clic pe link", "email", "e-mail", "mail"],
    },
    webinar_attended: {
      labels: ["A participat la un webinar"],
      synonyms: ["webinar", "participare la webinar", "a fost la webinar", "a participat la webinar"],
    },
    quote_request: {
      labels: ["Cerere de ofertă"],
      synonyms: ["cerere de ofertă", "ofertă", "cotație", "cerere de preț", "solicitare de ofertă", "rfq", "quote"],
    },
    demo_request: {
      labels: ["Cerere de demo"],
      synonyms: ["demo", "demonstrație", "cerere de demo", "solicitare demo", "programare demo", "prezentare produs"],
    },
    purchase: {
      labels: ["Achiziție"],
      synonyms: ["achiziție", "cumpărare", "comandă", "a cumpărat", "vânzare", "plată"],
    },
    careers_page: {
      labels: ["A vizitat pagina de cariere"],
      synonyms: ["cariere", "carieră", "pagina de cariere", "locuri de muncă", "joburi", "job", "recrutare", "candidat"],
    },
    complaint_unjustified: {
      labels: ["Reclamație nejustificată"],
      synonyms: ["reclamație", "plângere", "reclamație nejustificată", "plângere nejustificată"],
    },
    no_response_to_offer: {
      labels: ["Fără răspuns la ofertă"],
      synonyms: ["fără răspuns", "niciun răspuns", "nu a răspuns", "a ignorat oferta", "ignorat", "a dispărut"],
    },
    title_consultant: {
      labels: ["Funcția conține „consultant”"],
      synonyms: ["consultant", "consultanță", "funcție de consultant"],
    },
    bant_budget: { labels: ["Buget confirmat"], synonyms: ["buget"] },
    bant_authority: { labels: ["Discuție cu factorul de decizie"], synonyms: DECISION_MAKER },
    bant_need: { labels: ["Nevoie confirmată"], synonyms: ["nevoie", "nevoi"] },
    bant_timing: { labels: ["Termen confirmat"], synonyms: ["termen", "termene", "calendar", "timing"] },
    champ_challenges: { labels: ["Provocări confirmate"], synonyms: ["provocări", "provocare", "probleme", "problemă"] },
    champ_authority: { labels: ["Discuție cu factorul de decizie"], synonyms: DECISION_MAKER },
    champ_money: { labels: ["Bani disponibili"], synonyms: ["bani", "fonduri", "finanțare"] },
    champ_prioritization: { labels: ["Prioritar pentru cumpărător"], synonyms: ["prioritate", "priorități", "prioritizare"] },
    meeting_booked: {
      labels: ["Întâlnire programată"],
      synonyms: ["întâlnire", "întâlnire programată", "întâlnire stabilită", "meeting"],
    },
    not_interested: {
      labels: ["Fără interes"],
      synonyms: ["nu e interesat", "nu este interesat", "neinteresat", "dezinteresat", "refuz", "fără interes", "a spus că nu e interesat"],
    },
    buying_cycle: {
      labels: ["E timpul să cumpere din nou (ciclu de achiziție)"],
      synonyms: ["ciclu", "ciclu de achiziție", "ciclu de cumpărare", "recumpărare", "comandă repetată", "achiziție repetată"],
    },
  },
  outcomes: {
    connected: ["conectat", "am vorbit", "a răspuns", "contactat", "discuție"],
    no_answer: ["nu răspunde", "nu a răspuns", "n-a răspuns", "nu a raspuns la telefon", "fără răspuns", "nu răspunde la telefon"],
    voicemail: ["mesagerie", "mesagerie vocală", "căsuță vocală", "am lăsat mesaj"],
    meeting_booked: ["întâlnire", "întâlnire programată", "întâlnire stabilită", "am programat o întâlnire"],
    not_interested: ["nu e interesat", "nu este interesat", "nu e interesată", "nu este interesată", "neinteresat", "neinteresată", "refuz", "a refuzat"],
    won: ["câștigat", "câștigată", "vândut", "semnat", "închis cu succes"],
    lost: ["pierdut", "pierdută", "ratat", "închis fără succes"],
  },
  answers: {
    yes: ["da", "sigur", "confirmat", "desigur", "+"],
    no: ["nu"],
    unknown: ["nu știu", "necunoscut", "neclar", "nu se știe", "de stabilit", "?"],
  },
  tiers: {
    hot: ["fierbinte", "fierbinți"],
    warm: ["cald", "caldă", "calde", "calzi"],
    cold: ["rece", "reci"],
  },
  leadFilters: {
    mine: ["ale mele", "mele", "ai mei"],
    unclaimed: ["nerevendicate", "libere", "fără responsabil", "nealocate"],
    all: ["toate", "toți", "toate leadurile"],
  },
  periods: {
    units: {
      hour: ["h", "oră", "ore", "ora"],
      day: ["z", "zi", "zile", "zilei", "ziua"],
      week: ["săpt", "săptămână", "săptămâni", "săptămâna"],
      month: ["lună", "luni", "luna"],
      year: ["an", "ani", "anul"],
    },
    glue: ["de"],
    current: {
      week: ["săptămâna", "săptămâna aceasta", "săptămâna asta", "săptămâna curentă", "săptămână"],
      month: ["luna", "luna aceasta", "luna asta", "luna curentă", "lună"],
      quarter: ["trimestru", "trimestrul", "trimestrul acesta", "trimestrul curent"],
    },
    filler: ["ultimele", "ultima", "ultimii", "ultimul", "în", "pe"],
  },
  numbers: {
    // "nouă" (9) is left out: it is also "new", as in "regula nouă".
    zero: 0, unu: 1, una: 1, doi: 2, două: 2, trei: 3, patru: 4, cinci: 5, șase: 6, șapte: 7, opt: 8, zece: 10,
    cincisprezece: 15, douăzeci: 20, treizeci: 30, patruzeci: 40, cincizeci: 50, șaizeci: 60, șaptezeci: 70, optzeci: 80,
    nouăzeci: 90, sută: 100,
  },
  weights: {
    filler: (
      "fă faceți pune puneți setează setați seteaza schimbă schimbați modifică modificați actualizează dă dați să fie va vor fi ar a au e " +
      "este sunt era acesta aceasta asta și iar dar pe în la de din pentru cu către ca că vreau vrem trebuie te rog vă rog punct puncte " +
      "punctaj pct regula regulă reguli pondere ponderea valoare valoarea nou nouă noua acum doar numai ok okay deci fiecare valora " +
      "valoreze merită intr un o uri ul ului urile"
    ).split(" "),
    negations: ["nu", "fără", "niciun", "nicio"],
    points: ["p", "pct", "punct", "puncte", "punctaj"],
    times: ["ori", "dată", "dăți"],
    validity: ["valabil", "valabilă", "valabile", "valabili", "valabilitate", "valabilitatea", "expiră", "durează", "perioadă de valabilitate"],
    validityNone: ["niciodată"],
    forever: ["permanent", "permanentă", "pentru totdeauna", "pe termen nelimitat", "termen nelimitat", "nu expiră", "nu expiră niciodată", "niciodată nu expiră", "fără expirare", "fără termen"],
    max: ["maxim", "max", "maximum", "limită", "plafon", "cel mult", "nu mai mult de", "nu mai des de"],
    noLimit: ["fără", "deloc"],
    noMax: ["fără limită", "fără plafon", "fără maxim", "nelimitat", "nelimitate"],
    raise: ["crește", "creșteți", "mărește", "măriți", "ridică", "ridicați", "urcă"],
    lower: ["scade", "scădeți", "micșorează", "micșorați", "redu", "reduceți", "coboară"],
    by: ["cu"],
    byWithoutVerb: false,
    minus: ["minus"],
    plus: ["plus"],
    loneDashIsMinus: false,
    links: ["timp", "de", "pentru", "după", "în", "la", "=", "va", "fi", "pe", "este"],
    whatIf: {
      openers: ["și", "dar", "ok", "bine", "deci"],
      leads: [
        "ce-ar fi dacă", "ce ar fi dacă", "ce-ar fi să", "și dacă", "dar dacă", "dacă", "ce se întâmplă dacă", "ce s-ar întâmpla dacă",
        "ce se schimbă dacă", "să zicem că", "să presupunem că", "presupunând că", "presupunem că", "încearcă",
      ],
      tails: ["ce se întâmplă", "ce s-ar întâmpla", "ce se schimbă", "ce-ar fi"],
    },
    thresholds: (
      "prag praguri pragul pragului de la peste minim min lead leaduri uri leadul punct puncte pct fie să va vor ar fi fă pune setează " +
      "schimbă crește scade și iar ce dacă pentru nivel nivelul limita începe începând = client clienți"
    ).split(" "),
  },
};
