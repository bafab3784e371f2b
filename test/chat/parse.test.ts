import { describe, expect, it } from "vitest";
import { parseLine } from "../../src/chat/parse.js";

describe("parseLine", () => {
  it.each([
    ['/lead status "Acme Corp"', { command: "lead", args: ["status", "Acme Corp"], options: {} }],
    ["/lead@LeadBot list hot 5", { command: "lead", args: ["list", "hot", "5"], options: {} }],
    ['/qualify acme budget=yes timing="yes: Q1 rollout"', { command: "qualify", args: ["acme"], options: { budget: "yes", timing: "yes: Q1 rollout" } }],
    ["/qualify acme Budget=yes", { command: "qualify", args: ["acme"], options: { budget: "yes" } }],
    ["/log “Acme Corp” meeting_booked ‘demo Tue’", { command: "log", args: ["Acme Corp", "meeting_booked", "demo Tue"], options: {} }],
    ["/lead add R&D <Ops> email=ops@rd.example", { command: "lead", args: ["add", "R&D", "<Ops>"], options: { email: "ops@rd.example" } }],
    ["/weights", { command: "weights", args: [], options: {} }],
  ])("reads %s", (text, expected) => {
    expect(parseLine(text)).toMatchObject(expected);
  });

  it("is null for text that is not a command", () => {
    expect(parseLine("hello there")).toBeNull();
    expect(parseLine("/")).toBeNull();
  });
});
