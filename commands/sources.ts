import { z } from "zod";
import type { ParsedLine } from "../src/chat/parse.js";
import { usageReply, type Reply } from "../src/chat/reply.js";
import { confirmMappingEdit, previewMappingEdit, sourcesOverview } from "../src/services/sources.service.js";
import type { MappingEdit } from "../src/domain/source-mapping.js";
import { chooseTypeReply, mappingAppliedReply, mappingCancelledReply, mappingPreviewReply, sourcesReply } from "../src/views/sources.view.js";
import { orFailure, parseInput, subcommand } from "./shared.js";
import type { CommandContext, CommandDefinition } from "./types.js";

const USAGE = {
  show: "/sources",
  map: '/sources map "<path or event name>" <rule type>',
  unmap: '/sources unmap "<path or event name>"',
};
const ALL_USAGE = Object.values(USAGE).join("\n");

const Confirm = z.strictObject({ confirm: z.string().regex(/^[0-9a-f]{8}$/, "That confirmation is not one I gave.").optional() }, { error: "Only confirm= can follow." });

const MapArgs = z.object({
  args: z
    .array(z.string())
    .min(2, 'Which path or event name? e.g. /sources map "/pricing*" pricing_page')
    .max(3, 'Put a pattern with spaces in quotes: /sources map "Trial Started" demo_request'),
  options: Confirm,
});

const UnmapArgs = z.object({
  args: z.array(z.string()).length(2, 'Which mapping? e.g. /sources unmap "/pricing*"'),
  options: Confirm,
});

/** Preview an edit, or apply it when the line carries the preview's confirmation. */
async function change(ctx: CommandContext, edit: MappingEdit, token: string | undefined): Promise<Reply> {
  if (token === undefined) {
    const preview = orFailure(ctx, await previewMappingEdit(ctx.deps, ctx.actor, edit));
    return preview.ok ? mappingPreviewReply(preview.value) : preview.reply;
  }
  const applied = orFailure(ctx, await confirmMappingEdit(ctx.deps, ctx.actor, edit, token));
  return applied.ok ? mappingAppliedReply(applied.value) : applied.reply;
}

const ACTIONS: Record<string, (line: ParsedLine, ctx: CommandContext) => Promise<Reply>> = {
  map: async (line, ctx) => {
    const input = parseInput(MapArgs, line, USAGE.map);
    if (!input.ok) return input.reply;
    const [, pattern, type] = input.value.args as [string, string, string | undefined];
    if (type === undefined) {
      // Without a type: offer the team's rule types, one tap each (what /sources buttons lead to).
      const overview = orFailure(ctx, await sourcesOverview(ctx.deps, ctx.actor));
      return overview.ok ? chooseTypeReply(pattern, overview.value.ruleTypes) : overview.reply;
    }
    return change(ctx, { kind: "map", pattern, type: type.toLowerCase() }, input.value.options.confirm);
  },
  unmap: async (line, ctx) => {
    const input = parseInput(UnmapArgs, line, USAGE.unmap);
    if (!input.ok) return input.reply;
    return change(ctx, { kind: "unmap", pattern: input.value.args[1]! }, input.value.options.confirm);
  },
  cancel: async () => mappingCancelledReply(),
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
      return overview.ok ? sourcesReply(overview.value, ctx.deps.clock()) : overview.reply;
    }
    const handler = subcommand(ACTIONS, action);
    return handler ? handler(line, ctx) : usageReply(`I don't know "/sources ${action}".`, ALL_USAGE);
  },
};
