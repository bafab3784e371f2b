/**
 * Words built from what the domain returns as data, in the team's language (README,
 * "Languages"), through the real telegraf bot and the fake Bot API: a Ukrainian team's manager
 * changes a weight, and the preview, the confirmation, /weights history and the undo preview
 * say the change in Ukrainian, with the rule's key and numbers as typed; an attribute /lead add
 * cannot store is refused in Ukrainian.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shown, startHarness, type Chat, type Harness, type User } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe("a scoring change said in Ukrainian", () => {
  const OKSANA: User & { language_code: string } = { id: 4501, is_bot: false, first_name: "Oksana", username: "oksana", language_code: "uk" };
  const LVIV: Chat = { id: -1004500000001, type: "supergroup", title: "Продажі Львів" };

  beforeAll(async () => {
    await h.say(LVIV, OKSANA, "/start");
  });

  it("previews, confirms, lists and undoes the change in Ukrainian words", async () => {
    const preview = shown(await h.say(LVIV, OKSANA, "/weights demo_request 50 valid=45d")).join("\n");
    expect(preview).toMatch(/^Попередній перегляд: .* \(demo_request\): \+40 → \+50 балів, діє 60 дн\. → 45 дн\./);
    expect(preview).not.toMatch(/points|valid/);

    const message = h.last(LVIV);
    await h.press(OKSANA, message, "Підтвердити");
    expect(h.fake.message(LVIV.id, message.message_id)?.text).toMatch(/змінив\(ла\) скоринг: .* \(demo_request\): \+40 → \+50 балів, діє 60 дн\. → 45 дн\./);

    const history = shown(await h.say(LVIV, OKSANA, "/weights history")).join("\n");
    expect(history).toMatch(/Oksana · .* \(demo_request\): \+40 → \+50 балів, діє 60 дн\. → 45 дн\./);

    const undo = shown(await h.say(LVIV, OKSANA, "/weights undo")).join("\n");
    expect(undo).toMatch(/^Попередній перегляд: Скасування: .* \(demo_request\): \+40 → \+50 балів/);
  });
});

describe("an attribute refused in Ukrainian", () => {
  const TARAS: User & { language_code: string } = { id: 4601, is_bot: false, first_name: "Taras", username: "taras", language_code: "uk" };
  const KHARKIV: Chat = { id: -1004600000001, type: "supergroup", title: "Продажі Харків" };

  it("says which attribute and why, in Ukrainian", async () => {
    await h.say(KHARKIV, TARAS, "/start");
    const answer = shown(await h.say(KHARKIV, TARAS, `/lead add "Іван Петренко" plan=${"x".repeat(1001)}`)).join("\n");
    expect(answer).toBe("Не додано: plan: значення атрибута — щонайбільше 1000 символів.");
  });
});
