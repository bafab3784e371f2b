/**
 * The answers of `/me` and `/team language`: which language the bot speaks to a person and to
 * their team (README, "Languages"). Language names are shown in their own language.
 */
import { reply, usageReply, type Reply } from "../chat/reply.js";
import { LANGUAGES, languageInfo, type LanguageCode, type Translator } from "../i18n/index.js";

export const LANGUAGE_USAGE = {
  mine: "/me language <uk|ru|pl|ro|en|auto>",
  auto: "/me language auto",
  team: "/team language <uk|ru|pl|ro|en>",
};

const codes = () => LANGUAGES.map((l) => l.code).join(", ");

/** "Polski (pl)". */
export const languageName = (t: Translator, code: LanguageCode): string => t.t("language.name", { name: languageInfo(code).nativeName, code });

/** The team's language changed: said in the new language, to everyone in the chat. */
export function teamLanguageSetReply(t: Translator, language: LanguageCode, by: string): Reply {
  return reply([{ type: "text", text: t.t("language.teamSet", { language: languageName(t, language), name: by }) }], { visibility: "channel" });
}

/** Their own language changed (or went back to automatic): said in it. */
export function myLanguageSetReply(t: Translator, chosen: LanguageCode | null, reads: LanguageCode): Reply {
  const text = chosen
    ? t.t("language.mineSet", { language: languageName(t, chosen), auto: LANGUAGE_USAGE.auto })
    : t.t("language.mineAuto", { language: languageName(t, reads) });
  return reply([{ type: "text", text }]);
}

/** `/me`: what they read, and how to change it. */
export function myLanguagesReply(t: Translator, languages: { chosen: LanguageCode | null; person: LanguageCode; team: LanguageCode }): Reply {
  const yours = languageName(t, languages.person);
  return reply([
    { type: "header", text: t.t("language.header") },
    {
      type: "fields",
      fields: [
        { label: t.t("language.yours"), value: t.t(languages.chosen ? "language.chosen" : "language.automatic", { language: yours }) },
        { label: t.t("language.team"), value: languageName(t, languages.team) },
      ],
    },
    { type: "context", text: t.t("language.change", { mine: LANGUAGE_USAGE.mine, auto: LANGUAGE_USAGE.auto, team: LANGUAGE_USAGE.team, codes: codes() }) },
  ]);
}

/** A language command without a language. */
export function whichLanguageReply(t: Translator, usage: string): Reply {
  return usageReply(t.t("language.which", { codes: codes() }), usage, t);
}
