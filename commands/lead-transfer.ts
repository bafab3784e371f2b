/**
 * /lead export and /lead import: leads out as a CSV or XLSX file, and a sent file in.
 * Registered as subcommands of /lead (commands/lead.ts).
 */
import { replyT } from "../src/chat/command-context.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { reply, type Block, type Reply } from "../src/chat/reply.js";
import { LIMITS } from "../src/domain/limits.js";
import { readLeadFilterIn } from "../src/domain/value-words.js";
import type { LeadFileFormat } from "../src/services/lead-file.js";
import { exportLeadFile, importLeadFile, type ExportFilter } from "../src/services/lead-transfer.service.js";
import { exportedReply, exportUnreadReply, fileFailedBlock, importedActions, importHowToReply, importSummaryBlocks } from "../src/views/lead-file.view.js";
import { failureText } from "../src/views/failure.view.js";
import { orFailure } from "./shared.js";
import { readerLanguage } from "./reader-language.js";
import type { CommandContext } from "./types.js";

export const TRANSFER_USAGE = {
  export: "/lead export [csv|xlsx] [hot|warm|cold|mine|unclaimed]",
  import: "/lead import <.csv|.xlsx>",
};

const FORMATS = ["csv", "xlsx"] as const;
/** Refused rows listed in the answer; the rest are counted. */
const SHOWN_PROBLEMS = 5;

export async function exportSubcommand(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  let format: LeadFileFormat = "csv";
  const words: string[] = [];
  for (const arg of line.args) {
    const word = arg.toLowerCase().replace(/^\./, "");
    if ((FORMATS as readonly string[]).includes(word)) format = word as LeadFileFormat;
    else words.push(arg);
  }
  // The filter in the reader's words: "hot", "гарячі", "moje", "nerevendicate".
  const read = readLeadFilterIn(words, { language: readerLanguage(ctx) });
  if (read.unread !== undefined) return exportUnreadReply(read.unread, TRANSFER_USAGE.export, replyT(ctx));
  const filter: ExportFilter = read.filter ?? "all";
  const done = orFailure(ctx, await exportLeadFile(ctx.deps, ctx.actor, { format, filter }));
  if (!done.ok) return done.reply;
  return exportedReply(done.value, filter, format, LIMITS.attributeKeysPerTeam, replyT(ctx));
}

export async function importSubcommand(_line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const files = ctx.files ?? [];
  if (files.length === 0) return importHowToReply(ctx.place?.platform, "/lead import", replyT(ctx));
  const done = [];
  for (const file of files) done.push({ filename: file.filename, result: await importLeadFile(ctx.deps, ctx.actor, file) });
  // A file imported is said to everyone in the chat, in its language; only refusals stay with the person.
  const anyDone = done.some((d) => d.result.ok);
  const t = replyT(ctx, anyDone ? "channel" : "ephemeral");
  const blocks: Block[] = done.flatMap(({ filename, result }) =>
    result.ok ? importSummaryBlocks(result.value, SHOWN_PROBLEMS, t) : [fileFailedBlock(filename, failureText(result.error, t))],
  );
  if (!anyDone) return reply(blocks, { tone: "usage" });
  blocks.push(importedActions(t));
  return reply(blocks, { visibility: "channel" });
}
