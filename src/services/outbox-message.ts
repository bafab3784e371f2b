/**
 * What an outbox row says: the name of the view that words it and that view's data, never a
 * rendered message. The delivery worker renders it when it delivers (src/views/outbox-views.ts),
 * so the same alert can be worded per recipient later, and a wording change reaches messages
 * already queued.
 */
import type { AlertMessage } from "./alerts.service.js";
import type { DeliveryProblemNotice } from "./delivery-problem.service.js";
import type { DigestMessage } from "./digest-compose.service.js";
import type { LeadsOffer } from "./team-admin.service.js";

/**
 * The data each outbox view is given, by view name. A new kind of outbox message is one line
 * here and its view in src/views/outbox-views.ts (the compiler asks for it).
 */
export interface OutboxMessages {
  alert: AlertMessage;
  digest: DigestMessage;
  delivery_problem: DeliveryProblemNotice;
  leads_offer: LeadsOffer;
}

export type OutboxViewName = keyof OutboxMessages;

/** `T` as it is stored in a JSON column: dates become ISO strings, undefined properties go. */
export type Stored<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer U>
    ? Array<Stored<U>>
    : T extends object
      ? { [K in keyof T]: Stored<T[K]> }
      : T;

/** An outbox row's payload. */
export interface OutboxPayload<N extends OutboxViewName = OutboxViewName> {
  view: N;
  data: Stored<OutboxMessages[N]>;
}

/** The payload that asks view `view` to say `data`. */
export function outboxPayload<N extends OutboxViewName>(view: N, data: OutboxMessages[N]): OutboxPayload<N> {
  return { view, data: stored(data) as Stored<OutboxMessages[N]> };
}

function stored(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(stored);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).flatMap(([key, v]) => (v === undefined ? [] : [[key, stored(v)]])));
  }
  return value;
}
