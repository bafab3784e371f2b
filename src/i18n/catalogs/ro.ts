/** Română. Vocabularul echipelor de vânzări: lead, oportunitate, pâlnie, calificare. */
import type { Translations } from "../catalog.js";

export const ro: Translations = {
  "stage.new": "Nou",
  "stage.mql": "MQL",
  "stage.sal": "SAL",
  "stage.sql": "SQL",
  "stage.won": "Câștigat",
  "stage.lost": "Pierdut",
  "stage.disqualified": "Descalificat",
  "count.leads": "{count, plural, one {# lead} few {# lead-uri} other {# de lead-uri}}",
  "count.days": "{count, plural, one {# zi} few {# zile} other {# de zile}}",
  "count.alerts": "{count, plural, one {# alertă} few {# alerte} other {# de alerte}}",

  "alert.header": "Lead {tier}: {lead} (#{id})",
  "alert.score": "Scor",
  "alert.stage": "Etapă",
  "alert.owner": "Responsabil",
  "alert.unclaimed": "nealocat",
  "alert.nextAction": "Următorul pas",
  "alert.why": "De ce",
  "alert.claim": "Preiau",
  "alert.logCall": "Notează apelul",
  "alert.snooze": "Amână o zi",
};
