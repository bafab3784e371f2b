import { replyT } from "../src/chat/command-context.js";
import { z } from "zod";
import { reply, usageReply, type Reply } from "../src/chat/reply.js";
import { CALL_OUTCOMES, type CallOutcome } from "../src/domain/types.js";
import { findOutcome } from "../src/domain/value-words.js";
import { logCall } from "../src/services/call-log.service.js";
import { resolveLead } from "../src/services/lead-ref.js";
import { failureReply, orFailure, quote } from "./shared.js";
import type { VocabularyLanguage } from "../src/i18n/vocabulary/index.js";
import { loggedText, logNotOutcome, logNotRight, logUsage, logWhichLead, pickOutcomeReply } from "../src/views/log.view.js";
import { readerLanguage } from "./reader-language.js";
import type { CommandDefinition } from "./types.js";

const USAGE = `/log <lead> <outcome> [note]   outcomes: ${CALL_OUTCOMES.join(", ")}`;

const LogArgs = z.object({
  args: z.array(z.string()).min(1),
  options: z.object({ note: z.string().optional() }).loose(),
});

/**
 * Finds where the outcome sits, so lead names of several words need no quotes. The outcome may
 * be said in the reader's words: "/log acme не відповів", "/log acme nie odebrał".
 */
function splitAtOutcome(words: string[], language: VocabularyLanguage | undefined): { lead: string; outcome?: CallOutcome; note?: string } {
  const found = findOutcome(words, { language });
  if (!found) return { lead: words.join(" ") };
  const note = words.slice(found.index + found.count).join(" ");
  return { lead: words.slice(0, found.index).join(" "), outcome: found.outcome, ...(note ? { note } : {}) };
}

export const logCommand: CommandDefinition = {
  name: "log",
  summary: "command.log.summary",
  menu: { hint: 'acme meeting_booked "demo Tue"  ·  acme  (pick the outcome)' },
  usage: [USAGE],
  help: "command.log.help",
  examples: { example: '/log acme meeting_booked "demo Tue 10:00"', meeting: "meeting_booked", notInterested: "not_interested", won: "won", lost: "lost" },
  async run(line, ctx): Promise<Reply> {
    const t = replyT(ctx);
    const usage = logUsage(t, CALL_OUTCOMES);
    const parsed = LogArgs.safeParse({ args: line.args, options: line.options });
    if (!parsed.success) return usageReply(parsed.error.issues[0]?.path[0] === "args" ? logWhichLead(t) : logNotRight(t), usage, t);
    // The outcome in the words of the language the answer is in ("не відповів" for a Ukrainian reader), then English.
    const { lead: ref, outcome, note: typedNote } = splitAtOutcome(parsed.data.args, readerLanguage(ctx));
    const note = typedNote ?? parsed.data.options.note;
    if (!outcome) {
      const last = parsed.data.args.length > 1 ? parsed.data.args[parsed.data.args.length - 1]! : undefined;
      const found = await resolveLead(ctx.deps.store.db, ctx.actor.teamId, ref);
      if (!found.ok) {
        // "/log acme callback" most likely means a mistyped outcome, not a lead called "acme callback".
        if (last) return usageReply(logNotOutcome(t, last), usage, t);
        return failureReply(found.error, t, (id) => `/log #${id}`);
      }
      return pickOutcomeReply(t, found.value, CALL_OUTCOMES);
    }
    const retry = (id: number) => `/log #${id} ${outcome}${note ? ` ${quote(note)}` : ""}`;
    const done = orFailure(ctx, await logCall(ctx.deps, ctx.actor, ref, { outcome, ...(note ? { note } : {}) }), retry);
    if (!done.ok) return done.reply;
    const { lead, scoreBefore, stageChanged } = done.value;
    const visibility = stageChanged ? "channel" : "ephemeral";
    return reply([{ type: "text", text: loggedText(replyT(ctx, visibility), { lead, outcome, scoreBefore, stageChanged }) }], { visibility });
  },
};
