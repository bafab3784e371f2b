/**
 * /lead export and /lead import: leads out as a CSV or XLSX file, and a sent file in.
 * Registered as subcommands of /lead (commands/lead.ts).
 */
import { replyT } from "../src/chat/command-context.js";
import type { ParsedLine } from "../src/chat/parse.js";
import { reply, usageReply, type Block, type Reply } from "../src/chat/reply.js";
import { LIMITS } from "../src/domain/limits.js";
import { readLeadFilterIn } from "../src/domain/value-words.js";
import type { LeadFileFormat } from "../src/services/lead-file.js";
import { exportLeadFile, importLeadFile, type ExportFilter, type ImportSummary } from "../src/services/lead-transfer.service.js";
import { encodingNote, fileNoteText, incompleteMessage } from "../src/views/lead-file.view.js";
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
  if (read.unread !== undefined) {
    return usageReply(`"${read.unread}" is not a file type (csv, xlsx) or a filter (hot, warm, cold, mine, unclaimed).`, TRANSFER_USAGE.export, replyT(ctx));
  }
  const filter: ExportFilter = read.filter ?? "all";
  const done = orFailure(ctx, await exportLeadFile(ctx.deps, ctx.actor, { format, filter }));
  if (!done.ok) return done.reply;
  const file = done.value;
  const which = filter === "all" ? "" : filter === "mine" ? " of yours" : ` ${filter}`;
  if (file.count === 0) return reply([{ type: "text", text: `There are no${which} leads to export right now.` }]);
  const plural = file.count === 1 ? "lead" : "leads";
  // "6 hot leads", "6 leads of yours", "6 leads".
  const count = filter === "all" || filter === "mine" ? `${file.count} ${plural}${which}` : `${file.count}${which} ${plural}`;
  const blocks: Block[] = [{ type: "text", text: `Here ${file.count === 1 ? "is" : "are"} ${count} as ${format.toUpperCase()}: ${file.filename}.` }];
  if (file.total > file.count) blocks.push({ type: "context", text: `The best ${file.count} of ${file.total}; narrow it with a filter for the rest.` });
  if (file.omittedAttributeColumns > 0) {
    const left = file.omittedAttributeColumns === 1 ? "1 attribute column was" : `${file.omittedAttributeColumns.toLocaleString("en")} attribute columns were`;
    blocks.push({ type: "context", text: `${left} left out: the file has a column for each of the ${LIMITS.attributeKeysPerTeam} attributes the most leads use.` });
  }
  if (file.unreadable.length > 0) {
    const leads = file.unreadable.length === 1 ? "1 lead is" : `${file.unreadable.length} leads are`;
    blocks.push({ type: "context", text: `${leads} in the file without attributes: stored ones could not be read (${file.unreadable.slice(0, 3).join("; ")}).` });
  }
  return {
    ...reply(blocks),
    attachments: [{ filename: file.filename, contentType: file.contentType, data: file.data, title: `${count} (${format.toUpperCase()})` }],
  };
}

function howToAttach(platform: string | undefined): string[] {
  const slack = "Slack: upload the file in a direct message with me (or in a channel I'm in) and write /lead import as the message.";
  const telegram = "Telegram: send the file as a document (📎 → File) with the caption /lead import; in a private chat with me just send the file.";
  const console = "Console: /lead import path/to/leads.csv";
  if (platform === "slack") return [slack];
  if (platform === "telegram") return [telegram];
  if (platform === "console") return [console];
  return [slack, telegram, console];
}

export async function importSubcommand(_line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const files = ctx.files ?? [];
  if (files.length === 0) {
    return reply(
      [
        { type: "text", text: "Attach the CSV or XLSX file to import to the message with /lead import." },
        { type: "list", items: howToAttach(ctx.place?.platform) },
        {
          type: "context",
          text: "First row: column names (name, email, phone, company, title, external id; other columns become attributes). Each lead needs an email, a phone or an external id. Existing leads are updated, not duplicated.",
        },
      ],
      { tone: "usage" },
    );
  }
  const blocks: Block[] = [];
  let anyDone = false;
  for (const file of files) {
    const done = await importLeadFile(ctx.deps, ctx.actor, file);
    if (!done.ok) {
      blocks.push({ type: "text", text: `${file.filename}: ${failureText(done.error, replyT(ctx))}` });
      continue;
    }
    anyDone = true;
    blocks.push(...summaryBlocks(done.value));
  }
  if (!anyDone) return reply(blocks, { tone: "usage" });
  blocks.push({ type: "actions", actions: [{ label: "Hot leads", command: "/lead list hot" }, { label: "All leads", command: "/lead list" }] });
  return reply(blocks, { visibility: "channel" });
}

function summaryBlocks(summary: ImportSummary): Block[] {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const blocks: Block[] = [
    {
      type: "text",
      text: `Imported ${summary.incomplete ? "part of " : ""}${summary.filename}: ${plural(summary.created, "new lead")}, ${summary.updated} updated, ${plural(summary.rejected, "row")} rejected.`,
    },
  ];
  if (summary.incomplete) blocks.push({ type: "text", text: incompleteMessage(summary.incomplete) });
  const note = encodingNote(summary.encoding);
  if (note) blocks.push({ type: "context", text: note });
  for (const note of summary.notes) blocks.push({ type: "context", text: fileNoteText(note) });
  const problems = summary.results.filter((r) => r.status === "rejected");
  if (problems.length > 0) {
    blocks.push({ type: "list", title: "Not imported", items: problems.slice(0, SHOWN_PROBLEMS).map((p) => `row ${p.row}: ${p.reason}`) });
    if (problems.length > SHOWN_PROBLEMS) blocks.push({ type: "context", text: `…and ${problems.length - SHOWN_PROBLEMS} more rows. Fix them and send the file again: imported rows are updated, not duplicated.` });
  }
  return blocks;
}
