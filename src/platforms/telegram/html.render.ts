import { replyLocaleT, type Action, type Reply } from "../../chat/reply.js";
import type { RichLine, Span } from "../../chat/rich-text.js";
import { formFieldText } from "../../views/platform.view.js";

/** Telegram's limit on one message's text. */
export const MESSAGE_LIMIT = 4096;

/** What a reply becomes in Telegram: messages in HTML parse mode, and the buttons under the last one. */
export interface TelegramMessage {
  /** Each at most `limit` characters of HTML, every tag closed within its part. */
  parts: string[];
  /** Button rows; the transport turns each action into callback data. */
  rows: Action[][];
}

/** Telegram's HTML mode needs exactly these three escaped in text (and `"` only inside attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Words with emphasis (a form's question) as Telegram HTML: strong in bold, quiet in italics, a mention as a link that notifies. */
export function richHtml(lines: RichLine[]): string {
  return lines.map((line) => line.map(spanHtml).join("")).join("\n");
}

function spanHtml(span: Span): string {
  if (typeof span === "string") return escapeHtml(span);
  if ("strong" in span) return `<b>${escapeHtml(span.strong)}</b>`;
  if ("quiet" in span) return `<i>${escapeHtml(span.quiet)}</i>`;
  return `<a href="tg://user?id=${encodeURIComponent(span.mention.id)}">${escapeHtml(span.mention.name)}</a>`;
}

type Tag = "b" | "i";
interface Segment {
  text: string;
  tag?: Tag;
}
/** One line of output. A line is the unit of splitting: a list item or field never straddles two messages. */
type Line = Segment[];

const html = (line: Line): string => line.map((s) => (s.tag ? `<${s.tag}>${escapeHtml(s.text)}</${s.tag}>` : escapeHtml(s.text))).join("");
const plain = (text: string): Line[] => text.split("\n").map((t) => [{ text: t }]);
const styled = (text: string, tag: Tag): Line[] => text.split("\n").map((t) => (t ? [{ text: t, tag }] : []));

function linesOf(reply: Reply): { lines: Line[]; actions: Action[] } {
  const lines: Line[] = [];
  const actions: Action[] = [];
  for (const block of reply.blocks) {
    switch (block.type) {
      case "header":
        lines.push(...styled(block.text, "b"));
        break;
      case "text":
        lines.push(...plain(block.text));
        break;
      case "context":
        lines.push(...styled(block.text, "i"));
        break;
      case "fields":
        for (const f of block.fields) lines.push([{ text: `${f.label}:`, tag: "b" }, { text: ` ${f.value}` }]);
        break;
      case "list":
        // A blank line sets a titled list apart from what comes before it.
        if (block.title) lines.push([], [{ text: block.title, tag: "b" }]);
        for (const item of block.items) lines.push([{ text: `• ${item}` }]);
        break;
      case "actions":
        actions.push(...block.actions);
        break;
      case "form":
        // Telegram runs forms as a step-by-step flow; this is how one reads when shown as is.
        lines.push([{ text: block.title, tag: "b" }]);
        for (const field of block.fields) lines.push([{ text: `• ${formFieldText(field, replyLocaleT(reply))}` }]);
        break;
    }
  }
  return { lines, actions };
}

/** Renders a reply as Telegram HTML, split into messages of at most `limit` characters. */
export function renderHtml(reply: Reply, limit = MESSAGE_LIMIT): TelegramMessage {
  const { lines, actions } = linesOf(reply);
  const units = lines.flatMap((line) => splitLine(line, limit)).map(html);
  return { parts: pack(units, limit), rows: buttonRows(actions) };
}

/**
 * Packs lines into messages. Length is counted on the HTML source, which is never shorter
 * than the text Telegram counts, so a part that fits here fits there.
 */
function pack(units: string[], limit: number): string[] {
  const parts: string[] = [];
  let current: string[] = [];
  let length = 0;
  const flush = () => {
    while (current.length > 0 && current[current.length - 1] === "") current.pop();
    if (current.length > 0) parts.push(current.join("\n"));
    current = [];
    length = 0;
  };
  for (const unit of units) {
    if (current.length === 0 && unit === "") continue; // no part starts with blank lines
    const added = current.length === 0 ? unit.length : length + 1 + unit.length;
    if (added > limit) {
      flush();
      if (unit === "") continue;
      current.push(unit);
      length = unit.length;
    } else {
      current.push(unit);
      length = added;
    }
  }
  flush();
  return parts;
}

/**
 * Breaks a line longer than `limit` (as HTML) into lines that fit, between words where it
 * can, re-opening its tags on each piece. Short lines come back as they are.
 */
function splitLine(line: Line, limit: number): Line[] {
  if (html(line).length <= limit) return [line];
  const pieces: Line[] = [];
  let current: Line = [];
  let size = 0;
  const cost = (text: string, tag?: Tag) => escapeHtml(text).length + (tag ? tag.length * 2 + 5 : 0);
  const push = (text: string, tag?: Tag) => {
    const last = current[current.length - 1];
    if (last && last.tag === tag) {
      size += cost(last.text + text, tag) - cost(last.text, tag);
      last.text += text;
    } else {
      size += cost(text, tag);
      current.push(tag ? { text, tag } : { text });
    }
  };
  const room = (text: string, tag?: Tag) => {
    const last = current[current.length - 1];
    return last && last.tag === tag ? cost(last.text + text, tag) - cost(last.text, tag) : cost(text, tag);
  };
  const flush = () => {
    if (current.length > 0) pieces.push(current);
    current = [];
    size = 0;
  };
  for (const segment of line) {
    // Words keep their trailing spaces, so joining the pieces gives back the line.
    for (const word of segment.text.match(/\S+\s*|\s+/g) ?? []) {
      if (size + room(word, segment.tag) <= limit) {
        push(word, segment.tag);
        continue;
      }
      flush();
      if (room(word, segment.tag) <= limit) {
        push(word, segment.tag);
        continue;
      }
      // A single word longer than a message: cut it between characters (never inside one).
      for (const char of word) {
        if (size + room(char, segment.tag) > limit) flush();
        push(char, segment.tag);
      }
    }
  }
  flush();
  return pieces;
}

/** Short labels share a row (up to three); long ones get a row of their own. */
function buttonRows(actions: Action[]): Action[][] {
  const rows: Action[][] = [];
  let row: Action[] = [];
  let width = 0;
  for (const action of actions.slice(0, 100)) {
    if (row.length > 0 && (row.length === 3 || width + action.label.length > 30)) {
      rows.push(row);
      row = [];
      width = 0;
    }
    row.push(action);
    width += action.label.length;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}
