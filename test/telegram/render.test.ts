import { describe, expect, it } from "vitest";
import { reply, type Action } from "../../src/chat/reply.js";
import { parseCallbackData, fits } from "../../src/platforms/telegram/callback-data.js";
import { escapeHtml, MESSAGE_LIMIT, renderHtml } from "../../src/platforms/telegram/html.render.js";
import { submitLine } from "../../src/chat/form-model.js";
import { loadConfig } from "../../src/config.js";
import { deriveWebhookSecret } from "../../src/platforms/telegram/telegram.config.js";
import { parseTelegramHtml } from "./fake-telegram.js";

const visible = (html: string) => {
  const parsed = parseTelegramHtml(html);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed.text;
};

describe("Telegram HTML rendering", () => {
  it("escapes &, < and > in every kind of block so R&D <Ops> reads literally", () => {
    const name = "R&D <Ops>";
    const { parts } = renderHtml(
      reply([
        { type: "header", text: name },
        { type: "text", text: `Lead ${name}` },
        { type: "fields", fields: [{ label: name, value: name }] },
        { type: "list", title: name, items: [name] },
        { type: "context", text: name },
      ]),
    );
    expect(parts).toHaveLength(1);
    expect(parts[0]).not.toMatch(/&(?!amp;|lt;|gt;)|<(?!\/?[bi]>)/);
    expect(visible(parts[0]!)).toBe(["R&D <Ops>", "Lead R&D <Ops>", "R&D <Ops>: R&D <Ops>", "", "R&D <Ops>", "• R&D <Ops>", "R&D <Ops>"].join("\n"));
  });

  it("escapes only what Telegram needs", () => {
    expect(escapeHtml(`a & b < c > d "e" 'f'`)).toBe(`a &amp; b &lt; c &gt; d "e" 'f'`);
  });

  it("splits a long list into messages of at most 4096 characters, never inside an item or a tag", () => {
    const items = Array.from({ length: 400 }, (_, i) => `#${i} Lead <${i}> & Co — ${"x".repeat(i % 40)}`);
    const { parts } = renderHtml(reply([{ type: "header", text: "All leads" }, { type: "list", title: "Hot & warm", items }]));
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(() => visible(part)).not.toThrow();
      expect(part.startsWith("\n") || part.endsWith("\n")).toBe(false);
    }
    const lines = parts.flatMap((p) => visible(p).split("\n"));
    expect(lines.filter((l) => l.startsWith("• "))).toEqual(items.map((i) => `• ${i}`));
  });

  it("breaks a single line longer than a message between words, re-opening its tags", () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}&`).join(" ");
    const { parts } = renderHtml(reply([{ type: "context", text: words }]));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(part).toMatch(/^<i>.*<\/i>$/s);
    }
    expect(parts.map(visible).join("")).toBe(words);
  });

  it("cuts a word longer than a message between characters, not inside an emoji", () => {
    const word = "😀".repeat(3000);
    const { parts } = renderHtml(reply([{ type: "text", text: word }]));
    expect(parts.length).toBe(2);
    expect(parts.join("")).toBe(word);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
  });

  it("puts short buttons three to a row and long ones alone", () => {
    const actions: Action[] = ["Connected", "No answer", "Voicemail", "Meeting booked", "Not interested", "Won", "Lost"].map((label) => ({
      label,
      command: `/log #1 ${label}`,
    }));
    const { rows } = renderHtml(reply([{ type: "actions", actions }]));
    expect(rows.map((r) => r.map((a) => a.label))).toEqual([["Connected", "No answer", "Voicemail"], ["Meeting booked", "Not interested"], ["Won", "Lost"]]);
  });
});

describe("callback data", () => {
  it("reads back every kind of button it makes, and nothing else", () => {
    expect(parseCallbackData("r/log #12 won")).toEqual({ kind: "command", command: "/log #12 won", replace: true });
    expect(parseCallbackData("p/lead claim #3")).toEqual({ kind: "command", command: "/lead claim #3", replace: false });
    expect(parseCallbackData("r#abcDEF123_-x")).toEqual({ kind: "stored", id: "abcDEF123_-x", replace: true });
    expect(parseCallbackData("f:k3Zq:2:1")).toEqual({ kind: "flow", nonce: "k3Zq", step: 2, choice: "1" });
    expect(parseCallbackData("t:7")).toEqual({ kind: "team", teamId: 7 });
    expect(parseCallbackData("something else")).toBeNull();
  });

  it("counts Telegram's 64-byte limit in bytes, not characters", () => {
    expect(fits(`r/lead status ${"a".repeat(48)}`)).toBe(true);
    expect(fits(`r/lead status ${"ä".repeat(26)}`)).toBe(false); // 40 characters, 66 bytes
  });
});

describe("the step-by-step form's submission", () => {
  const fields = ["budget", "authority", "need", "timing"].map((id) => ({ id, label: id, kind: "choice" as const, options: ["yes", "no", "unknown"], initial: "unknown" }));

  it("submits answers with their notes, quoted so the command parser reads them back", () => {
    expect(
      submitLine({ submit: "/qualify #4", fields, answers: { budget: "yes", need: "no" }, notes: { need: 'said "not now"\nmaybe Q3', timing: "ask in May" } }),
    ).toBe(`/qualify #4 budget="yes" need="no: said 'not now' maybe Q3" timing="unknown: ask in May"`);
  });

  it("submits nothing when every question was skipped", () => {
    expect(submitLine({ submit: "/qualify #4", fields, answers: {}, notes: {} })).toBeNull();
  });
});

describe("Telegram configuration", () => {
  /** Telegram's part of the one configuration. */
  const loadTelegramConfig = (env: Record<string, string>) => loadConfig(env).telegram;
  const token = "123456789:AAEabcdefghijklmnopqrstuvwxyz";

  it("is off without a bot token", () => {
    expect(loadTelegramConfig({})).toBeNull();
  });

  it("polls by default, with an API root override", () => {
    expect(loadTelegramConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: "http://localhost:8081/" })).toEqual({
      botToken: token,
      apiRoot: "http://localhost:8081",
      mode: "polling",
    });
  });

  it("uses a webhook when a URL is set, deriving a stable secret in Telegram's alphabet when none is given", () => {
    const config = loadTelegramConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: "https://bot.example.com/tg/updates" });
    expect(config?.mode).toBe("webhook");
    expect(config?.webhook).toMatchObject({ url: "https://bot.example.com/tg/updates", path: "/tg/updates", port: 3002, secretDerived: true });
    expect(config?.webhook?.secret).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(config?.webhook?.secret).toBe(deriveWebhookSecret(token));
    expect(deriveWebhookSecret("42:other-token-abcdefghijklmnopq")).not.toBe(config?.webhook?.secret);
  });

  it.each([
    [{ TELEGRAM_BOT_TOKEN: "not-a-token" }, /TELEGRAM_BOT_TOKEN/],
    [{ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: "https://x.example/h", TELEGRAM_WEBHOOK_SECRET: "short" }, /TELEGRAM_WEBHOOK_SECRET/],
    [{ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: "https://x.example/h", TELEGRAM_WEBHOOK_SECRET: "has spaces in it, sadly" }, /TELEGRAM_WEBHOOK_SECRET/],
    [{ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: "https://x.example/h", TELEGRAM_WEBHOOK_PORT: "3000" }, /already PORT/],
    [{ TELEGRAM_WEBHOOK_URL: "https://x.example/h" }, /TELEGRAM_BOT_TOKEN: set it too/],
  ])("refuses %o with a message naming the variable", (env, message) => {
    expect(() => loadTelegramConfig(env)).toThrow(message);
  });
});
