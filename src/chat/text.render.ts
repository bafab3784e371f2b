import { formFieldText } from "../views/platform.view.js";
import { replyLocaleT, type Reply } from "./reply.js";

/**
 * Renders a reply as plain text for the terminal (and as a fallback elsewhere). Actions are
 * numbered so a person can answer with the number. Its own words are in the reply's language.
 */
export function renderText(reply: Reply): { text: string; choices: string[] } {
  const lines: string[] = [];
  const choices: string[] = [];
  for (const block of reply.blocks) {
    switch (block.type) {
      case "header":
        lines.push(block.text, "─".repeat(Math.min(block.text.length, 60)));
        break;
      case "text":
        lines.push(block.text);
        break;
      case "context":
        lines.push(`  ${block.text}`);
        break;
      case "fields": {
        const width = Math.max(...block.fields.map((f) => f.label.length));
        for (const f of block.fields) lines.push(`${f.label.padEnd(width)}  ${f.value}`);
        break;
      }
      case "list":
        if (block.title) lines.push(`${block.title}:`);
        for (const item of block.items) lines.push(`  • ${item}`);
        break;
      case "actions":
        for (const action of block.actions) {
          choices.push(action.command);
          lines.push(`  [${choices.length}] ${action.label}  (${action.command})`);
        }
        break;
      case "form":
        lines.push(`${block.title}:`);
        for (const field of block.fields) lines.push(`  ${formFieldText(field, replyLocaleT(reply))}`);
        break;
    }
  }
  return { text: lines.join("\n"), choices };
}
