/** A lead's touches and trend markers in words, as lead.service.ts and trend.service.ts used to word them. */
import { describe, expect, it } from "vitest";
import { markerLabel, touchText } from "../../src/views/lead-history.view.js";

const at = new Date("2026-06-05T09:00:00Z");
const day = "2026-06-05";

describe("lead history view", () => {
  it.each([
    [{ at, kind: "event", type: "demo_request", note: null }, "demo_request"],
    [{ at, kind: "event", type: "demo_request", note: "asked for a call" }, "demo_request: asked for a call"],
    [{ at, kind: "call", outcome: "no_answer", note: null, member: null }, "call no_answer"],
    [{ at, kind: "call", outcome: "connected", note: "wants a demo", member: "Rita Rep" }, "call connected: wants a demo (Rita Rep)"],
  ] as const)("words the touch %j as %j", (touch, words) => {
    expect(touchText(touch)).toBe(words);
  });

  it.each([
    [{ at, day, points: 40, type: "event", eventType: "demo_request", rule: "Demo request" }, "Demo request"],
    [{ at, day, points: 5, type: "event", eventType: "trade_show_visit", rule: null }, "trade show visit"],
    [{ at, day, points: 0, type: "call", outcome: "meeting_booked" }, "Call: meeting booked"],
    [{ at, day, points: 10, type: "qualification", framework: "BANT", dimension: "budget", answer: "yes" }, "BANT budget: yes"],
  ] as const)("labels the marker %j as %j", (marker, words) => {
    expect(markerLabel(marker)).toBe(words);
  });
});
