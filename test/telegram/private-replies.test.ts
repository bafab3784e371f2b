/**
 * Private replies (a new API key) through the real telegraf bot against the fake Bot API: in
 * a group they go to the person's private chat with the bot, and the group never sees them.
 * Telegram has no ephemeral messages, so anything the bot sends to a group is read by all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../src/services/api-key.service.js";
import type { RecordedCall } from "./fake-telegram.js";
import { dm, EMEA, MAX, MIA, RITA, SALES, shown, startHarness, type Chat, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // Mia sets the sales group up (its admin) and has a private chat with the bot; Max sets up
  // EMEA (its admin) and never opened one.
  await h.say(SALES, MIA, "/start");
  await h.say(SALES, RITA, "/start");
  await h.say(dm(MIA), MIA, "/start");
  await h.say(EMEA, MAX, "/start");
});
afterAll(async () => h?.close());

const KEY = /lsk_[A-Za-z0-9_-]{20,}/;

/** Calls that put something in front of others: anything addressed to a chat other than `person`'s private one. */
const sharedChatCalls = (calls: RecordedCall[], person: { id: number }) =>
  calls.filter((c) => c.body.chat_id !== undefined && Number(c.body.chat_id) !== person.id);
/** Every Bot API call that carries "lsk_" and does not go to `person`'s private chat. */
const leaks = (calls: RecordedCall[], person: { id: number }) => sharedChatCalls(calls, person).filter((c) => JSON.stringify(c.body).includes("lsk_"));
const keysOf = (teamChat: Chat) =>
  h.store.prisma.apiKey.findMany({ where: { team: { bindings: { some: { platform: "telegram", externalId: String(teamChat.id) } } } }, orderBy: { id: "asc" } });
const inPrivateChat = (calls: RecordedCall[], person: { id: number }) => shown(calls.filter((c) => Number(c.body.chat_id) === person.id));
const inChat = (calls: RecordedCall[], chat: Chat) => shown(calls.filter((c) => Number(c.body.chat_id) === chat.id));

describe("private replies in a Telegram group", () => {
  it("sends a new API key to the admin's private chat; the group only hears that it was sent", async () => {
    const calls = await h.say(SALES, MIA, "/admin apikey create website");
    expect(leaks(calls, MIA)).toEqual([]);
    const privately = inPrivateChat(calls, MIA).join("\n");
    const key = KEY.exec(privately)?.[0];
    expect(key).toBeDefined();
    expect(inChat(calls, SALES)).toEqual(["I sent you the answer in a private message."]);
    const keys = await keysOf(SALES);
    expect(keys.at(-1)).toMatchObject({ name: "website", hash: hashApiKey(key!) });
  });

  it("creates no key and tells the group how to get one when the admin never opened a private chat", async () => {
    const calls = await h.say(EMEA, MAX, "/admin apikey create website");
    expect(leaks(calls, MAX)).toEqual([]);
    expect(calls.some((c) => c.method === "sendMessage" && Number(c.body.chat_id) === MAX.id)).toBe(false);
    const group = inChat(calls, EMEA).join("\n");
    expect(group).toMatch(/No key was created/);
    expect(group).toMatch(/open a private chat with @LeadTestBot and send \/start, then ask again/i);
    expect(await keysOf(EMEA)).toEqual([]);

    // Once Max has started the bot, asking again works.
    await h.say(dm(MAX), MAX, "/start");
    const again = await h.say(EMEA, MAX, "/admin apikey create website");
    expect(leaks(again, MAX)).toEqual([]);
    expect(inPrivateChat(again, MAX).join("\n")).toMatch(KEY);
    expect(await keysOf(EMEA)).toHaveLength(1);
  });

  it("when the private message is refused after all, the group gets the key's number and a revoke button, never the key", async () => {
    const before = (await keysOf(SALES)).length;
    // Mia blocks the bot between the check and the message.
    h.fake.script("sendMessage", { status: 403, body: { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" } });
    const calls = await h.say(SALES, MIA, "/admin apikey create crm");
    expect(leaks(calls, MIA)).toEqual([]);
    const created = (await keysOf(SALES)).at(-1)!;
    expect((await keysOf(SALES)).length).toBe(before + 1);
    const group = inChat(calls, SALES).join("\n");
    expect(group).toContain(`API key #${created.id} "crm" was created, but I could not show it to you privately, so nobody has it.`);
    expect(group).toMatch(/send \/start, then ask again/);

    const revoke = await h.press(MIA, h.last(SALES), `Revoke #${created.id}`);
    // The revocation names the key by its shown prefix ("lsk_" and 8 characters), as listings do.
    expect(sharedChatCalls(revoke, MIA).filter((c) => KEY.test(JSON.stringify(c.body)))).toEqual([]);
    expect(shown(revoke).join("\n")).toMatch(new RegExp(`Revoked API key #${created.id}`));
    expect((await h.store.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } })).revokedAt).not.toBeNull();
  });

  it("keeps a key created from a button press out of the group too", async () => {
    // Any button runs its command as the presser; one that creates a key must not post it.
    await h.say(SALES, MIA, "/help admin");
    const menu = { ...h.last(SALES), reply_markup: { inline_keyboard: [[{ text: "New key", callback_data: "p/admin apikey create from-button" }]] } };
    const calls = await h.press(MIA, menu, "New key");
    expect(leaks(calls, MIA)).toEqual([]);
    expect(inPrivateChat(calls, MIA).join("\n")).toMatch(KEY);
    expect(inChat(calls, SALES)).toEqual(["I sent you the answer in a private message."]);
    expect((await keysOf(SALES)).at(-1)?.name).toBe("from-button");
  });

  it("still answers a key request in the private chat itself, in place", async () => {
    const calls = await h.say(dm(MIA), MIA, "/admin apikey create from-private");
    expect(sharedChatCalls(calls, MIA)).toEqual([]);
    expect(inPrivateChat(calls, MIA).join("\n")).toMatch(KEY);
    expect(inPrivateChat(calls, MIA).join("\n")).not.toMatch(/private message/);
  });

  it("refuses a rep in the group as before, without asking Telegram about their private chat", async () => {
    const calls = await h.say(SALES, RITA, "/admin apikey create mine");
    expect(calls.map((c) => c.method)).not.toContain("sendChatAction");
    expect(shown(calls).join("\n")).toMatch(/Only admins/);
  });
});
