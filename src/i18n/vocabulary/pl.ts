import { stripEndings } from "./stemming.js";
import type { Vocabulary } from "./types.js";

const ENDINGS = [
  "ami", "ach", "owi", "iem", "ego", "emu", "ych", "ich", "ymi", "imi", "ów", "om", "em", "ie", "ia", "iu", "ę", "ą", "y", "i", "a", "e", "o", "u",
];

const DECISION_MAKER = ["decydent", "osoba decyzyjna", "decyzyjność", "uprawnienia decyzyjne"];

/** Polish, as a B2B sales team writes in its work chat: lead, szansa sprzedaży, lejek, kwalifikacja. */
export const pl: Vocabulary = {
  language: "pl",
  stem: stripEndings(ENDINGS, 3),
  negativePrefixes: ["nie", "bez"],
  rules: {
    website_visit: {
      labels: ["Wizyta na stronie"],
      synonyms: ["wizyta", "wizyta na stronie", "wejście na stronę", "odwiedziny", "odwiedził stronę", "odsłona", "wyświetlenie strony", "www"],
    },
    pricing_page: {
      labels: ["Wyświetlenie cennika"],
      synonyms: ["cennik", "strona z cennikiem", "strona cennika", "ceny", "cena", "wyświetlenie cennika", "pricing", "obejrzał stronę z cennikiem"],
    },
    guide_download: {
      labels: ["Pobranie poradnika"],
      synonyms: ["poradnik", "pobranie", "pobrał", "pobranie poradnika", "przewodnik", "e-book", "ebook", "whitepaper", "pdf", "materiał", "lead magnet", "pobrał poradnik"],
    },
    newsletter_signup: {
      labels: ["Zapis do newslettera"],
      synonyms: ["newsletter", "zapis", "zapis do newslettera", "zapis na newsletter", "subskrypcja", "zapisał się", "email", "e-mail", "mail"],
    },
    email_click: {
      labels: ["Kliknięcie linku w mailu"],
      synonyms: ["kliknięcie", "klik", "klik w mailu", "kliknięcie w link", "kliknięcie w mailu", "email", "e-mail", "mail"],
    },
    webinar_attended: {
      labels: ["Udział w webinarze"],
      synonyms: ["webinar", "webinarium", "udział w webinarze", "był na webinarze"],
    },
    quote_request: {
      labels: ["Zapytanie ofertowe", "Prośba o wycenę"],
      synonyms: ["zapytanie ofertowe", "wycena", "prośba o wycenę", "zapytanie o cenę", "zapytanie o ofertę", "oferta", "rfq", "quote"],
    },
    demo_request: {
      labels: ["Prośba o demo", "Zapytanie o demo"],
      synonyms: ["demo", "prezentacja", "prośba o demo", "zapytanie o demo", "zapis na demo", "pokaz produktu", "prezentacja produktu"],
    },
    purchase: {
      labels: ["Zakup"],
      synonyms: ["zakup", "zamówienie", "kupił", "kupiła", "sprzedaż", "płatność", "opłacone"],
    },
    careers_page: {
      labels: ["Wizyta na stronie kariery"],
      synonyms: ["kariera", "strona kariery", "oferty pracy", "praca", "rekrutacja", "kandydat", "szuka pracy", "odwiedził stronę kariery"],
    },
    complaint_unjustified: {
      labels: ["Nieuzasadniona reklamacja"],
      synonyms: ["reklamacja", "skarga", "nieuzasadniona reklamacja", "bezpodstawna skarga", "bezpodstawna reklamacja"],
    },
    no_response_to_offer: {
      labels: ["Brak odpowiedzi na ofertę"],
      synonyms: ["brak odpowiedzi", "bez odpowiedzi", "nie odpowiedział", "zignorował ofertę", "ignoruje", "zniknął", "cisza"],
    },
    title_consultant: {
      labels: ["Stanowisko zawiera „konsultant”"],
      synonyms: ["konsultant", "konsultanci", "doradca", "stanowisko konsultant"],
    },
    bant_budget: { labels: ["Budżet potwierdzony"], synonyms: ["budżet"] },
    bant_authority: { labels: ["Rozmowa z decydentem"], synonyms: DECISION_MAKER },
    bant_need: { labels: ["Potrzeba potwierdzona"], synonyms: ["potrzeba", "potrzeby"] },
    bant_timing: { labels: ["Termin potwierdzony"], synonyms: ["termin", "terminy", "harmonogram", "czas zakupu", "timing"] },
    champ_challenges: { labels: ["Wyzwania potwierdzone"], synonyms: ["wyzwania", "wyzwanie", "problemy", "problem", "bolączki"] },
    champ_authority: { labels: ["Rozmowa z decydentem"], synonyms: DECISION_MAKER },
    champ_money: { labels: ["Są pieniądze"], synonyms: ["pieniądze", "środki", "finanse", "kasa"] },
    champ_prioritization: { labels: ["Priorytet dla kupującego"], synonyms: ["priorytet", "priorytety", "priorytetyzacja"] },
    meeting_booked: {
      labels: ["Umówione spotkanie"],
      synonyms: ["spotkanie", "umówione spotkanie", "spotkanie umówione", "umówiliśmy spotkanie"],
    },
    not_interested: {
      labels: ["Brak zainteresowania"],
      synonyms: ["niezainteresowany", "nie jest zainteresowany", "nie zainteresowany", "brak zainteresowania", "odmowa"],
    },
    buying_cycle: {
      labels: ["Czas na ponowny zakup (cykl zakupowy)"],
      synonyms: ["cykl", "cykl zakupowy", "ponowny zakup", "ponowne zamówienie", "kolejny zakup"],
    },
  },
  outcomes: {
    connected: ["połączono", "rozmowa", "rozmawialiśmy", "dodzwoniłem się", "dodzwoniłam się", "dodzwoniłem", "dodzwoniłam"],
    no_answer: ["nie odebrał", "nie odebrała", "nie odbiera", "nikt nie odebrał", "nie odpowiada", "brak odpowiedzi", "nie dodzwoniłem się", "nie dodzwoniłam się"],
    voicemail: ["poczta głosowa", "skrzynka głosowa", "sekretarka", "nagrałem wiadomość", "nagrałam wiadomość"],
    meeting_booked: ["spotkanie", "umówione spotkanie", "spotkanie umówione", "umówiliśmy spotkanie", "umówione"],
    not_interested: ["niezainteresowany", "niezainteresowana", "nie jest zainteresowany", "nie jest zainteresowana", "nie zainteresowany", "brak zainteresowania", "odmowa"],
    won: ["wygrana", "wygraliśmy", "sprzedane", "podpisane", "zamknięta wygrana"],
    lost: ["przegrana", "przegraliśmy", "stracona", "utracona", "zamknięta przegrana"],
  },
  answers: {
    yes: ["tak", "jasne", "potwierdzone", "oczywiście", "+"],
    no: ["nie", "brak"],
    unknown: ["nie wiem", "nieznane", "nie wiadomo", "do ustalenia", "brak danych", "?"],
  },
  tiers: {
    hot: ["gorący", "gorąca", "gorące", "gorących", "gorącego", "gorącym"],
    warm: ["ciepły", "ciepła", "ciepłe", "ciepłych", "ciepłego", "ciepłym"],
    cold: ["zimny", "zimna", "zimne", "zimnych", "zimnego", "zimnym"],
  },
  leadFilters: {
    mine: ["moje", "mój", "moje leady"],
    unclaimed: ["wolne", "nieprzypisane", "bez właściciela", "nieprzejęte"],
    all: ["wszystkie", "wszystkie leady"],
  },
  periods: {
    units: {
      hour: ["h", "godz", "godzina", "godziny", "godzin", "godzinę"],
      day: ["d", "dzień", "dni", "dnia", "dniach", "doba", "doby"],
      week: ["tydz", "tyg", "tydzień", "tygodnie", "tygodni", "tygodnia", "tygodniach"],
      month: ["mies", "miesiąc", "miesiące", "miesięcy", "miesiąca", "miesiącach"],
      year: ["rok", "lata", "lat", "roku"],
    },
    glue: [],
    current: {
      week: ["tydzień", "ten tydzień", "bieżący tydzień", "w tym tygodniu"],
      month: ["miesiąc", "ten miesiąc", "bieżący miesiąc", "w tym miesiącu"],
      quarter: ["kwartał", "ten kwartał", "bieżący kwartał", "w tym kwartale"],
    },
    filler: ["ostatnie", "ostatnich", "ostatni", "z", "przez"],
  },
  numbers: {
    zero: 0, jeden: 1, jedna: 1, dwa: 2, dwie: 2, trzy: 3, cztery: 4, pięć: 5, sześć: 6, siedem: 7, osiem: 8, dziewięć: 9, dziesięć: 10,
    piętnaście: 15, dwadzieścia: 20, trzydzieści: 30, czterdzieści: 40, pięćdziesiąt: 50, sześćdziesiąt: 60, siedemdziesiąt: 70,
    osiemdziesiąt: 80, dziewięćdziesiąt: 90, sto: 100,
  },
  weights: {
    filler: (
      "ustaw ustawmy ustawcie ustawić zrób zróbmy zrobić zmień zmieńmy zmienić zaktualizuj daj dajmy dać niech będzie będą był była było " +
      "były być jest są to ten ta te i a ale na w we do dla za po z ze od o przy że żeby chcę chcemy trzeba proszę pls punkt punkty punktów " +
      "punktu pkt reguła regułę reguły waga wagę wagi nowa nowy nowe nową wartość teraz tylko ok okej no każdy każdą każde każda licz liczyć nalicz naliczaj"
    ).split(" "),
    negations: ["nie", "bez", "brak"],
    points: ["p", "pkt", "punkt", "punkty", "punktów", "punktu", "punktach"],
    times: ["raz", "razy"],
    validity: ["ważny", "ważna", "ważne", "ważność", "wygasa", "wygasają", "obowiązuje", "obowiązują", "żyje", "żyją", "okres ważności", "termin ważności"],
    validityNone: ["nigdy"],
    forever: ["na zawsze", "bezterminowo", "zawsze", "nie wygasa", "nie wygasają", "nigdy nie wygasa", "nigdy nie wygasają", "bez terminu", "bez terminu ważności", "bez wygasania"],
    max: ["maks", "maksimum", "maksymalnie", "limit", "najwyżej", "co najwyżej", "nie więcej niż", "nie częściej niż"],
    noLimit: ["brak", "bez", "żaden"],
    noMax: ["bez limitu", "bez limitów", "bez ograniczeń", "bez ograniczenia", "bez maksimum", "nieograniczenie", "bez maks"],
    raise: ["podnieś", "podnieśmy", "podnieść", "zwiększ", "zwiększmy", "zwiększyć", "podwyższ", "podwyższyć", "podbij", "podbić"],
    lower: ["obniż", "obniżmy", "obniżyć", "zmniejsz", "zmniejszmy", "zmniejszyć", "zbij", "zbić", "zredukuj"],
    by: ["o"],
    byWithoutVerb: false,
    minus: ["minus"],
    plus: ["plus"],
    loneDashIsMinus: false,
    links: ["przez", "na", "do", "po", "w", "ciągu", "=", "będzie", "jest", "od"],
    whatIf: {
      openers: ["a", "i", "no", "ok", "okej", "hej"],
      leads: [
        "co jeśli", "a co jeśli", "co jeżeli", "a co jeżeli", "co gdyby", "a gdyby", "gdyby", "co by było gdyby", "co by było jeśli",
        "co się stanie jeśli", "co się stanie gdy", "co się zmieni jeśli", "załóżmy", "załóżmy że", "przypuśćmy", "przypuśćmy że",
        "jeśli", "jeżeli", "sprawdź",
      ],
      tails: ["co wtedy", "co się stanie", "co by było", "co się zmieni"],
    },
    thresholds: (
      "próg progi progu progiem od z na przy do zaczyna zaczynają minimum min lead leady leadów leada punkt punkty punktów pkt będzie " +
      "będą ustaw ustawić zmień zmienić podnieś obniż niech i a co jeśli jeżeli dla poziom granica powyżej = klient klienci"
    ).split(" "),
  },
};
