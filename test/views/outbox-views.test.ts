/**
 * Outbox messages are stored as a view name and data, and rendered at delivery: what a stored
 * payload renders to must be exactly what the view says for the data it was written from.
 */
import { describe, expect, it } from "vitest";
import type { Reply } from "../../src/chat/reply.js";
import { renderText } from "../../src/chat/text.render.js";
import type { AlertMessage } from "../../src/services/alerts.service.js";
import type { DeliveryProblemNotice } from "../../src/services/delivery-problem.service.js";
import type { DigestMessage } from "../../src/services/digest-compose.service.js";
import { outboxPayload } from "../../src/services/outbox-message.js";
import { alertReply } from "../../src/views/alert.view.js";
import { deliveryProblemNotice } from "../../src/views/delivery-problem.view.js";
import { digestReply } from "../../src/views/digest.view.js";
import type { LeadsOffer } from "../../src/services/team-admin.service.js";
import { leadsOfferReply } from "../../src/views/team.view.js";
import { renderOutboxPayload } from "../../src/views/outbox-views.js";
import { translator } from "../../src/i18n/index.js";

const EN = translator("en");

/** A payload as it comes back from the JSON column. */
const throughJsonColumn = (payload: unknown): unknown => JSON.parse(JSON.stringify(payload));

function buildAlert(overrides: Partial<AlertMessage> = {}): AlertMessage {
  return {
    leadId: 7,
    name: "Jana Novak",
    company: "Acme",
    score: 82,
    tierLabel: "Hot",
    action: "Call today",
    stage: "mql",
    owner: null,
    reasons: [{ label: "Demo request", points: 40 }],
    ...overrides,
  };
}

function buildDigestMessage(overrides: Partial<DigestMessage> = {}): DigestMessage {
  const lead = { id: 3, name: "Bert Fading", company: "Beta", score: 75, owner: "Rita Rep" };
  const week = { sent: 5, acted: 1, share: 0.2, medianToActMs: 1_800_000, byClaim: 1, byCall: 0 };
  return {
    digest: {
      teamId: 1,
      teamName: "Sales",
      timezone: "Europe/Prague",
      localDate: "2026-06-01",
      hotLabel: "Hot",
      hot: [lead, { id: 4, name: "Anna Top", company: null, score: 85, owner: null }],
      newHot: [lead],
      movers: [{ ...lead, from: 40, delta: 35 }],
      coolingDays: 3,
      coolingDown: [{ ...lead, at: new Date("2026-06-03T07:00:00.000Z"), to: 35, expiring: ["Demo request"] }],
      unclaimed: [{ id: 4, name: "Anna Top", company: null, score: 85, owner: null }],
      reps: [{ name: "Rita Rep", hot: 1, claimed: 2 }],
      activity: {
        reps: [{ memberId: 2, name: "Rita Rep", role: "rep", hotClaimed: 1, medianFirstCallMs: null, firstCalls: 0, meetings: 1, won: 0 }],
        alerts: { sent: 2, acted: 1, share: 0.5, medianToActMs: null, byClaim: 1, byCall: 0 },
        fatigue: { weeks: [{ week: "2026-05-25", ...week }], sent: 5, acted: 1, share: 0.2, currentHot: 60, suggestedHot: 85, basis: "acted_scores", command: "/weights thresholds hot=85" },
      },
      extra: [{ section: "calibration", lines: ["Strongest signal: Demo request."] }, { section: "unavailable" }],
    },
    mode: "late",
    digestTime: "09:00",
    ...overrides,
  };
}

const notice: DeliveryProblemNotice = {
  teamName: "Sales",
  platform: "telegram",
  channel: "-1001500",
  reason: "the bot was removed from the group",
  since: new Date("2026-06-01T09:00:00.000Z"),
  adminName: "Tanja Admin",
};

const offer: LeadsOffer = {
  teamName: "Sales",
  member: { id: 12, name: "Rita Rep", how: "left the group" },
  openLeads: 3,
  teammates: [{ id: 13, name: "Ron Rep" }],
  adminName: "Tanja Admin",
};

