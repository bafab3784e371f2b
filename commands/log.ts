import { replyT } from "../src/chat/command-context.js";
import { z } from "zod";
import { stageLabel } from "../src/chat/format.js";
import { reply, usageReply, type Reply } from "../src/chat/reply.js";
import { CALL_OUTCOMES, type CallOutcome } from "../src/domain/types.js";
import { findOutcome } from "../src/domain/value-words.js";
import { logCall } from "../src/services/call-log.service.js";
import { resolveLead } from "../src/services/lead-ref.js";
import { failureReply, leadLabel, orFailure, quote } from "./shared.js";
import type { CommandDefinition } from "./types.js";

const USAGE = `/log <lead> <outcome> [note]   outcomes: ${CALL_OUTCOMES.join(", ")}`;
const OUTCOME_LABELS: Record<string, string> = {
  connected: "Connected",
  no_answer: "No answer",
  voicemail: "Voicemail",
  meeting_booked: "Meeting booked",
  not_interested: "Not interested",
  won: "Won",
  lost: "Lost",
};

const LogArgs = z.object({
  args: z.array(z.string()).min(1, "Which lead did you call? Give part of its name, an email, a phone or #id."),
  options: z.object({ note: z.string().optional() }).loose(),
});

/**
 * Finds where the outcome sits, so lead names of several words need no quotes. The outcome may
 * be said in the reader's words: "/log acme не відповів", "/log acme nie odebrał".
 */
function splitAtOutcome(words: string[]): { lead: string; outcome?: CallOutcome; note?: string } {
  const found = findOutcome(words);
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
    const parsed = LogArgs.safeParse({ args: line.args, options: line.options });
    if (!parsed.success) return usageReply(parsed.error.issues[0]?.message ?? "That didn't look right.", USAGE);
    const { lead: ref, outcome, note: typedNote } = splitAtOutcome(parsed.data.args);
    const note = typedNote ?? parsed.data.options.note;
    if (!outcome) {
      const last = parsed.data.args.length > 1 ? parsed.data.args[parsed.data.args.length - 1]! : undefined;
      const found = await resolveLead(ctx.deps.store.db, ctx.actor.teamId, ref);
      if (!found.ok) {
        // "/log acme callback" most likely means a mistyped outcome, not a lead called "acme callback".
        if (last) return usageReply(`"${last}" is not a call outcome.`, USAGE);
        return failureReply(found.error, replyT(ctx), (id) => `/log #${id}`);
      }
      const lead = found.value;
      return reply([
        { type: "text", text: `How did the call with ${leadLabel(lead)} go?` },
        {
          type: "actions",
          actions: CALL_OUTCOMES.map((o) => ({ label: OUTCOME_LABELS[o] ?? o, command: `/log #${lead.id} ${o}` })),
        },
      ]);
    }
    const retry = (id: number) => `/log #${id} ${outcome}${note ? ` ${quote(note)}` : ""}`;
    const done = orFailure(ctx, await logCall(ctx.deps, ctx.actor, ref, { outcome, ...(note ? { note } : {}) }), retry);
    if (!done.ok) return done.reply;
    const { lead, scoreBefore, stageChanged } = done.value;
    const score = lead.score !== scoreBefore ? ` Score ${scoreBefore} → ${lead.score} (${lead.tier}).` : "";
    const stage = stageChanged ? ` Stage: ${stageLabel(lead.stage)}.` : "";
    return reply([{ type: "text", text: `Logged ${OUTCOME_LABELS[outcome]?.toLowerCase()} for ${leadLabel({ ...lead, company: null })}.${score}${stage}` }], {
      visibility: stageChanged ? "channel" : "ephemeral",
    });
  },
};
