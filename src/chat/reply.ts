/**
 * The transport-neutral reply model. Commands build these; each transport renders them
 * (Block Kit, Telegram HTML, plain text). Keep it small: anything a renderer cannot show
 * well must still read sensibly as text.
 */

/** A button or numbered choice. Choosing it runs `command` as the person who chose it. */
export interface Action {
  label: string;
  command: string;
  style?: "primary" | "danger";
}

export interface FormField {
  id: string;
  label: string;
  /** Choice fields offer `options`; text fields take free text. */
  kind: "choice" | "text";
  options?: string[];
  initial?: string;
  optional?: boolean;
}

export type Block =
  | { type: "header"; text: string }
  | { type: "text"; text: string }
  | { type: "fields"; fields: Array<{ label: string; value: string }> }
  | { type: "list"; title?: string; items: string[] }
  | { type: "context"; text: string }
  | { type: "actions"; actions: Action[] }
  /**
   * An interactive form (Slack modal, Telegram step-by-step). `submit` is a command prefix;
   * the answers are appended as `field=value` pairs.
   */
  | { type: "form"; id: string; title: string; fields: FormField[]; submit: string };

/**
 * A file a reply carries (an export, a chart). Slack uploads it to the conversation,
 * Telegram sends images as a photo and anything else as a document, the console saves it.
 */
export interface Attachment {
  filename: string;
  /** MIME type, e.g. "text/csv" or "image/png". */
  contentType: string;
  data: Uint8Array;
  /** A caption shown with the file. */
  title?: string;
}

/** A file someone sent with a command (a CSV or XLSX to import), already downloaded. */
export interface IncomingFile {
  filename: string;
  contentType?: string;
  data: Uint8Array;
}

export interface Reply {
  blocks: Block[];
  attachments?: Attachment[];
  /** Personal look-ups stay private; team-visible actions go to the channel. */
  visibility: "ephemeral" | "channel";
  /** Lets transports style mistakes differently and tests tell them apart. */
  tone: "ok" | "usage" | "error" | "refused";
}

export function reply(blocks: Block[], options: Partial<Pick<Reply, "visibility" | "tone">> = {}): Reply {
  return { blocks, visibility: options.visibility ?? "ephemeral", tone: options.tone ?? "ok" };
}

export function usageReply(problem: string, usage: string): Reply {
  return reply([{ type: "text", text: problem }, { type: "context", text: `Usage: ${usage}` }], { tone: "usage" });
}

export function errorReply(text: string, actions: Action[] = []): Reply {
  const blocks: Block[] = [{ type: "text", text }];
  if (actions.length > 0) blocks.push({ type: "actions", actions });
  return reply(blocks, { tone: "error" });
}
