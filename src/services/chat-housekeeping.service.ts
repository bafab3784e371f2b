import { purgeChatCallbacks, purgeStaleChatFlows } from "../store/chat-flow.repository.js";
import type { Platform } from "../platforms/names.js";
import type { ServiceDeps } from "./deps.js";

/**
 * Forgets what a chat platform keeps between messages once it has gone stale: step-by-step
 * forms nobody finished (this platform's) and stored button commands (every platform's).
 */
export async function purgeStaleChatState(
  deps: ServiceDeps,
  args: { platform: Platform; formsBefore: Date; buttonsBefore: Date },
): Promise<{ forms: number; buttons: number }> {
  const forms = await purgeStaleChatFlows(deps.store.db, args.platform, args.formsBefore);
  const buttons = await purgeChatCallbacks(deps.store.db, args.buttonsBefore);
  return { forms, buttons };
}
