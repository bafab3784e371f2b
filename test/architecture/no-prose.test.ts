/**
 * Services return a failure's reason and data, never its words (README, "Where messages are
 * built"): the words live in src/views, where the next issue's catalogs will translate them.
 *
 * Two guards. The types below are checked by `npm run check` (tsc): a Failure has no field for
 * a sentence, and every text field a failure or a problem carries is one of the data fields
 * named here (what someone typed, a name, a key, an id), so adding `message: string` (or
 * `hint`, or `detail`) to a reason fails to compile until someone decides it is data. And the
 * ESLint rule NO_PROSE_IN_FAILURES (eslint.config.js) reports a text with a space, or a
 * template, among a failure's arguments in services and commands, proven below.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";
import type { EditProblem, RuleProblem } from "../../src/domain/edits.js";
import type { AttributeRefusal } from "../../src/services/attribute-budget.js";
import type { FileNote, FileProblem } from "../../src/services/lead-file.js";
import type { Failure } from "../../src/services/result.js";

// ---- compile-time guards (tsc) ------------------------------------------------------------

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** A value that may be any text, or a list of texts (a union of literals is a code, not text). */
type IsText<V> = string extends V ? true : V extends readonly (infer E)[] ? (string extends E ? true : false) : false;
/** The fields of any member of a union whose value may be text. */
type TextFields<T> = T extends unknown ? { [K in keyof T]-?: IsText<NonNullable<T[K]>> extends true ? K : never }[keyof T] : never;
type AnyField<T> = T extends unknown ? keyof T : never;

/** Every text a failure carries, and why each is data. */
type FailureTextFields =
  | "ref" // the lead or API key reference someone typed
  | "typed" // the name, time zone, time or days someone typed
  | "member" // a teammate's display name
  | "lead" // a lead's name (claimed_by_other, already_owner)
  | "owner" // a teammate's display name
  | "email" // a lead's stored email
  | "phone" // a lead's stored phone
  | "type" // the event type someone typed
  | "outcome" // the call outcome someone typed
  | "id" // a pending change's id
  | "status" // a pending change's stored status
  | "prefix" // an API key's shown prefix
  | "name" // an API key's name
  | "known" // the team's event types, the call outcomes, or the team's webhook sources
  | "unknown" // the qualification questions someone typed
  | "dimensions" // the framework's questions
  | "filename" // the name of a file someone sent
  | "detail" // a JSON or YAML parser's own description of a mistake
  | "pattern" // the source mapping pattern someone typed
  | "patterns"; // the team's source mapping patterns

const noMessageField: "message" extends AnyField<Failure> ? false : true = true;
const failureTextsAreData: Equal<TextFields<Failure>, FailureTextFields> = true;
// The problems failures carry: file names, rule keys and labels, and one parser's own words.
const fileTextsAreData: Equal<TextFields<FileProblem | FileNote>, "filename" | "detail"> = true;
const editTextsAreData: Equal<TextFields<EditProblem | RuleProblem>, "key" | "label" | "tiers"> = true;
const refusalTextsAreData: Equal<TextFields<AttributeRefusal>, "fresh"> = true;

// ---- the lint rule ------------------------------------------------------------------------

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function proseProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.message);
}

const failing = (call: string) => `import { fail, invalid } from "./result.js";\nexport const f = (ref: string) => ${call};\n`;

describe("no sentences in failures", () => {
  it("holds for the types (checked by tsc; true here when it compiles)", () => {
    expect([noMessageField, failureTextsAreData, fileTextsAreData, editTextsAreData, refusalTextsAreData]).toEqual([true, true, true, true, true]);
  });

  it.each([
    ["src/services/fixture.ts", `invalid({ reason: "lead_removed", hint: "That lead was just removed." } as never)`],
    ["src/services/fixture.ts", "invalid({ reason: \"unknown_timezone\", typed: `${ref}, try Europe/Kyiv` })"],
    ["src/services/fixture.ts", `fail({ code: "invalid", reason: "api_key_not_found", ref: ref + " (see /admin apikey list)" })`],
    ["commands/fixture.ts", `invalid({ reason: "no_tiers", note: "This team has no tiers." } as never)`],
  ])("reports words in a failure in %s: %s", async (filePath, call) => {
    const problems = await proseProblems(filePath, failing(call));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/word it in src\/views\/failure\.view\.ts/);
  });

  it.each([
    `invalid({ reason: "unknown_timezone", typed: ref })`,
    `fail({ code: "not_found", reason: "lead_not_found", ref, suggestions: [] })`,
  ])("lets a failure carry a reason and data: %s", async (call) => {
    expect(await proseProblems("src/services/fixture.ts", failing(call))).toEqual([]);
  });
});
