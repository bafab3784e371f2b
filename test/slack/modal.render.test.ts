import { describe, expect, it } from "vitest";
import { parseLine } from "../../src/chat/parse.js";
import { FORM_CALLBACK_ID, readSubmission, renderModal, type FormBlock } from "../../src/platforms/slack/modal.render.js";

const form: FormBlock = {
  type: "form",
  id: "qualify:12",
  title: "BANT for Jana Novak of Acme Logistics",
  submit: "/qualify #12",
  fields: [
    { id: "budget", label: "Budget", kind: "choice", options: ["yes", "no", "unknown"], initial: "yes" },
    { id: "need", label: "Need", kind: "choice", options: ["yes", "no", "unknown"], initial: "unknown" },
    { id: "note", label: "Note", kind: "text", optional: true, initial: "call back Tue" },
    { id: "region", label: "Region", kind: "choice", options: ["north", "south", "east", "west", "centre", "abroad"] },
  ],
};
const meta = { submit: "/qualify #12", channel: "C1", responseUrl: "https://hooks.slack.com/commands/T1/1/abc" };

type Input = { type: string; block_id?: string; optional?: boolean; element?: Record<string, unknown>; text?: { text: string } };

describe("modal rendering", () => {
  it("renders a form as a modal pre-filled with the known answers", () => {
    const view = renderModal(form, meta);
    expect(view).toMatchObject({ type: "modal", callback_id: FORM_CALLBACK_ID, submit: { text: "Save" }, close: { text: "Cancel" } });
    expect([...view.title.text].length).toBeLessThanOrEqual(24);
    const blocks = view.blocks as Input[];
    // The title did not fit in 24 characters, so it is repeated in full.
    expect(blocks[0]!.text!.text).toBe("*BANT for Jana Novak of Acme Logistics*");
    const inputs = blocks.filter((b) => b.type === "input");
    expect(inputs.map((b) => [b.block_id, b.element!.type, b.optional])).toEqual([
      ["budget", "radio_buttons", false],
      ["need", "radio_buttons", false],
      ["note", "plain_text_input", true],
      ["region", "static_select", false],
    ]);
    expect(inputs[0]!.element!.initial_option).toEqual({ text: { type: "plain_text", text: "yes", emoji: true }, value: "yes" });
    expect(inputs[2]!.element!.initial_value).toBe("call back Tue");
    expect(inputs[3]!.element!.initial_option).toBeUndefined();
    expect(JSON.parse(view.private_metadata!)).toEqual(meta);
  });

  it("turns a submission back into the form's command, which parses to the same answers", () => {
    const note = `said "maybe" & it's fine`;
    const read = readSubmission({
      private_metadata: JSON.stringify(meta),
      state: {
        values: {
          budget: { budget: { selected_option: { value: "no" } } },
          need: { need: { selected_option: null } },
          note: { note: { value: note } },
          "bad id": { "bad id": { value: "x" } },
        },
      },
    });
    expect(read?.meta).toEqual(meta);
    const parsed = parseLine(read!.line)!;
    expect(parsed.command).toBe("qualify");
    expect(parsed.args).toEqual(["#12"]);
    // Quotes inside free text become single quotes so the value stays one word.
    expect(parsed.options).toEqual({ budget: "no", note: `said 'maybe' & it's fine` });
  });

  it("ignores submissions whose metadata is not ours", () => {
    for (const privateMetadata of ["", "not json", JSON.stringify({ submit: "rm -rf" }), JSON.stringify({ channel: "C1" })]) {
      expect(readSubmission({ private_metadata: privateMetadata, state: { values: {} } })).toBeNull();
    }
  });

  it("drops the way back rather than the command when the metadata would be too long", () => {
    const view = renderModal(form, { ...meta, responseUrl: `https://hooks.slack.com/${"x".repeat(3000)}` });
    expect(JSON.parse(view.private_metadata!)).toEqual({ submit: "/qualify #12", channel: "C1" });
  });
});
