/**
 * Runs the real Telegram transport (telegraf, long polling) against the fake Bot API, with a
 * fresh migrated store, and speaks for the people in the chats: `say` sends a message update
 * and `press` a button press, each resolving once the bot has finished handling it.
 */
import { Writable } from "node:stream";
import pino from "pino";
import type { ServiceDeps } from "../../src/services/deps.js";
import type { StoreHandle } from "../../src/store/client.js";
import { startTelegram, type StartTelegramOptions, type TelegramHandle } from "../../src/platforms/telegram/telegram.bot.js";
import type { TelegramConfig } from "../../src/platforms/telegram/telegram.config.js";
import { serviceDeps, testClock } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { BOT_USER, parseTelegramHtml, startFakeTelegram, TOKEN, type BotMessage, type FakeTelegram, type RecordedCall, type TgDocument } from "./fake-telegram.js";

export interface User {
  id: number;
  is_bot: false;
  first_name: string;
  last_name?: string;
  username?: string;
}
export interface Chat {
  id: number;
  type: "private" | "group" | "supergroup";
  title?: string;
  first_name?: string;
}

const user = (id: number, first_name: string, last_name: string): User => ({ id, is_bot: false, first_name, last_name, username: first_name.toLowerCase() });
export const MIA = user(1001, "Mia", "Manager");
export const MAX = user(1002, "Max", "Manager");
export const RITA = user(1003, "Rita", "Rep");
export const STRANGER = user(1099, "Sam", "Stranger");

export const SALES: Chat = { id: -1001234567890, type: "supergroup", title: "R&D <Ops>" };
export const EMEA: Chat = { id: -1009876543210, type: "supergroup", title: "EMEA sales" };
export const dm = (person: User): Chat => ({ id: person.id, type: "private", first_name: person.first_name });

let nextMessageId = 1;
const now = () => Math.floor(Date.now() / 1000);

/** A message as Telegram delivers it: a leading command gets its bot_command entity. */
export function textMessage(chat: Chat, from: User, text: string, replyTo?: BotMessage) {
  const command = /^\/\S+/.exec(text);
  return {
    message_id: nextMessageId++,
    date: now(),
    chat,
    from,
    text,
    ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
    ...(replyTo ? { reply_to_message: replyTo } : {}),
  };
}

