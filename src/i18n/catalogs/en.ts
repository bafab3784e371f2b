/**
 * English: the source of every message key (src/i18n/catalog.ts). ICU MessageFormat: {name}
 * is a placeholder, {count, plural, one {…} other {…}} a plural ("#" is the number). Keys are
 * `<view or command>.<what>`. What people type (a command line with its arguments, a rule key,
 * an example value) is a placeholder, never message text: it stays the same in every language.
 * A bare command name (/lead) may stay in the text. README, "Languages".
 */
export const en = {
  // ---- shared words ------------------------------------------------------------------------
  "stage.new": "New",
  "stage.mql": "MQL",
  "stage.sal": "SAL",
  "stage.sql": "SQL",
  "stage.won": "Won",
  "stage.lost": "Lost",
  "stage.disqualified": "Disqualified",
  "count.leads": "{count, plural, one {# lead} other {# leads}}",
  "count.days": "{count, plural, one {# day} other {# days}}",
  "count.alerts": "{count, plural, one {# alert} other {# alerts}}",

  // ---- the hot-lead alert (src/views/alert.view.ts) ----------------------------------------
  "alert.header": "{tier} lead: {lead} (#{id})",
  "alert.score": "Score",
  "alert.stage": "Stage",
  "alert.owner": "Owner",
  "alert.unclaimed": "unclaimed",
  "alert.nextAction": "Next action",
  "alert.why": "Why",
  "alert.claim": "Claim",
  "alert.logCall": "Log call",
  "alert.snooze": "Snooze 1 day",

  // ---- choosing a language (src/views/language.view.ts) -------------------------------------
  "language.name": "{name} ({code})",
  "language.teamSet": "This team now speaks {language}: alerts, the digest and answers everyone here reads (set by {name}).",
  "language.mineSet": "I'll answer you in {language}. {auto} goes back to your app's language.",
  "language.mineAuto": "I'll answer you in your app's language when I speak it, else in the team's: {language} for now.",
  "language.header": "Your language",
  "language.yours": "Your answers",
  "language.chosen": "{language}, your choice",
  "language.automatic": "{language}, automatic",
  "language.team": "The team's chat",
  "language.change": "Change yours: {mine} (or {auto}). Admins change the team's: {team}. I speak: {codes}.",
  "language.which": "Which language? I speak: {codes}.",
} as const;
