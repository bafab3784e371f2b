/**
 * Finds English that did not come from a catalog in text rendered in the pseudo-locale en-XA
 * (src/i18n/pseudo.ts). Every catalog word there is accented, so a run of two or more plain
 * ASCII letters is English left in the code, unless it is:
 * - data the test passed in (names, companies, a team's own tier labels): `allowed`;
 * - a command line people type (/lead claim #12, /help <command>): a slash command and the
 *   plain-ASCII words right after it, which a translation keeps as they are;
 * - a rule key (demo_request).
 */
// Not a slash inside a URL or path (https://…, acme.example/contact); a path may follow (/api/v1/hooks/<source>).
const COMMAND_LINE = /(?<![\w:/.])\/[a-z][\w\-/<>.*]*(?:[ ]+[\x21-\x7e…]+)*/g;
const RULE_KEY = /\b[a-z]+(?:_[a-z0-9]+)+\b/g;
const ENGLISH = /[A-Za-z]{2,}/g;

export function untranslatedEnglish(text: string, allowed: readonly string[] = []): string[] {
  // Command lines first: a value allowed below may be part of one.
  let rest = text.replace(COMMAND_LINE, " ");
  // Longest first, so "Jana Novak" goes before "Jana"; before rule keys, which a value may hold.
  for (const value of [...allowed].sort((a, b) => b.length - a.length)) if (value) rest = rest.split(value).join(" ");
  return [...new Set(rest.replace(RULE_KEY, " ").match(ENGLISH) ?? [])];
}
