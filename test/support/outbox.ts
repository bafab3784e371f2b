import type { Reply } from "../../src/chat/reply.js";
import { renderOutboxPayload } from "../../src/views/outbox-views.js";

/** What an outbox row's payload says, rendered by its view as the delivery worker renders it. */
export function storedReply(payload: unknown): Reply {
  const rendered = renderOutboxPayload(payload);
  if (!rendered.ok) throw new Error(rendered.reason);
  return rendered.reply as Reply;
}
