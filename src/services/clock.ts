/** Time comes from here so tests and benchmarks control it. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** The calendar date (YYYY-MM-DD) at `at` in `timeZone`. */
export function localDay(at: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}
