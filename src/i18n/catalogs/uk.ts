/** Українська. Лексика відділів продажу: лід, угода, воронка, кваліфікація. */
import type { Translations } from "../catalog.js";

export const uk: Translations = {
  "stage.new": "Новий",
  "stage.mql": "MQL",
  "stage.sal": "SAL",
  "stage.sql": "SQL",
  "stage.won": "Угоду виграно",
  "stage.lost": "Угоду втрачено",
  "stage.disqualified": "Дискваліфіковано",
  "count.leads": "{count, plural, one {# лід} few {# ліди} many {# лідів} other {# ліда}}",
  "count.days": "{count, plural, one {# день} few {# дні} many {# днів} other {# дня}}",
  "count.alerts": "{count, plural, one {# сповіщення} few {# сповіщення} many {# сповіщень} other {# сповіщення}}",

  "alert.header": "{tier} лід: {lead} (#{id})",
  "alert.score": "Бали",
  "alert.stage": "Етап",
  "alert.owner": "Відповідальний",
  "alert.unclaimed": "нічий",
  "alert.nextAction": "Наступний крок",
  "alert.why": "Чому",
  "alert.claim": "Забрати",
  "alert.logCall": "Записати дзвінок",
  "alert.snooze": "Відкласти на день",
};
