import { z } from "zod";
import { replyT } from "../src/chat/command-context.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { usageReply, type Reply } from "../src/chat/reply.js";
import { confirmMappingEdit, previewMappingEdit, sourcesOverview } from "../src/services/sources.service.js";
import type { MappingEdit } from "../src/domain/source-mapping.js";
import { chooseTypeReply, mappingAppliedReply, mappingCancelledReply, mappingPreviewReply, sourcesReply } from "../src/views/sources.view.js";
import type { Translator } from "../src/i18n/index.js";
import { orFailure, subcommand } from "./shared.js";
import type { CommandContext, CommandDefinition } from "./types.js";

const USAGE = {
  show: "/sources",
  map: '/sources map "<path or event name>" <rule type>',
  unmap: '/sources unmap "<path or event name>"',
};
const ALL_USAGE = Object.values(USAGE).join("\n");

const confirmOption = (t: Translator) =>
  z.strictObject({ confirm: z.string().regex(/^[0-9a-f]{8}$/, t.t("sources.badConfirmation")).optional() }, { error: t.t("sources.onlyConfirm", { option: "confirm=" }) });

const mapArgs = (t: Translator) =>
  z.object({
    args: z
      .array(z.string())
      .min(2, t.t("sources.whichPattern", { example: '/sources map "/pricing*" pricing_page' }))
      .max(3, t.t("sources.quotePattern", { example: '/sources map "Trial Started" demo_request' })),
    options: confirmOption(t),
  });

const unmapArgs = (t: Translator) =>
  z.object({
    args: z.array(z.string()).length(2, t.t("sources.whichMapping", { example: '/sources unmap "/pricing*"' })),
    options: confirmOption(t),
  });

/** The line's arguments as `schema` reads them, or the first problem in the reader's words. */
function parse<S extends z.ZodType>(schema: S, line: ParsedLine, usage: string, t: Translator): { ok: true; value: z.infer<S> } | { ok: false; reply: Reply } {
  const parsed = schema.safeParse({ args: line.args, options: line.options });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reply: usageReply(parsed.error.issues[0]?.message ?? t.t("sources.didNotRead"), usage, t) };
}

/** Preview an edit, or apply it when the line carries the preview's confirmation. */
async function change(ctx: CommandContext, edit: MappingEdit, token: string | undefined): Promise<Reply> {
  if (token === undefined) {
    const preview = orFailure(ctx, await previewMappingEdit(ctx.deps, ctx.actor, edit));
    return preview.ok ? mappingPreviewReply(preview.value, replyT(ctx)) : preview.reply;
  }
  const applied = orFailure(ctx, await confirmMappingEdit(ctx.deps, ctx.actor, edit, token));
  return applied.ok ? mappingAppliedReply(applied.value, replyT(ctx, "channel")) : applied.reply;
}

const ACTIONS: Record<string, (line: ParsedLine, ctx: CommandContext) => Promise<Reply>> = {
  map: async (line, ctx) => {
    const t = replyT(ctx);
    const input = parse(mapArgs(t), line, USAGE.map, t);
    if (!input.ok) return input.reply;
    const [, pattern, type] = input.value.args as [string, string, string | undefined];
    if (type === undefined) {
      // Without a type: offer the team's rule types, one tap each (what /sources buttons lead to).
      const overview = orFailure(ctx, await sourcesOverview(ctx.deps, ctx.actor));
      return overview.ok ? chooseTypeReply(pattern, overview.value.ruleTypes, replyT(ctx)) : overview.reply;
    }
    return change(ctx, { kind: "map", pattern, type: type.toLowerCase() }, input.value.options.confirm);
  },
  unmap: async (line, ctx) => {
    const t = replyT(ctx);
    const input = parse(unmapArgs(t), line, USAGE.unmap, t);
    if (!input.ok) return input.reply;
    return change(ctx, { kind: "unmap", pattern: input.value.args[1]! }, input.value.options.confirm);
  },
  cancel: async (_line, ctx) => mappingCancelledReply(replyT(ctx)),
};

export const sourcesCommand: CommandDefinition = {
  name: "sources",
  summary: "command.sources.summary",
  usage: Object.values(USAGE),
  help: "command.sources.help",
  examples: {
    sources: "/sources",
    mapPage: '/sources map "/pricing*" pricing_page',
    mapEvent: '/sources map "Trial Started" demo_request',
    unmap: '/sources unmap "/pricing*"',
  },
  menu: { description: "command.sources.menu", hint: 'map "/pricing*" pricing_page' },
  async run(line, ctx) {
    const action = line.args[0];
    if (action === undefined) {
      const overview = orFailure(ctx, await sourcesOverview(ctx.deps, ctx.actor));
      return overview.ok ? sourcesReply(overview.value, ctx.deps.clock(), replyT(ctx)) : overview.reply;
    }
    const handler = subcommand(ACTIONS, action);
    return handler ? handler(line, ctx) : usageReply(replyT(ctx).t("sources.unknownAction", { command: `/sources ${action}` }), ALL_USAGE, replyT(ctx));
  },
};
