import type { types } from "@slack/bolt";
import { replyLocaleT, type Action, type Block, type Reply } from "../../chat/reply.js";
import { renderText } from "../../chat/text.render.js";
import type { Translator } from "../../i18n/index.js";
import { formFieldText, shortenedNote } from "../../views/platform.view.js";

type KnownBlock = types.KnownBlock;
type Button = types.Button;

/** Slack's limits (https://docs.slack.dev/reference/block-kit/blocks). Past them Slack rejects the whole message. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  /** Not a hard limit (40,000), but Slack advises keeping message text under 4,000. */
  fallbackText: 4000,
} as const;

/** Every button we render carries this prefix, so one action handler runs them all. */
export const RUN_ACTION_PREFIX = "leadbot:run:";

export interface SlackMessage {
  /** Plain-text fallback: notifications, screen readers, clients without Block Kit. */
  text: string;
  blocks: KnownBlock[];
}

/**
 * Escapes what Slack's mrkdwn treats as markup. Without it a lead called "<!channel>" would
 * ping everyone, and "a < b" would vanish.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Shortens by code points (never splitting an emoji), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** Escapes `raw` to at most `max` characters, cutting before escaping so no entity is split. */
export function escapeWithin(raw: string, max: number): string {
  const escaped = escapeMrkdwn(raw);
  if (escaped.length <= max) return escaped;
  let out = "";
  for (const char of raw) {
    const piece = escapeMrkdwn(char);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/**
 * Escapes `raw` and cuts it into pieces of at most `max` characters, at line ends where
 * possible. Measuring after escaping keeps `&amp;` from pushing a piece over the limit, and
 * cutting before escaping never splits an entity.
 */
export function chunkEscaped(raw: string, max: number): string[] {
  const chunks: string[] = [];
  let current = "";
  const flush = () => {
    if (current) chunks.push(current);
    current = "";
  };
  for (const line of raw.split("\n")) {
    const escaped = escapeMrkdwn(line);
    const joined = current ? `${current}\n${escaped}` : escaped;
    if (joined.length <= max) {
      current = joined;
      continue;
    }
    flush();
    if (escaped.length <= max) {
      current = escaped;
      continue;
    }
    for (const char of line) {
      const piece = escapeMrkdwn(char);
      if (current.length + piece.length > max) flush();
      current += piece;
    }
  }
  flush();
  return chunks.length > 0 ? chunks : [""];
}

const mrkdwnSection = (text: string): KnownBlock => ({ type: "section", text: { type: "mrkdwn", text } });

function actionBlocks(actions: Action[], nextId: () => string): KnownBlock[] {
  const buttons: Button[] = [];
  for (const action of actions) {
    // A value Slack would refuse cannot be shortened without changing the command; the text
    // fallback still shows it, so leave the button out rather than lose the whole message.
    if (action.command.length > SLACK_LIMITS.buttonValue) continue;
    buttons.push({
      type: "button",
      action_id: nextId(),
      text: { type: "plain_text", text: truncate(action.label, SLACK_LIMITS.buttonText), emoji: true },
      value: action.command,
      ...(action.style ? { style: action.style } : {}),
    });
  }
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < buttons.length; i += SLACK_LIMITS.actionsElements) {
    blocks.push({ type: "actions", elements: buttons.slice(i, i + SLACK_LIMITS.actionsElements) });
  }
  return blocks;
}

function renderBlock(block: Block, nextId: () => string, t: Translator): KnownBlock[] {
  switch (block.type) {
    case "header":
      return [{ type: "header", text: { type: "plain_text", text: truncate(block.text, SLACK_LIMITS.headerText), emoji: true } }];
    case "text":
      return chunkEscaped(block.text, SLACK_LIMITS.sectionText).map(mrkdwnSection);
    case "context":
      return [{ type: "context", elements: [{ type: "mrkdwn", text: escapeWithin(block.text, SLACK_LIMITS.contextText) }] }];
    case "fields": {
      const fields = block.fields.map((f) => {
        const label = `*${escapeWithin(f.label, 100)}*\n`;
        return { type: "mrkdwn" as const, text: label + escapeWithin(f.value, SLACK_LIMITS.fieldText - label.length) };
      });
      const sections: KnownBlock[] = [];
      for (let i = 0; i < fields.length; i += SLACK_LIMITS.fields) {
        sections.push({ type: "section", fields: fields.slice(i, i + SLACK_LIMITS.fields) });
      }
      return sections;
    }
    case "list": {
      const title = block.title ? `*${escapeWithin(block.title, SLACK_LIMITS.headerText)}*\n` : "";
      const items = block.items.map((item) => `• ${item}`).join("\n");
      const chunks = chunkEscaped(items, SLACK_LIMITS.sectionText - title.length);
      return chunks.map((chunk, i) => mrkdwnSection(i === 0 ? title + chunk : chunk));
    }
    case "actions":
      return actionBlocks(block.actions, nextId);
    case "form": {
      // Forms open as modals; this is what a message shows when a modal cannot be opened.
      const lines = block.fields.map((f) => formFieldText(f, t));
      return chunkEscaped(`${block.title}\n${lines.join("\n")}`, SLACK_LIMITS.sectionText).map(mrkdwnSection);
    }
  }
}

/** Renders a reply as a Block Kit message within Slack's limits, with a plain-text fallback; its own words in the reply's language. */
export function renderBlockKit(reply: Reply): SlackMessage {
  let counter = 0;
  const nextId = () => `${RUN_ACTION_PREFIX}${counter++}`;
  const t = replyLocaleT(reply);
  let blocks = reply.blocks.flatMap((block) => renderBlock(block, nextId, t));
  if (blocks.length > SLACK_LIMITS.blocks) {
    blocks = [...blocks.slice(0, SLACK_LIMITS.blocks - 1), { type: "context", elements: [{ type: "mrkdwn", text: escapeMrkdwn(shortenedNote("slack", t)) }] }];
  }
  const text = escapeWithin(renderText(reply).text, SLACK_LIMITS.fallbackText);
  // Slack refuses a message with neither text nor blocks.
  return { text: text || " ", blocks };
}
