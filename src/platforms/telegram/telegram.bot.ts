/**
 * The Telegram transport: a thin receiver around the shared conversation (src/chat/
 * conversation.ts). Commands and button presses become inputs run as the person who sent or
 * pressed them (telegram.handlers.ts, telegram.press.ts); replies go back as HTML with inline
 * keyboards; forms run step by step (src/chat/form-flow.ts). This file starts and stops it:
 * long polling or a webhook, the command menu, and the daily housekeeping.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { Telegraf } from "telegraf";
import type { Update } from "telegraf/types";
import { COMMANDS, handleLine } from "../../../commands/index.js";
import { BUTTON_TTL_DAYS } from "../../chat/buttons.js";
import { Conversation } from "../../chat/conversation.js";
import { FORM_TTL_DAYS, FormFlow } from "../../chat/form-flow.js";
import type { Reply } from "../../chat/reply.js";
import { readRawBody } from "../../http/body.js";
import { drainable } from "../../http/drain.js";
import { purgeStaleChatState } from "../../services/chat-housekeeping.service.js";
import type { Clock } from "../../services/clock.js";
import type { ServiceDeps } from "../../services/deps.js";
import { DEFAULT_LANGUAGE, LANGUAGE_CODES, translator, type LanguageCode } from "../../i18n/index.js";
import { commandMenu } from "../../views/help.view.js";
import type { BotContext } from "./telegram.context.js";
import { wire } from "./telegram.handlers.js";
import { clip } from "./telegram.press.js";
import { DEFAULT_RETRY, failureContext, installRetries, type RetryPolicy } from "./telegram-api.js";
import type { TelegramConfig, TelegramWebhookConfig } from "./telegram.config.js";
import { TelegramSender } from "./telegram.sender.js";

export interface StartTelegramOptions {
  deps: ServiceDeps;
  log: Logger;
  config: TelegramConfig;
  /** Overrides `deps.clock` (tests). */
  clock?: Clock;
  /** Time zone of teams created from Telegram groups. Default UTC. */
  timezone?: string;
  /** Overrides parts of the retry policy for Bot API calls (tests shorten the waits). */
  retry?: Partial<RetryPolicy>;
}

export interface TelegramHandle {
  /** The telegraf bot, for tests and for the alerts work. */
  bot: Telegraf;
  mode: "polling" | "webhook";
  /** Webhook mode: the port the webhook server listens on. */
  port?: number;
  /** Webhook mode: the request handler, should the webhook ever be served by another server. */
  webhookHandler?: RequestListener;
  /**
   * Sends a reply model to a chat (alerts, digests): the outbox's way out. 429s and network
   * failures are retried here; a refusal is thrown, and `isUnreachableChat(error)` (from
   * telegram-api.ts) tells whether retrying later can help.
   */
  send(chatId: number | string, reply: Reply): Promise<void>;
  /** Stops taking updates and waits for those in progress. */
  stop(): Promise<void>;
}

/**
 * Only these reach the bot: messages (commands, typed notes, people joining and leaving),
 * button presses, and changes of membership in its chats (someone left or was removed, the
 * bot itself was removed or added back). Telegram sends `chat_member` only when asked for by
 * name, and only to a bot that is an admin of the group; `left_chat_member` messages cover
 * the rest.
 */
export const ALLOWED_UPDATES = ["message", "callback_query", "chat_member", "my_chat_member"] as const;
const DAY_MS = 86_400_000;

/**
 * Starts the Telegram bot: long polling, or a webhook when `config.mode` is "webhook"
 * (its own HTTP server on `config.webhook.port`, verifying the secret token on every update).
 * A wrong token fails here (getMe); problems after start-up are logged, never thrown.
 */
