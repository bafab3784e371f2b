/**
 * A step-by-step conversation in progress (a form filled in one question at a time), kept in
 * the chat_flow table: one per person per chat, so a restart in the middle loses nothing and
 * several people can fill in forms in one group at once. What a flow's state means is the
 * form engine's business (src/chat/form-flow.ts); this keeps it, and keeps two quick taps
 * from both moving it on.
 */
import {
  advanceChatFlow,
  endChatFlow,
  findChatFlow,
  startChatFlow,
  type ChatFlowKey,
  type ChatFlowRow,
} from "../store/chat-flow.repository.js";
import type { ServiceDeps } from "./deps.js";

/** Whose flow, where: a person in one chat of a platform. */
export type FlowKey = ChatFlowKey;
/** A flow as read; hand it back to advanceFlow or endFlow to change exactly this version. */
export type SavedFlow = ChatFlowRow;
/** What a flow's state may hold: anything that survives JSON. */
export type FlowStateJson = Parameters<typeof startChatFlow>[1]["state"];

export async function findFlow(deps: ServiceDeps, key: FlowKey): Promise<SavedFlow | null> {
  return findChatFlow(deps.store.db, key);
}

/** Starts a flow for the person in that chat, replacing whatever flow they had running there. */
export async function startFlow(deps: ServiceDeps, key: FlowKey, flow: { teamId: number; kind: string; state: FlowStateJson }): Promise<SavedFlow> {
  return startChatFlow(deps.store.db, { ...key, ...flow, at: deps.clock() });
}

/** Saves the next state only if nobody moved the flow on since `seen` was read; false when someone did (or it ended). */
export async function advanceFlow(deps: ServiceDeps, seen: SavedFlow, state: FlowStateJson): Promise<boolean> {
  return advanceChatFlow(deps.store.db, seen, state, deps.clock());
}

/** Ends the flow; with `seen`, only if it is still that version. True when this call ended it. */
export async function endFlow(deps: ServiceDeps, key: FlowKey, seen?: SavedFlow): Promise<boolean> {
  return endChatFlow(deps.store.db, key, seen);
}
