import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reply, type Block } from "../../src/chat/reply.js";
import { chunkEscaped, escapeMrkdwn, renderBlockKit, RUN_ACTION_PREFIX, SLACK_LIMITS } from "../../src/platforms/slack/block-kit.render.js";

type Rendered = { type: string; text?: { type: string; text: string }; fields?: Array<{ text: string }>; elements?: Array<{ text: string | { text: string }; value?: string; action_id?: string; style?: string }> };
const render = (...blocks: Block[]) => {
  const message = renderBlockKit(reply(blocks));
  return { ...message, blocks: message.blocks as unknown as Rendered[] };
};

describe("Block Kit rendering", () => {
  it("renders each kind of block", () => {
    const { blocks, text } = render(
      { type: "header", text: "Jana Novak · Acme (#12)" },
      { type: "text", text: "Score 65, hot." },
      { type: "fields", fields: [{ label: "Stage", value: "SAL" }, { label: "Owner", value: "rita" }] },
      { type: "list", title: "Why 65", items: ["+40 Demo request", "+25 Meeting booked"] },
      { type: "context", text: "Score changes by itself in 3 days." },
      { type: "actions", actions: [{ label: "Claim", command: "/lead claim #12", style: "primary" }, { label: "Log call", command: "/log #12" }] },
    );
    expect(blocks.map((b) => b.type)).toEqual(["header", "section", "section", "section", "context", "actions"]);
    expect(blocks[0]!.text).toEqual({ type: "plain_text", text: "Jana Novak · Acme (#12)", emoji: true });
    expect(blocks[2]!.fields!.map((f) => f.text)).toEqual(["*Stage*\nSAL", "*Owner*\nrita"]);
    expect(blocks[3]!.text!.text).toBe("*Why 65*\n• +40 Demo request\n• +25 Meeting booked");
    expect(blocks[5]!.elements).toEqual([
      { type: "button", action_id: `${RUN_ACTION_PREFIX}0`, text: { type: "plain_text", text: "Claim", emoji: true }, value: "/lead claim #12", style: "primary" },
      { type: "button", action_id: `${RUN_ACTION_PREFIX}1`, text: { type: "plain_text", text: "Log call", emoji: true }, value: "/log #12" },
    ]);
    expect(text).toContain("Score 65, hot.");
  });

  it("escapes &, < and > everywhere mrkdwn is read, so typed text cannot ping or link", () => {
    const evil = "<!channel> & <https://evil.example|click>";
    const { blocks, text } = render(
      { type: "text", text: evil },
      { type: "fields", fields: [{ label: evil, value: evil }] },
      { type: "list", title: evil, items: [evil] },
      { type: "context", text: evil },
    );
    const shown = JSON.stringify(blocks) + text;
    expect(shown).not.toMatch(/<!channel>|<https/);
    expect(blocks[0]!.text!.text).toBe("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;");
    expect(escapeMrkdwn("a < b && c > d")).toBe("a &lt; b &amp;&amp; c &gt; d");
  });

  it("stays within Slack's limits however long the reply is", () => {
    const long = "word & more ".repeat(600);
    const { blocks, text } = render(
      { type: "header", text: "H".repeat(400) },
      ...Array.from({ length: 40 }, (): Block => ({ type: "text", text: long })),
      { type: "fields", fields: Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: "v".repeat(3000) })) },
      { type: "actions", actions: Array.from({ length: 30 }, (_, i) => ({ label: `Choice ${i} `.repeat(20), command: `/lead status #${i}` })) },
    );
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(blocks.at(-1)).toMatchObject({ type: "context" });
    expect(JSON.stringify(blocks.at(-1))).toMatch(/shortened/);
    expect((blocks[0]!.text!.text as string).length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    for (const b of blocks) if (b.type === "section" && b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  });

  it("splits fields by 10 and buttons by 25, keeps action ids unique and labels short", () => {
    const { blocks } = render(
      { type: "fields", fields: Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: "v".repeat(3000) })) },
      { type: "actions", actions: Array.from({ length: 30 }, (_, i) => ({ label: `Choice ${i} `.repeat(20), command: `/lead status #${i}` })) },
    );
    const fieldSections = blocks.filter((b) => b.fields);
    expect(fieldSections.map((b) => b.fields!.length)).toEqual([10, 10, 3]);
    for (const f of fieldSections.flatMap((b) => b.fields!)) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    const actions = blocks.filter((b) => b.type === "actions");
    expect(actions.map((b) => b.elements!.length)).toEqual([25, 5]);
    const buttons = actions.flatMap((b) => b.elements!);
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(30);
    for (const b of buttons) expect([...(b.text as { text: string }).text].length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
  });

  it("leaves out a button whose command Slack could not carry, keeping the rest", () => {
    const { blocks, text } = render({
      type: "actions",
      actions: [{ label: "Too long", command: `/lead add ${"x".repeat(2100)}` }, { label: "Fine", command: "/help" }],
    });
    expect(blocks[0]!.elements!.map((b) => b.value)).toEqual(["/help"]);
    expect(text).toContain("Too long");
  });

  it("shows a form as text in a message (a modal is opened for it instead where possible)", () => {
    const { blocks } = render({
      type: "form",
      id: "qualify:1",
      title: "BANT for Jana",
      submit: "/qualify #1",
      fields: [{ id: "budget", label: "Budget", kind: "choice", options: ["yes", "no", "unknown"], initial: "yes" }],
    });
    expect(blocks[0]!.text!.text).toBe("BANT for Jana\nBudget (yes/no/unknown): now yes");
  });

  it("cuts escaped text into pieces that fit, never inside an entity", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "&", "<", ">", "\n", "é", "😀"), maxLength: 300 }), fc.integer({ min: 5, max: 40 }), (raw, max) => {
        const chunks = chunkEscaped(raw, max);
        for (const chunk of chunks) {
          expect(chunk.length).toBeLessThanOrEqual(max);
          expect(chunk).not.toMatch(/&(?!amp;|lt;|gt;)/);
        }
        const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
        expect(unescape(chunks.join("")).replace(/\n/g, "")).toBe(raw.replace(/\n/g, ""));
      }),
    );
  });
});
