/**
 * Every failure reason a service returns, in words. The expected sentences are the ones the
 * services used to return themselves, byte for byte: moving the words into the view changed
 * no answer. The table is typed by the reasons, so a new reason needs a case here to compile.
 */
import { describe, expect, it } from "vitest";
import type { Failure } from "../../src/services/result.js";
import { ACME, CASES } from "./failure-cases.js";
import { translator } from "../../src/i18n/index.js";
import { failureReply, failureText } from "../../src/views/failure.view.js";

const EN = translator("en");

describe("failure view", () => {
  const all = Object.values(CASES).flat() as Array<[Failure, string]>;

  it.each(all.map(([failure, words]) => [`${failure.reason} ${JSON.stringify(failure)}`, failure, words] as const))(
    "words %s as the service used to",
    (_name, failure, words) => {
      expect(failureText(failure, EN)).toBe(words);
    },
  );

  it("refuses in the refused tone, with the words alone", () => {
    const shown = failureReply({ code: "forbidden", reason: "managers_only", what: "digest" }, EN);
    expect(shown).toEqual({
      blocks: [{ type: "text", text: "Only managers and admins can change or send the digest. /digest preview shows it to you." }],
      visibility: "ephemeral",
      tone: "refused",
    });
  });

  it("offers the closest leads of an unknown one as choices that re-run the command", () => {
    const shown = failureReply({ code: "not_found", reason: "lead_not_found", ref: "jna", suggestions: [ACME] }, EN, (id) => `/lead show #${id}`);
    expect(shown.tone).toBe("error");
    expect(shown.blocks).toEqual([
      { type: "text", text: 'No lead matches "jna". Did you mean:' },
      { type: "actions", actions: [{ label: "#7 Jana Novak (Acme)", command: "/lead show #7" }] },
    ]);
  });

  it("says how to name a lead when nothing comes close", () => {
    const shown = failureReply({ code: "not_found", reason: "lead_not_found", ref: "zz", suggestions: [] }, EN);
    expect(shown.blocks).toEqual([{ type: "text", text: 'No lead matches "zz". Try part of the name, an email, a phone or #id.' }]);
  });
});
