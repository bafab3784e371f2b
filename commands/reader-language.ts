import type { CommandContext } from "../src/chat/command-context.js";
import { vocabularyLanguage, type VocabularyLanguage } from "../src/i18n/vocabulary/index.js";

/**
 * The language whose words a command reads first in what was typed ("гарячі", "не відповів"):
 * the one it answers in (`replyT(ctx)`), then English. With no answer languages known (tests,
 * held commands) every vocabulary is tried, as before languages were chosen per reader.
 */
export function readerLanguage(ctx: Pick<CommandContext, "languages">): VocabularyLanguage | undefined {
  return ctx.languages ? vocabularyLanguage(ctx.languages.answer) : undefined;
}
