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

  // ---- the commands: what /help and the command menus say (commands/*.ts) -----------------
  // `.summary` is one line for /help and Telegram's menu; `.menu` a shorter one where a menu
  // is tight (Slack); `.help` the longer help, whose {placeholders} are typed examples.
  "command.lead.summary": "Look up, add, list, claim and assign leads.",
  "command.lead.help": "Examples:\n{status}\n{trend} (a chart of the score and what moved it)\n{add}\n{list}\n{claim}\n{event}\n{snooze} (silences hot alerts for a lead)\n{export} (a file of the hot leads) · {import} with a CSV/XLSX attached",
  "command.qualify.summary": "Capture BANT (or CHAMP) answers for a lead.",
  "command.qualify.help": "Answer each question with {yes}, {no} or {unknown}, and add a note after a colon.\nBANT: {bant}. CHAMP: {champ}.\n3 of 4 answered yes moves the lead to SQL.\nExample: {example}\nWithout answers you get a form with what is known so far.",
  "command.log.summary": "Log a call and its outcome.",
  "command.log.help": "Example: {example}\nWithout an outcome you get buttons to pick one. {meeting} and {notInterested} change the score; {won} and {lost} close the lead.",
  "command.weights.summary": "See the scoring rules; managers change them (with a preview first).",
  "command.weights.help": "Every change shows which leads would change tier before anything happens; confirm to apply.\nExamples: {examples}\n{more}\nOr say it in words: {words}\nAsk \"what if\" to see the effect without changing anything: {whatIf}\nRule names may be loose (plurals, labels, typos, \"orders\", \"downloads\"); if several rules fit, you get a choice.",
  "command.digest.summary": "The morning digest of hot leads: see it, preview it, and (managers) set when and where it goes.",
  "command.digest.menu": "The morning digest of hot leads",
  "command.digest.help": "Every team gets a morning digest at its local time (default 09:00, Monday to Friday): hot leads ranked, new since yesterday, biggest movers, leads about to cool down, unclaimed leads and a line per rep.\n{preview} shows it to you now. Managers: {time} · {days} · {channel} (type it where alerts and the digest should go) · {now} (post it now).",
  "command.team.summary": "Run the team: members and roles, removing people, joining, settings and audit; how it works its hot leads (stats).",
  "command.team.menu": "Run the team — members, roles, joining, settings, audit; stats for managers",
  "command.team.help": "{members} lists everyone with their role and open leads. Admins: {role}, {remove} (then give their leads to someone, or leave them unclaimed), {join} (newcomers wait for an admin), {audit}.\n{settings} shows where alerts and the digest go, the digest time and days, the time zone ({timezone}) and who may join. {language} sets the language of alerts, the digest and the team's chat.\n{stats} shows the last 30 days; {statsWindows} for other rolling windows, or {statsPeriods} for the calendar period so far (weeks start on Monday, in the team's time zone).\nPer rep: hot leads claimed, median time from a hot alert to their first logged call, meetings booked and leads won. Per week: hot alerts sent and how many someone acted on (claimed or called), and how fast.\nWhen fewer than half of the alerts in recent weeks are acted on, it suggests a higher hot threshold to preview with {thresholds}.\n{chart} draws hot leads per week as a picture.",
  "command.admin.summary": "Team administration: API keys for the ingestion API, message delivery (admins only).",
  "command.admin.menu": "API keys for the ingestion API, message delivery (admins)",
  "command.admin.help": "Example: {example}\nThe new key is shown once, only to you (in a group chat: in your private chat with the bot); only its hash is stored. {list} shows each key's prefix and when it was last used; {revoke} stops it at once.",
  "command.me.summary": "Your own settings: the language I answer you in.",
  "command.me.help": "{me} shows the language I answer you in and the team's. {example} answers you in Polish wherever only you read the answer; {auto} goes back to your app's language (else the team's). Alerts and the digest use the team's language: {team}.",
  "command.help.summary": "What each command does.",
  "command.help.menu": "What each lead-scoring command does",
  "command.help.help": "Try {lead} or {weights}.",
  "command.cancel.summary": "Stop the step-by-step form you are filling in.",

  // ---- /help (commands/help.ts, src/views/help.view.ts) --------------------------------------
  "help.header": "Lead scoring bot",
  "help.footer": "{example} for examples. Leads can be named by part of the name, email, phone or #id.",
  "help.usage": "Usage",
  "help.unknown": "There is no /{name} command.",

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