export async function startTelegram(options: StartTelegramOptions): Promise<TelegramHandle> {
  const { config } = options;
  const deps: ServiceDeps = options.clock ? { ...options.deps, clock: options.clock } : options.deps;
  const log = options.log.child({ transport: "telegram" });
  const stopping = new AbortController();
  const bot = new Telegraf(config.botToken, {
    // webhookReply off: every call is a real request, so its answer (or refusal) is seen.
    telegram: { ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}), webhookReply: false },
    // A weights change re-scores every lead before it answers.
    handlerTimeout: 120_000,
  });
  installRetries(bot.telegram, { ...DEFAULT_RETRY, ...options.retry }, log, stopping.signal);
  const sender = new TelegramSender(bot.telegram, deps);
  const conversation = new Conversation({ deps, log, route: handleLine, timezone: options.timezone ?? "UTC" });
  const app: BotContext = { bot, deps, log, sender, conversation, forms: new FormFlow({ deps, log, route: handleLine }) };

  bot.botInfo = await bot.telegram.getMe();
  wire(app);
  await registerCommands(app);
  await housekeeping(app);
  const receiving = config.mode === "webhook" && config.webhook ? await serveWebhook(app, config.webhook) : await poll(app, stopping.signal);
  const daily = setInterval(() => void housekeeping(app), DAY_MS);
  daily.unref();
  return {
    bot,
    ...receiving.handle,
    send: async (chatId, reply) => void (await sender.send(chatId, reply)),
    async stop() {
      if (stopping.signal.aborted) return;
      stopping.abort();
      clearInterval(daily);
      await receiving.stop();
    },
  };
}

/** How updates arrive, and how to stop them arriving. */
interface Receiving {
  handle: Pick<TelegramHandle, "mode" | "port" | "webhookHandler">;
  stop(): Promise<void>;
}

/** Webhook mode: our own HTTP server takes the updates Telegram posts, once setWebhook points it here. */
async function serveWebhook(app: BotContext, webhook: TelegramWebhookConfig): Promise<Receiving> {
  const { bot, log } = app;
  const handler = webhookHandler(bot, webhook, log);
  const server = createServer(handler);
  // Closing lets the updates being handled finish (telegraf answers each once it is handled).
  const drain = drainable(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(webhook.port, webhook.host, () => resolve());
  });
  try {
    await bot.telegram.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES], drop_pending_updates: false });
  } catch (error) {
    await drain.close();
    throw error;
  }
  server.on("error", (error) => log.error({ err: error }, "Telegram webhook server error"));
  const port = (server.address() as AddressInfo).port;
  log.info({ bot: bot.botInfo?.username, url: webhook.url, port, secret: webhook.secretDerived ? "derived from the token" : "set" }, "Telegram webhook ready");
  return {
    handle: { mode: "webhook", port, webhookHandler: handler },
    // The webhook stays registered: Telegram keeps updates until the next start takes them.
    stop: () => drain.close(),
  };
}

/** Long polling, until `stopping` is aborted. */
async function poll(app: BotContext, stopping: AbortSignal): Promise<Receiving> {
  const { bot, log } = app;
  // Surfaces a webhook left from a previous deployment (or a wrong API root) now, not in the background.
  await bot.telegram.deleteWebhook({ drop_pending_updates: false });
  const polling = bot.launch({ allowedUpdates: [...ALLOWED_UPDATES], dropPendingUpdates: false }).catch((error: unknown) => {
    // 409: another process polls with this token (several instances need webhook mode); 401: token revoked.
    if (!stopping.aborted) log.error(failureContext(error), "Telegram long polling stopped");
  });
  log.info({ bot: bot.botInfo?.username }, "Telegram long polling started");
  return {
    handle: { mode: "polling" },
    async stop() {
      try {
        bot.stop("shutdown");
      } catch {
        // Not polling yet: the aborted signal makes its first getUpdates end the loop.
      }
      await polling;
    },
  };
}

/**
 * The command menu in Telegram's UI, in each language the bot speaks: Telegram shows a person
 * the menu of their app's language, and the default one (English) to everyone else. A failure
 * is only cosmetic: commands work without it.
 */
