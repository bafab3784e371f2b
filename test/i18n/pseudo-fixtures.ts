/**
 * What every pseudo-locale test shares: the data its views are given, which is not ours to
 * translate, and what a person sees of a reply. Each area of the bot has its own
 * test/i18n/pseudo-locale*.test.ts beside test/i18n/pseudo-locale.test.ts.
 */
import type { Reply } from "../../src/chat/reply.js";
import { renderText } from "../../src/chat/text.render.js";
import { LANGUAGES } from "../../src/i18n/index.js";

/** The data views are given: names people chose, not words of ours. */
export const DATA = [
  ...["Jana Novak", "Acme", "Hot", "hot", "Call today", "Demo request", "Rita Rep", "Anna Top", "Bert Fading", "Beta", "Sales", "Strongest signal", "Olena"],
  // Language names are said in their own language, and codes are typed.
  ...LANGUAGES.flatMap((l) => [l.nativeName, l.code]),
  // Typed examples a view gives as placeholders: time zones, digest days, an API key's name.
  ...["Europe/Kyiv", "Europe/Warsaw", "America/New_York", "mon-fri", "mon,wed,fri", "daily", "website-tracking", "website-form"],
  // Web origins are typed as they are: an example, and one the test typed with a path.
  ...["https://www.acme.example", "https://*.acme.example", "acme.example"],
];

/** Everything a person sees of a reply: its text and its buttons' labels. */
export function shown(reply: Reply): string {
  const labels = reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions.map((a) => a.label) : []));
  return [renderText(reply).text, ...labels].join("\n");
}

