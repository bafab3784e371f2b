import { describe, expect, it } from "vitest";
import { hookMappingSchema, isoTimeOf, itemsOfHookBody, mapHookItem, mappingFromOptions, mappingToOptions, type HookMapping } from "../../src/domain/hook-mapping.js";

const mapping = (m: Record<string, unknown>): HookMapping => hookMappingSchema.parse(m);

describe("webhook mappings", () => {
  it("reads the chat form: / before a type means where it is, lists and pairs are split", () => {
    const parsed = mapping(mappingFromOptions({ email: "/contact/email", name: "/first,/last", type: "/meta/action", types: "create:quote_request,deal.won:purchase", leadid: "/id" }));
    expect(parsed).toEqual({ email: "/contact/email", name: ["/first", "/last"], typeFrom: "/meta/action", types: { create: "quote_request", "deal.won": "purchase" }, leadId: "/id" });
    expect(mapping(mappingFromOptions(Object.fromEntries(mappingToOptions(parsed).map((o) => o.split(/=(.*)/s).slice(0, 2) as [string, string]).map(([k, v]) => [k.toLowerCase(), v]))))).toEqual(parsed);
  });

  it.each([
    [{ email: "email", type: "x" }, /not a JSON pointer/],
    [{ email: "/a~2b", type: "x" }, /not a JSON pointer/],
    [{ type: "x" }, /at least one of email, phone or leadId/],
    [{ email: "/email" }, /give the event a type/],
    [{ email: "/email", type: "x", emial: "/e" }, /Unrecognized key/],
  ])("refuses %j", (input, problem) => {
    const parsed = hookMappingSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.message).join("; ")).toMatch(problem);
  });

  it("maps an item: escaped keys, list elements, joined names, prefixed CRM ids, renamed types", () => {
    const m = mapping({ email: "/contact/e~1mail", phone: "/phones/0", name: ["/first", "/last"], leadId: "/id", leadIdPrefix: "crm-", typeFrom: "/kind", types: { signup: "newsletter_signup" }, id: "/delivery", occurredAt: "/at" });
    const item = { contact: { "e/mail": "A@B.example" }, phones: ["+48 600 100 200"], first: "Jana", last: " Novak ", id: 77, kind: "signup", delivery: "d-1", at: 1_780_000_000 };
    expect(mapHookItem(m, item)).toEqual({
      ok: true,
      id: "d-1",
      event: { type: "newsletter_signup", payload: item, email: "A@B.example", phone: "+48 600 100 200", leadExternalId: "crm-77", name: "Jana Novak", occurredAt: new Date(1_780_000_000_000).toISOString() },
    });
    expect(mapHookItem(m, { ...item, kind: "other" })).toMatchObject({ ok: true, event: { type: "other" } });
  });

  it.each([
    [{ email: { v: 1 } }, "invalid_field", /email at \/email is an object/],
    [{ email: ["a@b.example"] }, "invalid_field", /is a list/],
    [{ email: true }, "invalid_field", /is a boolean/],
    [{ email: "" }, "no_identity", /found no email, phone or lead id/],
    [{ name: "x" }, "no_identity", /looked at \/email/],
  ])("refuses the item %j", (item, code, reason) => {
    const result = mapHookItem(mapping({ email: "/email", type: "demo_request" }), item);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it("never lets a pointer reach an object's prototype", () => {
    expect(mapHookItem(mapping({ email: "/constructor/name", type: "x" }), {})).toMatchObject({ ok: false, code: "no_identity" });
    expect(mapHookItem(mapping({ email: "/__proto__", type: "x" }), {})).toMatchObject({ ok: false, code: "no_identity" });
  });

  it("finds the items of a body: a list at a pointer, an array body, or the body", () => {
    expect(itemsOfHookBody(mapping({ email: "/e", type: "x", items: "/data" }), { data: [{ e: 1 }, { e: 2 }] })).toEqual({ ok: true, items: [{ e: 1 }, { e: 2 }] });
    expect(itemsOfHookBody(mapping({ email: "/e", type: "x", items: "/data" }), { data: { e: 1 } })).toEqual({ ok: true, items: [{ e: 1 }] });
    expect(itemsOfHookBody(mapping({ email: "/e", type: "x", items: "/data" }), { other: 1 })).toMatchObject({ ok: false });
    expect(itemsOfHookBody(mapping({ email: "/e", type: "x" }), [1, 2])).toEqual({ ok: true, items: [1, 2] });
    expect(itemsOfHookBody(mapping({ email: "/e", type: "x" }), { e: 1 })).toEqual({ ok: true, items: [{ e: 1 }] });
  });

  it.each([
    ["1780000000", "2026-05-28T20:26:40.000Z"],
    ["1780000000000", "2026-05-28T20:26:40.000Z"],
    ["2026-05-31 08:00:00", "2026-05-31T08:00:00Z"],
    ["2026-05-31T08:00:00+02:00", "2026-05-31T08:00:00+02:00"],
    ["yesterday", "yesterday"],
  ])("reads the time %s as %s", (given, iso) => {
    expect(isoTimeOf(given)).toBe(iso);
  });
});