/** A document message (a file sent with the 📎 button), its caption's command marked as Telegram marks it. */
export function documentMessage(chat: Chat, from: User, document: TgDocument, caption?: string) {
  const command = caption ? /^\/\S+/.exec(caption) : null;
  return {
    message_id: nextMessageId++,
    date: now(),
    chat,
    from,
    document,
    ...(caption ? { caption } : {}),
    ...(command ? { caption_entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
  };
}

type MemberStatus = "creator" | "administrator" | "member" | "left" | "kicked";

/**
 * A `chat_member` update (someone's membership of a group changed; the bot gets these as a
 * group admin, when it asks for them), or with `kind: "my_chat_member"` the bot's own.
 */
export function memberUpdate(
  chat: Chat,
  by: User,
  person: User | typeof BOT_USER,
  change: { from: MemberStatus; to: MemberStatus },
  kind: "chat_member" | "my_chat_member" = person.is_bot ? "my_chat_member" : "chat_member",
) {
  return {
    [kind]: {
      chat,
      from: by,
      date: now(),
      old_chat_member: { user: person, status: change.from },
      new_chat_member: { user: person, status: change.to, ...(change.to === "kicked" ? { until_date: 0 } : {}) },
    },
  };
}

/** The service message a group shows when someone leaves (`by` themselves) or is removed (`by` an admin). */
export function leftMessage(chat: Chat, by: User, person: User | typeof BOT_USER) {
  return { message: { message_id: nextMessageId++, date: now(), chat, from: by, left_chat_member: person } };
}

/** The service message a group shows when people are added (or join by link, then `by` is themselves). */
export function joinedMessage(chat: Chat, by: User, people: Array<User | typeof BOT_USER>) {
  return { message: { message_id: nextMessageId++, date: now(), chat, from: by, new_chat_members: people } };
}

export interface Harness {
  fake: FakeTelegram;
  store: StoreHandle;
  deps: ServiceDeps;
  handle: TelegramHandle;
  time: ReturnType<typeof testClock>;
  /** What the transport logged, as parsed JSON lines. */
  logs: Array<Record<string, unknown>>;
  /** Sends a message and waits until it is handled; returns the Bot API calls it caused. */
  say(chat: Chat, from: User, text: string, replyTo?: BotMessage): Promise<RecordedCall[]>;
  /** Pushes any update (memberUpdate, leftMessage, joinedMessage) and waits until it is handled; returns the calls it caused. */
  update(update: Record<string, unknown>): Promise<RecordedCall[]>;
  /** Sends a file as a document (with an optional caption) and waits until it is handled; returns the calls it caused. */
  sendFile(chat: Chat, from: User, file: { data: Uint8Array; file_name: string; mime_type: string; caption?: string; file_size?: number; localPath?: string }): Promise<RecordedCall[]>;
  /** Presses the button labelled `label` on a bot message; returns the calls it caused. */
  press(from: User, message: BotMessage, label: string | RegExp): Promise<RecordedCall[]>;
  /** The last message the bot sent to a chat, as it reads now. */
  last(chat: Chat): BotMessage;
  /** Stops the bot and starts a new one on the same store and fake (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { config?: Partial<TelegramConfig>; retry?: StartTelegramOptions["retry"]; store?: "pglite" | "postgres" } = {},
): Promise<Harness> {
  const fake = await startFakeTelegram();
  const store = await createTestStore(options.store ?? "pglite");
  const time = testClock();
  const deps: ServiceDeps = serviceDeps(store, time.clock);
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n")) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: "debug" }, sink);
  const config: TelegramConfig = { botToken: TOKEN, apiRoot: fake.apiRoot, mode: "polling", ...options.config };
  const boot = () => startTelegram({ deps, log, config, retry: { backoffMs: 20, ...options.retry } });
  let handle = await boot();

  const run = async (update: Record<string, unknown>) => {
    const from = fake.calls.length;
    const id = fake.push(update);
    await fake.processed(id);
    return fake.calls.slice(from).filter((c) => c.method !== "getUpdates");
  };
  let nextQuery = 1;

  const harness: Harness = {
    fake,
    store,
    deps,
    get handle() {
      return handle;
    },
    time,
    logs,
    say: (chat, from, text, replyTo) => run({ message: textMessage(chat, from, text, replyTo) }),
    update: run,
    sendFile(chat, from, file) {
      const document = fake.hostDocument(file.data, file);
      return run({ message: documentMessage(chat, from, file.file_size ? { ...document, file_size: file.file_size } : document, file.caption) });
    },
    press(from, message, label) {
      const buttons = message.reply_markup?.inline_keyboard?.flat() ?? [];
      const button = buttons.find((b) => (typeof label === "string" ? b.text === label : label.test(b.text)));
      if (!button?.callback_data) throw new Error(`no button ${String(label)} on message ${message.message_id}: ${buttons.map((b) => b.text).join(", ")}`);
      return run({
        callback_query: { id: `q${nextQuery++}`, from, message, chat_instance: "ci-1", data: button.callback_data },
      });
    },
    last(chat) {
      const messages = fake.messagesIn(chat.id);
      const message = messages[messages.length - 1];
      if (!message) throw new Error(`the bot sent nothing to chat ${chat.id}`);
      return message;
    },
    async restart() {
      await handle.stop();
      handle = await boot();
    },
    async close() {
      await handle.stop();
      await fake.close();
      await store.close();
    },
  };
  return harness;
}

/** The texts (as Telegram shows them) of the messages sent or edited in `calls`. */
export function shown(calls: RecordedCall[]): string[] {
  return calls
    .filter((c) => c.method === "sendMessage" || c.method === "editMessageText")
    .map((c) => {
      const parsed = parseTelegramHtml(String(c.body.text));
      return "text" in parsed ? parsed.text : `UNPARSABLE: ${parsed.error}`;
    });
}

export { BOT_USER };