describe("outbox views", () => {
  it("stores what to say as the view's name and JSON data, dates as ISO strings", () => {
    const payload = throughJsonColumn(outboxPayload("digest", buildDigestMessage({ requestedBy: undefined })));
    expect(payload).toMatchObject({ view: "digest", data: { mode: "late", digest: { coolingDown: [{ at: "2026-06-03T07:00:00.000Z" }] } } });
    expect(payload).not.toHaveProperty("data.requestedBy");
    expect(throughJsonColumn(outboxPayload("delivery_problem", notice))).toMatchObject({ view: "delivery_problem", data: { since: "2026-06-01T09:00:00.000Z" } });
  });

  it.each([
    ["an unclaimed alert", () => ({ stored: outboxPayload("alert", buildAlert()), expected: alertReply(buildAlert(), EN) })],
    ["a claimed alert", () => ({ stored: outboxPayload("alert", buildAlert({ owner: "Rita Rep", company: null })), expected: alertReply(buildAlert({ owner: "Rita Rep", company: null }), EN) })],
    ["a late digest with every section", () => ({ stored: outboxPayload("digest", buildDigestMessage()), expected: digestReply(buildDigestMessage(), EN) })],
    [
      "a digest on request, without fatigue",
      () => {
        const message = buildDigestMessage({ mode: "request", requestedBy: "Mia Manager" });
        message.digest.activity.fatigue = null;
        return { stored: outboxPayload("digest", message), expected: digestReply(message, EN) };
      },
    ],
    ["a delivery-problem notice", () => ({ stored: outboxPayload("delivery_problem", notice), expected: deliveryProblemNotice(notice, EN) })],
    ["an offer of a leaver's leads", () => ({ stored: outboxPayload("leads_offer", offer), expected: leadsOfferReply(offer, EN) })],
  ])("renders %s from its stored data exactly as its view does", (_name, build) => {
    const { stored, expected } = build();
    expect(renderOutboxPayload(throughJsonColumn(stored))).toEqual({ ok: true, reply: expected });
  });

  it("renders the cooling-down day from the stored date in the team's time zone", () => {
    const rendered = renderOutboxPayload(throughJsonColumn(outboxPayload("digest", buildDigestMessage())));
    expect(rendered.ok && renderText(rendered.reply as Reply).text).toMatch(/75 → 35 by Wed 3 Jun, 09:00: Demo request expires/);
  });

  it("says which language a message was worded in, so a renderer's own words follow it", () => {
    const rendered = renderOutboxPayload(throughJsonColumn(outboxPayload("alert", buildAlert({ tierKey: "hot" }))), "uk");
    expect(rendered.ok && (rendered.reply as Reply).locale).toBe("uk");
    expect(rendered.ok && renderText(rendered.reply as Reply).text).toMatch(/^Гарячий лід: Jana Novak/);
    // English is what a renderer says when a reply names no language.
    const english = renderOutboxPayload(throughJsonColumn(outboxPayload("alert", buildAlert())), "en");
    expect(english.ok && (english.reply as Reply).locale).toBeUndefined();
  });

  it("passes a payload stored before messages were data (a rendered reply) on as it is", () => {
    const old = throughJsonColumn(alertReply(buildAlert(), EN));
    expect(renderOutboxPayload(old)).toEqual({ ok: true, reply: old });
  });

  it.each([
    ["an unknown view", { view: "fireworks", data: {} }, /no outbox view named "fireworks"/],
    ["an inherited property name as the view", { view: "toString", data: {} }, /no outbox view named "toString"/],
    ["data missing a field", { view: "alert", data: { ...buildAlert(), score: undefined } }, /alert data at score/],
    ["a date that is not one", { view: "delivery_problem", data: { ...notice, since: "yesterday" } }, /delivery_problem data at since/],
    ["no data", { view: "digest" }, /digest data at top/],
  ])("refuses %s with the reason", (_name, payload, reason) => {
    const rendered = renderOutboxPayload(throughJsonColumn(payload));
    expect(rendered.ok).toBe(false);
    expect(!rendered.ok && rendered.reason).toMatch(reason);
  });
});
