import pino, { type Logger } from "pino";

/**
 * JSON logs to stderr, so stdout stays the conversation in console mode; pretty when a
 * person is watching the terminal.
 */
export function createLogger(level: string, pretty: boolean): Logger {
  const redact = { paths: ["*.token", "*.secret", "*.apiKey", "*.authorization", "*.password", "DATABASE_URL"], censor: "[redacted]" };
  if (pretty) {
    return pino({ level, redact, transport: { target: "pino-pretty", options: { destination: 2, colorize: true, ignore: "pid,hostname" } } });
  }
  return pino({ level, redact }, pino.destination(2));
}
