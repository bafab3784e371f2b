import pino, { type Logger } from "pino";

/** What a job logs through: the app's pino logger, or a silent one in tests. */
export type JobLog = Pick<Logger, "info" | "warn" | "error" | "debug">;

export const silentLog: JobLog = pino({ level: "silent" });
