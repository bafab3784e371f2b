import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { IncomingFile, Reply } from "../../chat/reply.js";
import { renderText } from "../../chat/text.render.js";
import { fileFromLine, saveAttachment } from "./console.files.js";

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** Interactive terminals get a prompt; piped input gets each command echoed instead. */
  interactive: boolean;
  handle: (line: string, files?: IncomingFile[]) => Promise<Reply>;
  /** Where files the bot sends (exports, charts) are saved. Default ./exports. */
  exportDir?: string;
}

/**
 * A terminal chat with the same commands as Slack and Telegram. Numbered choices can be
 * answered with their number. Resolves when input ends or the person types "exit".
 */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { input, output, interactive, handle } = options;
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  const write = (text: string) => output.write(`${text}\n`);
  let choices: string[] = [];
  if (interactive) {
    rl.setPrompt("lead-bot> ");
    rl.prompt();
  }
  for await (const raw of rl) {
    const typed = raw.trim();
    if (typed === "exit" || typed === "quit") break;
    if (typed !== "") {
      const chosen = /^\d{1,2}$/.test(typed) ? choices[Number(typed) - 1] : undefined;
      const line = chosen ?? typed;
      if (!interactive || chosen) write(`› ${line}`);
      const withFile = await fileFromLine(line);
      if (withFile && "message" in withFile) {
        write(`${withFile.message}\n`);
      } else {
        const answer = await handle(withFile?.line ?? line, withFile?.files);
        const { text, choices: next } = renderText(answer);
        choices = next;
        write(text);
        for (const attachment of answer.attachments ?? []) {
          const path = await saveAttachment(options.exportDir ?? "./exports", attachment);
          write(`Saved ${attachment.title ?? attachment.filename} to ${path}`);
        }
        write("");
      }
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}
