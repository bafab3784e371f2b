import { z } from "zod";
import { replyT } from "../src/chat/command-context.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { usageReply, type Reply } from "../src/chat/reply.js";
import { calibrationReport, previewSuggestedWeights } from "../src/services/calibration.service.js";
import { orFailure } from "./shared.js";
import type { CommandContext } from "./types.js";
import { previewReply } from "../src/views/weights-preview.view.js";
import { calibrationReply } from "../src/views/weights-suggest.view.js";
import { weightsInputText, weightsIssueText } from "../src/views/weights.view.js";

export const SUGGEST_USAGE = "/weights suggest";
const PREVIEW_USAGE = "/weights suggest preview <rule>=<points> …";

const PreviewArgs = z.object({
  args: z.array(z.string()).max(0, "suggestArgs"),
  options: z
    .record(
      z.string().regex(/^[a-z][a-z0-9_]{0,60}$/, "suggestKey"),
      z
        .string()
        .regex(/^[+\-−]?\d{1,4}$/, "suggestPoints")
        .transform((p) => Number(p.replace("−", "-").replace("+", ""))),
    )
    .refine((o) => Object.keys(o).length > 0, "suggestWhich"),
});

/** `/weights suggest` shows the calibration report; `/weights suggest preview …` previews its weights. */
export async function weightsSuggest(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const t = replyT(ctx);
  const [first, ...rest] = line.args;
  if (first?.toLowerCase() === "preview") {
    const input = PreviewArgs.safeParse({ args: rest, options: line.options });
    if (!input.success) return usageReply(weightsIssueText(t, input.error.issues[0]), PREVIEW_USAGE, t);
    const changes = Object.entries(input.data.options).map(([key, points]) => ({ key, points }));
    const result = orFailure(ctx, await previewSuggestedWeights(ctx.deps, ctx.actor, changes));
    return result.ok ? previewReply(result.value, t) : result.reply;
  }
  if (first !== undefined || Object.keys(line.options).length > 0) return usageReply(weightsInputText(t, { kind: "suggestNoArgs" }), SUGGEST_USAGE, t);
  const result = orFailure(ctx, await calibrationReport(ctx.deps, ctx.actor));
  return result.ok ? calibrationReply(t, result.value) : result.reply;
}
