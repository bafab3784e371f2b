/**
 * `/me [language <code|auto>]`: a person's own settings. Today the language of their private
 * answers (README, "Languages"); `auto` goes back to their app's language, else the team's.
 */
import { replyT } from "../src/chat/command-context.js";
import { translator } from "../src/i18n/index.js";
import { changeMyLanguage, myLanguages } from "../src/services/language.service.js";
import { LANGUAGE_USAGE, myLanguageSetReply, myLanguagesReply, whichLanguageReply } from "../src/views/language.view.js";
import { orFailure } from "./shared.js";
import type { CommandDefinition } from "./types.js";

export const meCommand: CommandDefinition = {
  name: "me",
  summary: "command.me.summary",
  menu: { hint: "language uk · language auto" },
  usage: ["/me", LANGUAGE_USAGE.mine],
  help: "command.me.help",
  examples: { me: "/me", example: "/me language pl", auto: LANGUAGE_USAGE.auto, team: LANGUAGE_USAGE.team },
  async run(line, ctx) {
    const [first, ...rest] = line.args;
    if (first === undefined) {
      const shown = orFailure(ctx, await myLanguages(ctx.deps, ctx.actor));
      return shown.ok ? myLanguagesReply(replyT(ctx), shown.value) : shown.reply;
    }
    if (first.toLowerCase() !== "language") return whichLanguageReply(replyT(ctx), LANGUAGE_USAGE.mine);
    const typed = rest.join(" ");
    if (!typed) return whichLanguageReply(replyT(ctx), LANGUAGE_USAGE.mine);
    const changed = orFailure(ctx, await changeMyLanguage(ctx.deps, ctx.actor, typed));
    if (!changed.ok) return changed.reply;
    // Said in the language they read from now on.
    return myLanguageSetReply(translator(changed.value.person), changed.value.chosen, changed.value.person);
  },
};
