/**
 * Every limit on what reaches the store, in one place. The README's "Limits and errors" table
 * lists each of these; a test compares the two, so a limit cannot change silently.
 *
 * The numbers are generous for real sales data and small enough that no single item, file or
 * lead can make the bot slow for the rest of the team.
 */
export const LIMITS = {
  /** A lead's name, company and title. */
  leadText: 200,
  /** An email address (RFC 5321's path limit). */
  email: 254,
  /** A phone number as written, spaces and punctuation included. */
  phone: 40,
  /** External ids: a lead's id in another system, an event's idempotency key. */
  externalId: 200,
  /** An event type (a rule's `type`). */
  eventType: 100,
  /** A note on a call, an answer or an event typed in chat. */
  note: 2_000,
  /** A rule's label, as shown in /weights. */
  ruleLabel: 100,
  /** A fit attribute's key. */
  attributeKey: 100,
  /** A fit attribute's text value. */
  attributeValue: 1_000,
  /** A repeat buyer's buying cycle (`cycleDays`, `cycle_days`), in whole days from 1. */
  cycleDays: 3_650,
  /** Fit attributes one lead may hold. */
  attributesPerLead: 100,
  /** Distinct attribute keys across a team's leads (each is an export column). */
  attributeKeysPerTeam: 500,
  /** An event's payload, as JSON text, in bytes. */
  payloadBytes: 16_384,
  /** How deeply an event's payload may nest objects and arrays. */
  payloadDepth: 32,
  /** A chat command line, in characters. */
  commandLine: 8_000,
  /** Columns read from an imported file (the rest of a row is ignored with a note). */
  fileColumns: 200,
  /** The earliest date an event, a purchase or an import may carry. */
  earliest: new Date("1970-01-01T00:00:00Z"),
  /** How far in the future a sending system's clock may be. */
  futureMs: 5 * 60_000,
} as const;
