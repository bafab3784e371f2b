import { englishStem } from "./stemming.js";
import type { Vocabulary } from "./types.js";

/** English: the words `/weights` in plain words understood before there were other languages, unchanged. */
export const en: Vocabulary = {
  language: "en",
  stem: englishStem,
  negativePrefixes: ["un", "non"],
  rules: {
    website_visit: { labels: ["Website visit"], synonyms: ["visit", "site visit", "web visit", "page visit", "web page visit", "page view", "pageview", "view", "website", "site"] },
    pricing_page: { labels: ["Viewed the pricing page"], synonyms: ["pricing", "price", "price page", "prices page", "pricing view"] },
    guide_download: { labels: ["Downloaded a guide"], synonyms: ["download", "guide", "whitepaper", "white paper", "ebook", "e-book", "pdf", "content download"] },
    newsletter_signup: { labels: ["Newsletter signup"], synonyms: ["newsletter", "subscribe", "subscription", "signup", "sign up", "email signup", "email"] },
    email_click: { labels: ["Clicked a link in an email"], synonyms: ["click", "email click", "link click", "mail click", "email", "email link"] },
    webinar_attended: { labels: ["Attended a webinar"], synonyms: ["webinar", "webinar attendance", "attended webinar", "webinar visit"] },
    quote_request: { labels: ["Quote request"], synonyms: ["quote", "rfq", "quote ask", "request for quote", "request a quote"] },
    demo_request: { labels: ["Demo request"], synonyms: ["demo", "demo ask", "request a demo", "demo booking"] },
    purchase: { labels: ["Purchase"], synonyms: ["order", "buy", "bought", "sale", "purchased"] },
    careers_page: { labels: ["Visited the careers page"], synonyms: ["career", "job page", "jobs page", "job seeker", "jobs", "job"] },
    complaint_unjustified: { labels: ["Unjustified complaint"], synonyms: ["complaint", "unjustified complaint", "bad complaint"] },
    no_response_to_offer: { labels: ["No response to an offer"], synonyms: ["no response", "no reply", "ignored offer", "unanswered offer", "ghosted", "offer ignored"] },
    title_consultant: { labels: ["Job title contains “consultant”"], synonyms: ["consultant", "consultant title", "consultant job title"] },
    bant_budget: { labels: ["Budget confirmed"], synonyms: ["budget"] },
    bant_authority: { labels: ["Talking to the decision maker"], synonyms: ["authority", "decision maker"] },
    bant_need: { labels: ["Need confirmed"], synonyms: ["need"] },
    bant_timing: { labels: ["Timing confirmed"], synonyms: ["timing", "timeline"] },
    champ_challenges: { labels: ["Challenges confirmed"], synonyms: ["challenge"] },
    champ_authority: { labels: ["Talking to the decision maker"], synonyms: ["authority", "decision maker"] },
    champ_money: { labels: ["Money available"], synonyms: ["money"] },
    champ_prioritization: { labels: ["Prioritised by the buyer"], synonyms: ["prioritization", "prioritisation", "priority"] },
    meeting_booked: { labels: ["Meeting booked"], synonyms: ["meeting", "booked meeting", "booking", "meeting set"] },
    not_interested: { labels: ["Said not interested"], synonyms: ["uninterested", "no interest", "not interest"] },
    buying_cycle: { labels: ["Due to buy again (buying cycle)"], synonyms: ["cycle", "rebuy", "repeat purchase", "due to buy", "buy again", "reorder"] },
  },
  outcomes: {
    connected: ["connected"],
    no_answer: ["no_answer", "no answer"],
    voicemail: ["voicemail", "voice mail"],
    meeting_booked: ["meeting_booked", "meeting booked"],
    not_interested: ["not_interested", "not interested"],
    won: ["won"],
    lost: ["lost"],
  },
  answers: {
    yes: ["yes", "y"],
    no: ["no", "n"],
    unknown: ["unknown", "?", "not sure", "don't know"],
  },
  tiers: { hot: ["hot"], warm: ["warm"], cold: ["cold"] },
  leadFilters: { mine: ["mine"], unclaimed: ["unclaimed"], all: ["all"] },
  periods: {
    units: {
      hour: ["h", "hr", "hrs", "hour", "hours"],
      day: ["d", "day", "days"],
      week: ["w", "wk", "wks", "week", "weeks"],
      month: ["m", "mo", "month", "months"],
      year: ["y", "yr", "year", "years"],
    },
    glue: [],
    current: { week: ["week", "this week"], month: ["month", "this month"], quarter: ["quarter", "this quarter"] },
    filler: ["last", "past", "the"],
  },
  numbers: {
    zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
    eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60,
    seventy: 70, eighty: 80, ninety: 90, hundred: 100,
  },
  weights: {
    filler: (
      "the a an of for to at as on in per each every is are be was were been being = make made set change changed update give gave " +
      "put let lets have has score scoring rule rules weight weighting worth points point pts pt please pls now should could would " +
      "will we i you it its count counted counting only times time and so then instead value new them that this with hey ok okay"
    ).split(" "),
    negations: ["no", "not", "non", "never", "without"],
    points: ["p", "pt", "pts", "point", "points"],
    times: ["times", "time", "x"],
    validity: ["valid", "validity", "expire", "expires", "expiry", "expiring", "expiration", "lasts", "lasting"],
    validityNone: ["none", "never", "off"],
    forever: ["forever", "permanent", "permanently", "never expire", "never expires", "no expiry", "no expiration", "doesnt expire", "dont expire"],
    max: ["max", "maximum", "cap", "capped", "limit", "limited", "at most", "up to", "no more than", "not more than"],
    noLimit: ["unlimited", "uncapped", "none", "off", "no"],
    noMax: ["unlimited", "uncapped", "no max", "no limit", "no cap", "no maximum"],
    raise: ["raise", "increase", "bump", "boost", "up"],
    lower: ["lower", "reduce", "decrease", "cut", "drop"],
    by: ["by"],
    byWithoutVerb: true,
    minus: ["minus", "negative", "neg"],
    plus: ["plus"],
    loneDashIsMinus: true,
    links: ["for", "after", "in", "to", "at", "of", "=", "is", "be", "within"],
    whatIf: {
      openers: ["so", "and", "ok", "okay", "hey"],
      leads: [
        "what if", "what about", "what happens if", "what would happen if", "what would it look like if", "what would it do if",
        "what s the effect if", "what is the effect if", "what would change if", "whats the effect if",
        "suppose", "imagine", "hypothetically", "whatif", "simulate", "try",
      ],
      tails: ["what would happen", "what happens", "what then", "what would change", "what changes"],
    },
    thresholds: (
      "threshold thresholds tier tiers lead leads score scores at to from is be = and make set change move raise lower put the a min " +
      "minimum starts start begins begin above over point points pts should were was would it for of what if we i"
    ).split(" "),
  },
};
