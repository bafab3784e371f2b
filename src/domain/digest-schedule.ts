/**
 * When a team's morning digest is due: pure functions over the team's settings and an instant.
 * Local dates, weekdays and clock times come from Intl, never from offset arithmetic, so
 * daylight-saving changes are the platform's problem, not ours.
 */

const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const DAY_LABELS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/** The wall clock in a time zone at one instant. */
export interface LocalClock {
  /** YYYY-MM-DD */
  date: string;
  /** 0 = Sunday … 6 = Saturday, as in cron. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

export function localClock(at: Date, timeZone: string): LocalClock {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const weekday = DAY_NAMES.indexOf(part("weekday").toLowerCase().slice(0, 3) as (typeof DAY_NAMES)[number]);
  return {
    date: `${part("year")}-${part("month")}-${part("day")}`,
    weekday,
    minutes: Number(part("hour")) * 60 + Number(part("minute")),
  };
}

/** "8:30", "08:30" → "08:30"; anything that is not a time of day → null. */
export function parseDigestTime(text: string): string | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/** Minutes since midnight of a stored "HH:MM" (09:00 if the stored value is broken). */
export function digestMinutes(time: string): number {
  const parsed = parseDigestTime(time) ?? "09:00";
  return Number(parsed.slice(0, 2)) * 60 + Number(parsed.slice(3));
}

const FULL_NAMES = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** "1", "mon", "Tues", "friday" → 0…6 (cron's 7 is Sunday too); null otherwise. */
const dayIndex = (word: string): number | null => {
  const w = word.trim().toLowerCase();
  if (/^[0-7]$/.test(w)) return Number(w) % 7;
  if (w.length < 3) return null;
  const index = FULL_NAMES.findIndex((name) => name.startsWith(w));
  return index >= 0 ? index : null;
};

/**
 * The weekdays a cron day-of-week field names: "1-5", "0,6", "*", and the spelled forms people
 * type ("mon-fri", "mon,wed,fri", "weekdays", "daily"). Null when it names no day or is not
 * a day-of-week field. Ranges may wrap ("fri-mon").
 */
export function digestDaySet(field: string): Set<number> | null {
  const text = field.trim().toLowerCase();
  if (["*", "daily", "every day", "everyday", "all"].includes(text)) return new Set([0, 1, 2, 3, 4, 5, 6]);
  if (["weekdays", "workdays"].includes(text)) return new Set([1, 2, 3, 4, 5]);
  if (["weekends", "weekend"].includes(text)) return new Set([0, 6]);
  const days = new Set<number>();
  for (const item of text.split(",")) {
    const [from, to, ...extra] = item.split("-");
    if (from === undefined || extra.length > 0) return null;
    const start = dayIndex(from);
    if (start === null) return null;
    if (to === undefined) {
      days.add(start);
      continue;
    }
    // "0-7" and "1-7" in cron include Sunday as 7.
    const end = to.trim() === "7" ? 7 : dayIndex(to);
    if (end === null) return null;
    const last = end < start ? end + 7 : end;
    for (let d = start; d <= last; d++) days.add(d % 7);
  }
  return days.size > 0 ? days : null;
}

/** A day set as cron day-of-week syntax, the way it is stored: "1-5", "0,6", "*". */
export function daysToCron(days: Set<number>): string {
  const sorted = [...days].sort((a, b) => a - b);
  if (sorted.length === 7) return "*";
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(j - i >= 2 ? `${sorted[i]}-${sorted[j]}` : sorted.slice(i, j + 1).join(","));
    i = j + 1;
  }
  return runs.join(",");
}

/** "Mon–Fri", "Mon, Wed, Fri", "every day": for people. */
export function describeDays(field: string): string {
  const days = digestDaySet(field);
  if (!days) return field;
  if (days.size === 7) return "every day";
  return daysToCron(days)
    .split(",")
    .map((run) => run.split("-").map((d) => DAY_LABELS[Number(d)]).join("–"))
    .join(", ");
}

/** How long after its time a digest still counts as on time (the check runs every minute). */
export const LATE_AFTER_MINUTES = 10;

export interface DigestDue {
  /** The local date the digest belongs to: the unit of "once per team per day". */
  localDate: string;
  due: boolean;
  /** Due, and sent well after its time: the bot was not running at digest time. */
  late: boolean;
}

/** Whether a team's digest for today is due at `now`: a digest day, at or after its local time. */
export function digestDue(team: { timezone: string; digestTime: string; digestDays: string }, now: Date): DigestDue {
  const local = localClock(now, team.timezone);
  const days = digestDaySet(team.digestDays) ?? new Set([1, 2, 3, 4, 5]);
  const since = local.minutes - digestMinutes(team.digestTime);
  const due = days.has(local.weekday) && since >= 0;
  return { localDate: local.date, due, late: due && since > LATE_AFTER_MINUTES };
}

/** The calendar day before a YYYY-MM-DD date (pure date arithmetic, no time zone involved). */
export function previousDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
