/** Русский. Лексика отделов продаж: лид, сделка, воронка, квалификация. */
import type { Translations } from "../catalog.js";

export const ru: Translations = {
  "stage.new": "Новый",
  "stage.mql": "MQL",
  "stage.sal": "SAL",
  "stage.sql": "SQL",
  "stage.won": "Сделка выиграна",
  "stage.lost": "Сделка проиграна",
  "stage.disqualified": "Дисквалифицирован",
  "count.leads": "{count, plural, one {# лид} few {# лида} many {# лидов} other {# лида}}",
  "count.days": "{count, plural, one {# день} few {# дня} many {# дней} other {# дня}}",
  "count.alerts": "{count, plural, one {# уведомление} few {# уведомления} many {# уведомлений} other {# уведомления}}",

  "alert.header": "{tier} лид: {lead} (#{id})",
  "alert.score": "Баллы",
  "alert.stage": "Этап",
  "alert.owner": "Ответственный",
  "alert.unclaimed": "ничей",
  "alert.nextAction": "Следующий шаг",
  "alert.why": "Почему",
  "alert.claim": "Взять себе",
  "alert.logCall": "Записать звонок",
  "alert.snooze": "Отложить на день",
};
