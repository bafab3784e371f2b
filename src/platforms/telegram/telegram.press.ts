/**
 * A button press. It runs as the person who pressed (not whoever the message was for), so the
 * services apply the presser's rights. The query is always answered: a refusal or a mistake in
 * the pop-up (the message stays as it was, for whoever may press next), a result in the chat.
 */
import type { Context } from "telegraf";
import type { Update } from "telegraf/types";
import { renderText } from "../../chat/text.render.js";
import { teamChosenNotice } from "../../views/private-chat.view.js";
import { DEFAULT_LANGUAGE, languageOfTag, translator } from "../../i18n/index.js";
import { buttonGoneText, sorryText } from "../../views/platform.view.js";
import { commandOf, parseCallbackData, type ButtonPress } from "./callback-data.js";
import type { BotContext } from "./telegram.context.js";
import { callerOf, personOf, placeOf, type TgChat, type TgUser } from "./telegram.inbound.js";
import { answer, fillerOf, formScreen, reachOf, standingOf } from "./telegram.replies.js";
import { classifyFailure, failureContext } from "./telegram-api.js";
import { noticeMessage } from "./telegram.sender.js";

/** Telegram shows a button's answer in a pop-up of at most 200 characters. */
export const POPUP_LIMIT = 200;

/** Answers the press's query once: a pop-up (`alert`: one to dismiss), or silently. */
type AnswerQuery = (text?: string, alert?: boolean) => Promise<void>;

interface Pressed {
  chat: TgChat;
  messageId: number;
  user: TgUser;
}

export async function onPress(app: BotContext, ctx: Context<Update.CallbackQueryUpdate>): Promise<void> {
  const query = ctx.callbackQuery;
  // Before we know who pressed, a pop-up is in their app's language.
  const appT = translator(languageOfTag(query.from.language_code) ?? DEFAULT_LANGUAGE);
  let answered = false;
  const answerQuery: AnswerQuery = async (text, alert = false) => {
    if (answered) return;
    answered = true;
    try {
      await app.bot.telegram.answerCbQuery(query.id, text ? clip(text, POPUP_LIMIT) : undefined, alert ? { show_alert: true } : {});
    } catch (error) {
      // An answer after ~15 s is refused as "query is too old"; the work itself is done.
      if (classifyFailure(error) !== "refused") throw error;
      app.log.debug(failureContext(error), "button answer refused");
    }
  };
  try {
    const press = "data" in query && query.data ? parseCallbackData(query.data) : null;
    const message = query.message;
    if (!press || !message) return await answerQuery(buttonGoneText("broken", appT), true);
    await handlePress(app, press, { chat: message.chat, messageId: message.message_id, user: query.from }, answerQuery);
  } finally {
    // Reached with `answered` false only when something threw: the spinner must still stop.
    if (!answered) await answerQuery(sorryText(appT), true).catch(() => {});
  }
}

async function handlePress(app: BotContext, press: ButtonPress, pressed: Pressed, answerQuery: AnswerQuery): Promise<void> {
  if (press.kind === "team") return chooseTeam(app, press.teamId, pressed, answerQuery);
  const { chat, user, messageId } = pressed;
  const who = await standingOf(app, chat, user);
  if (!who.ok) {
    await answerQuery(who.notice.popup, true);
    if (who.joinRequest) await app.sender.send(chat.id, who.joinRequest);
    return;
  }
  const presser = callerOf(chat, user, who.actor);
  if (press.kind === "flow") {
    const result = await app.forms.press(fillerOf(presser), formScreen(app, presser), press, messageId);
    return answerQuery(result.text, result.alert);
  }
  const command = await commandOf(app.deps, press);
  // A pop-up only the presser reads: in their own language.
  if (!command) return answerQuery(buttonGoneText("expired", translator(who.actor.languages?.person)), true);
  const reply = await app.conversation.run(who.actor, who.place, { kind: "button", command }, reachOf(app, user.id, who.place));
  const text = renderText(reply).text;
  const interactive = reply.blocks.some((b) => b.type === "actions" || b.type === "form");
  if (reply.tone !== "ok" && !interactive && text.length <= POPUP_LIMIT) return answerQuery(text, true);
  await answerQuery();
  const replace = press.replace && reply.tone === "ok";
  await answer(app, presser, reply, replace ? { replace: messageId } : { replyTo: messageId });
}

/** A press on a team button in a private chat: the chat acts for that team now, if they are on it. */
async function chooseTeam(app: BotContext, teamId: number, { chat, user, messageId }: Pressed, answerQuery: AnswerQuery): Promise<void> {
  const place = placeOf(chat, user);
  const { notice, toast } = place ? await app.conversation.chooseTeam(place, personOf(user), teamId) : teamChosenNotice("telegram", null, translator(languageOfTag(user.language_code) ?? DEFAULT_LANGUAGE));
  await answerQuery(toast);
  const shown = noticeMessage(notice);
  if (!(await app.sender.editHtml(chat.id, messageId, shown))) await app.sender.sendHtml(chat.id, shown);
}

export function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
