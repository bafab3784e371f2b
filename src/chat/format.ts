/** Small text formatters shared by every command reply. */

export const signed = (n: number): string => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "0");

export function shortDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone }).format(at);
}

export function dateTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone }).format(at);
}

/** "in 3 days", "in 5 hours", "tomorrow": how far away an expiry is, as people say it. */
export function fromNow(at: Date, now: Date): string {
  const ms = at.getTime() - now.getTime();
  const hours = Math.round(ms / 3_600_000);
  if (ms <= 0) return "now";
  if (hours < 1) return "within the hour";
  if (hours < 24) return `in ${hours} h`;
  const days = Math.round(ms / 86_400_000);
  return days === 1 ? "tomorrow" : `in ${days} days`;
}

export function ago(at: Date, now: Date): string {
  const days = Math.floor((now.getTime() - at.getTime()) / 86_400_000);
  if (days <= 0) return "today";
  if (days === 1) return "yesterday";
  return `${days} days ago`;
}

const BARS = "▁▂▃▄▅▆▇█";

/** A one-line chart of scores: readable in a terminal, Slack and Telegram alike. */
export function sparkline(values: number[]): string {
  if (values.length === 0) return "";
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values.map((v) => BARS[max === min ? 3 : Math.round(((v - min) / (max - min)) * (BARS.length - 1))]).join("");
}

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const stageLabel = (stage: string): string =>
  ({ new: "New", mql: "MQL", sal: "SAL", sql: "SQL", won: "Won", lost: "Lost", disqualified: "Disqualified" })[stage] ?? stage;
