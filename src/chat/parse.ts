import { parseArgsStringToArgv } from "string-argv";

/** A chat line split into its command, positional words and `key=value` options. */
export interface ParsedLine {
  command: string;
  args: string[];
  options: Record<string, string>;
  /** Everything after the command name, as typed. */
  rest: string;
}

// Phones and Slack's editor turn quotes into typographic ones; treat them as plain quotes.
const SMART_QUOTES: Array<[RegExp, string]> = [
  [/[\u201C\u201D\u201E\u00AB\u00BB]/g, '"'],
  [/[\u2018\u2019\u201A]/g, "'"],
];

const OPTION = /^([A-Za-z][\w-]*)=(.*)$/s;

/** Splits `args` into positional words and `key=value` options (keys lower-cased). */
export function splitArgs(text: string): { args: string[]; options: Record<string, string> } {
  let normalised = text;
  for (const [pattern, plain] of SMART_QUOTES) normalised = normalised.replace(pattern, plain);
  const words = parseArgsStringToArgv(normalised);
  const args: string[] = [];
  const options: Record<string, string> = {};
  for (const word of words) {
    const option = OPTION.exec(word);
    if (option) options[option[1]!.toLowerCase()] = option[2]!;
    else args.push(word);
  }
  return { args, options };
}

/**
 * Parses `/lead status "Acme Corp"` (also `/lead@MyBot status …` from Telegram groups).
 * Returns null when the line is not a command.
 */
export function parseLine(line: string): ParsedLine | null {
  const match = /^\s*\/([A-Za-z][\w-]*)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(line);
  if (!match) return null;
  const rest = (match[2] ?? "").trim();
  return { command: match[1]!.toLowerCase(), rest, ...splitArgs(rest) };
}

/** Quotes a reference so it survives being typed back as a command (a button's line, a form's). */
export const quote = (text: string): string => (/[\s"']/.test(text) ? `"${text.replace(/"/g, "'")}"` : text);
