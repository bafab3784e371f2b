/**
 * The last English a chat user could still see, rendered in the pseudo-locale en-XA: why a
 * webhook mapping is refused (/hooks set, /hooks import: the real schema's checks, read back as
 * problems), Slack's last-resort apology, and the name of a Telegram group without a title. Any
 * plain English left is a word no catalog said.
 */
import { describe, expect, it } from "vitest";
import { hookFileSchema, hookMappingSchema, mappingFromOptions } from "../../src/domain/hook-mapping.js";
import { inputIssues, type InputProblem } from "../../src/domain/safe-input.js";
import { PSEUDO_LOCALE, translator } from "../../src/i18n/index.js";
import { placeOf } from "../../src/platforms/telegram/telegram.inbound.js";
import type { Failure } from "../../src/services/result.js";
import { failureReply, failureText } from "../../src/views/failure.view.js";
import { slackSorryText, untitledGroupName } from "../../src/views/platform.view.js";
import { DATA, shown } from "./pseudo-fixtures.js";
import { untranslatedEnglish } from "./untranslated.js";

const t = translator(PSEUDO_LOCALE);

/** What people type in a mapping, which the words quote as typed: field names, examples. */
const TYPED = ["email", "phone", "leadId", "leadIdPrefix", "typeFrom", "type=demo_request", "typeFrom=/event", "/contact/email", "~1", "_ . : -"];

const manyTypes = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`value-${i}`, "demo_request"]));
const manySources = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`form-${i}`, { email: "/email", type: "demo_request" }]));

/** A mapping (or a mapping file) each check of the schemas refuses, and the problem it is read back as. */
const REFUSED: Array<[name: string, input: unknown, file: boolean, kind: InputProblem["kind"]]> = [
  ["a pointer without its slash (/hooks set)", mappingFromOptions({ email: "email", type: "demo_request" }), false, "not_json_pointer"],
  ["a broken escape", { email: "/a~2b", type: "demo_request" }, false, "not_json_pointer"],
  ["no email, phone or lead id", { type: "demo_request" }, false, "no_lead_identity"],
  ["no event type", { email: "/email" }, false, "no_event_type"],
  ["a misspelt field", { email: "/email", type: "demo_request", emial: "/e" }, false, "unknown_field"],
  ["a name of five pointers", { email: "/email", type: "demo_request", name: ["/a", "/b", "/c", "/d", "/e"] }, false, "too_many_pointers"],
  ["a name of no pointers", { email: "/email", type: "demo_request", name: [] }, false, "empty"],
  ["a lead id prefix with a space", { leadId: "/id", leadIdPrefix: "crm person", type: "demo_request" }, false, "id_prefix_characters"],
  ["a lead id prefix too long", { leadId: "/id", leadIdPrefix: "p".repeat(41), type: "demo_request" }, false, "too_long"],
  ["a pointer too long", { email: `/${"e".repeat(200)}`, type: "demo_request" }, false, "too_long"],
  ["too many renamed types", { email: "/email", typeFrom: "/kind", types: manyTypes }, false, "too_many_types"],
  ["a pointer that is a number", { email: 5, type: "demo_request" }, false, "invalid"],
  ["a file without sources", { sources: {} }, true, "no_sources"],
  ["a file with a source name in capitals", { sources: { "Web Form": { email: "/email", type: "demo_request" } } }, true, "source_name_characters"],
  ["a file with too many sources", { sources: manySources }, true, "too_many_sources"],
  ["a file with a misspelt key", { source: {} }, true, "unknown_field"],
];

const refusal = (input: unknown, file: boolean): Extract<Failure, { reason: "hook_mapping_unfit" }> => {
  const parsed = (file ? hookFileSchema : hookMappingSchema).safeParse(input);
  if (parsed.success) throw new Error(`the schema took ${JSON.stringify(input).slice(0, 80)}`);
  return { code: "invalid", reason: "hook_mapping_unfit", issues: parsed.error.issues };
};

describe("a refused webhook mapping", () => {
  it.each(REFUSED)("reads %s back as its problem", (_name, input, file, kind) => {
    expect(inputIssues(refusal(input, file)).map((issue) => issue.problem.kind)).toContain(kind);
  });

  it.each(REFUSED)("is worded in en-XA with no English left: %s", (_name, input, file) => {
    const failure = refusal(input, file);
    // Where each problem is (a field, a source's name) and the keys people typed are data.
    const typed = failure.issues.flatMap((issue) => [...issue.path.map(String), ...(issue.code === "unrecognized_keys" ? issue.keys : [])]);
    expect(untranslatedEnglish(shown(failureReply(failure, t)), [...DATA, ...TYPED, ...typed])).toEqual([]);
  });

  it("says in English what the API's words said, without saying the field twice", () => {
    const words = (input: unknown, file = false) => failureText(refusal(input, file), translator("en"));
    expect(words({ email: "email", type: "demo_request" })).toBe('Not saved: email is not a JSON pointer; write it like /contact/email ("/" before each key, ~1 for a "/" inside a key).');
    expect(words({ email: "/email", type: "demo_request", emial: "/e" })).toBe('Not saved: Unrecognized key: "emial".');
    expect(words({ leadId: "/id", leadIdPrefix: "crm person", type: "demo_request" })).toBe("Not saved: leadIdPrefix takes letters, digits and _ . : - only.");
    expect(words({ sources: { "Web Form": { email: "/email", type: "demo_request" } } }, true)).toBe(
      "Not saved: sources.Web Form source names take lower-case letters, digits, - and _ (up to 40).",
    );
  });

  it("is said in the reader's language, what they typed as typed", () => {
    const failure = refusal(mappingFromOptions({ email: "email", type: "demo_request" }), false);
    expect(failureText(failure, translator("uk"))).toBe("Не збережено: email: це не JSON-покажчик; пишіть так: /contact/email («/» перед кожним ключем, ~1 замість «/» усередині ключа).");
    expect(failureText(refusal({ email: "/email", emial: "/e", type: "demo_request" }, false), translator("pl"))).toBe('Nie zapisano: nieznane pole: "emial".');
  });
});

describe("the pseudo-locale finds no English left in what the platforms say themselves", () => {
  it("in Slack's last-resort apology", () => {
    expect(untranslatedEnglish(slackSorryText(t), DATA)).toEqual([]);
  });

  it("in the name of a Telegram group without a title", () => {
    expect(untranslatedEnglish(untitledGroupName(t), DATA)).toEqual([]);
  });
});

describe("a Telegram group without a title", () => {
  const group = { id: -1004000000001, type: "supergroup" };

  it("names its team in its founder's language, and in English when the bot does not speak it", () => {
    expect(placeOf(group, { language_code: "uk" })?.team?.name).toBe("Група в Telegram");
    expect(placeOf(group, { language_code: "pl-PL" })?.team?.name).toBe("Grupa w Telegramie");
    expect(placeOf(group, { language_code: "nb" })?.team?.name).toBe("Telegram group");
    expect(placeOf(group, {})?.team?.name).toBe("Telegram group");
  });

  it("keeps a group's own title in every language", () => {
    expect(placeOf({ ...group, title: "Продажі Київ" }, { language_code: "pl" })?.team?.name).toBe("Продажі Київ");
  });
});
