/** Polski. Słownictwo działów sprzedaży: lead, szansa sprzedaży, lejek, kwalifikacja. */
import type { Translations } from "../catalog.js";

export const pl: Translations = {
  "stage.new": "Nowy",
  "stage.mql": "MQL",
  "stage.sal": "SAL",
  "stage.sql": "SQL",
  "stage.won": "Wygrany",
  "stage.lost": "Przegrany",
  "stage.disqualified": "Zdyskwalifikowany",
  "count.leads": "{count, plural, one {# lead} few {# leady} many {# leadów} other {# leada}}",
  "count.days": "{count, plural, one {# dzień} few {# dni} many {# dni} other {# dnia}}",
  "count.alerts": "{count, plural, one {# alert} few {# alerty} many {# alertów} other {# alertu}}",

  "alert.header": "{tier} lead: {lead} (#{id})",
  "alert.score": "Punkty",
  "alert.stage": "Etap",
  "alert.owner": "Opiekun",
  "alert.unclaimed": "bez opiekuna",
  "alert.nextAction": "Następny krok",
  "alert.why": "Dlaczego",
  "alert.claim": "Biorę",
  "alert.logCall": "Zapisz rozmowę",
  "alert.snooze": "Odłóż o 1 dzień",
};