async function registerCommands(app: BotContext): Promise<void> {
  const menu = (code: LanguageCode) => commandMenu(translator(code), COMMANDS).map((c) => ({ ...c, description: clip(c.description, 256) }));
  const menus: Array<{ commands: ReturnType<typeof menu>; language_code?: string }> = [
    { commands: menu(DEFAULT_LANGUAGE) },
    ...LANGUAGE_CODES.filter((code) => code !== DEFAULT_LANGUAGE).map((code) => ({ commands: menu(code), language_code: code })),
  ];
  for (const { commands, language_code } of menus) {
    try {
      await app.bot.telegram.setMyCommands(commands, language_code ? { language_code } : {});
    } catch (error) {
      app.log.warn({ ...failureContext(error), language_code }, "could not register the command menu (setMyCommands)");
    }
  }
}

/** Drops abandoned forms and expired button commands. */
async function housekeeping(app: BotContext): Promise<void> {
  const now = app.deps.clock().getTime();
  try {
    await purgeStaleChatState(app.deps, {
      platform: "telegram",
      formsBefore: new Date(now - FORM_TTL_DAYS * DAY_MS),
      buttonsBefore: new Date(now - BUTTON_TTL_DAYS * DAY_MS),
    });
  } catch (error) {
    app.log.warn({ err: error }, "Telegram housekeeping failed; will try again tomorrow");
  }
}

// ---- webhook --------------------------------------------------------------------------------

/** The largest webhook update read; a larger one is answered 413 (README, Limits and errors). */
export const MAX_UPDATE_BYTES = 1_000_000;
const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * The webhook endpoint. Every request must carry the secret token set with setWebhook in
 * `X-Telegram-Bot-Api-Secret-Token`; anything else gets 401 and is not read, so nobody who
 * guesses the URL can inject updates. Compared as digests, in constant time.
 */
function webhookHandler(bot: Telegraf, webhook: TelegramWebhookConfig, log: Logger): RequestListener {
  const expected = digest(webhook.secret);
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== webhook.path) return void res.writeHead(404).end();
    if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
    const header = req.headers["x-telegram-bot-api-secret-token"];
    if (typeof header !== "string" || !timingSafeEqual(digest(header), expected)) {
      log.warn({ remote: req.socket.remoteAddress, header: header === undefined ? "missing" : "wrong" }, "rejected a webhook request without the right secret token");
      req.resume();
      return void res.writeHead(401).end();
    }
    readUpdate(req).then(
      (read) => {
        if (!read.ok) {
          log.warn({ status: read.status, reason: read.message }, "rejected a webhook request with an unreadable body");
          // Over the limit, the rest of the upload is drained, not read: close the connection after
          // answering so the client cannot reuse a socket with a body still in flight.
          return void res.writeHead(read.status, read.status === 413 ? { connection: "close" } : {}).end();
        }
        // telegraf ends the response once the update is handled; Telegram then sends the next.
        return bot.handleUpdate(read.update, res);
      },
    ).catch((error: unknown) => {
      log.error({ err: error }, "webhook update failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}

/** A webhook body as an update, or why not (400, or 413 past MAX_UPDATE_BYTES, which is drained unread). */
async function readUpdate(req: IncomingMessage): Promise<{ ok: true; update: Update } | { ok: false; status: 400 | 413; message: string }> {
  const raw = await readRawBody(req, MAX_UPDATE_BYTES);
  if (!raw.ok) return { ok: false, status: raw.status, message: raw.message };
  let update: unknown;
  try {
    update = JSON.parse(raw.value.toString("utf8"));
  } catch {
    return { ok: false, status: 400, message: "not JSON" };
  }
  if (!update || typeof update !== "object" || typeof (update as { update_id?: unknown }).update_id !== "number") {
    return { ok: false, status: 400, message: "not a Telegram update" };
  }
  return { ok: true, update: update as Update };
}
