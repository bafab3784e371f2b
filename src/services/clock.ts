/** Time comes from here so tests and benchmarks control it. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** The calendar date (YYYY-MM-DD) at `at` in `timeZone`. */
export { localDate as localDay } from "../domain/local-time.js";
