/**
 * The views of outbox messages, by name. An outbox row stores what to say (a view name and its
 * data, see services/outbox-message.ts); the delivery worker renders it here when it delivers.
 * Each view parses its stored data back with zod first (dates from ISO strings), so a row that
 * does not fit fails alone instead of stopping delivery.
 */
import { z } from "zod";
import { writtenIn, type Reply } from "../chat/reply.js";
import { translator, type Translator } from "../i18n/index.js";
import type { OutboxMessages, OutboxViewName } from "../services/outbox-message.js";
import { alertReply } from "./alert.view.js";
import { deliveryProblemNotice } from "./delivery-problem.view.js";
import { digestReply } from "./digest.view.js";
import { leadsOfferReply } from "./team.view.js";

interface OutboxView<T> {
  /** The stored JSON back into the view's data. */
  schema: z.ZodType<T>;
  /** The message in words of `t`: the team's language, since it goes to the team's chat. */
  render(data: T, t: Translator): Reply;
}

const isoDate = z.iso.datetime().transform((s) => new Date(s));
const count = z.number().int().nonnegative();

const alertSchema = z.object({
  leadId: z.number().int(),
  name: z.string(),
  company: z.string().nullable(),
  score: z.number(),
  tierKey: z.string().optional(),
  tierLabel: z.string(),
  action: z.string(),
  stage: z.string(),
  owner: z.string().nullable(),
  reasons: z.array(z.object({ key: z.string().optional(), label: z.string(), points: z.number() })),
});

const digestLead = z.object({ id: z.number().int(), name: z.string(), company: z.string().nullable(), score: z.number(), owner: z.string().nullable() });
const alertSummary = z.object({
  sent: count,
  acted: count,
  share: z.number().nullable(),
  medianToActMs: z.number().nullable(),
  byClaim: count,
  byCall: count,
});
const signalBrief = z.object({
  key: z.string(),
  label: z.string(),
  points: z.number(),
  withRate: z.number(),
  withoutRate: z.number(),
  lift: z.union([z.number(), z.literal("infinite")]),
  verdict: z.enum(["better", "worse", "unclear"]),
});
const tierBrief = z.object({ key: z.string(), label: z.string(), conversion: z.object({ won: count, total: count, rate: z.number() }) });
const calibrationDigestSchema = z.object({
  labelled: count,
  strongest: signalBrief.nullable(),
  weakest: signalBrief.nullable(),
  hotVsWarm: z.object({ verdict: z.enum(["hot_better", "unclear", "hot_not_better"]), pValue: z.number(), hot: tierBrief, warm: tierBrief }).nullable(),
});
const digestSchema = z.object({
  digest: z.object({
    teamId: z.number().int(),
    teamName: z.string(),
    timezone: z.string(),
    localDate: z.string(),
    hotKey: z.string().optional(),
    hotLabel: z.string(),
    hot: z.array(digestLead),
    newHot: z.array(digestLead),
    movers: z.array(digestLead.extend({ from: z.number(), delta: z.number() })),
    coolingDays: z.number(),
    coolingDown: z.array(digestLead.extend({ at: isoDate, to: z.number(), expiring: z.array(z.string()), expiringKeys: z.array(z.string()).optional() })),
    unclaimed: z.array(digestLead),
    reps: z.array(z.object({ name: z.string(), hot: count, claimed: count })),
    activity: z.object({
      reps: z.array(
        z.object({
          memberId: z.number().int(),
          name: z.string(),
          role: z.string(),
          hotClaimed: count,
          medianFirstCallMs: z.number().nullable(),
          firstCalls: count,
          meetings: count,
          won: count,
        }),
      ),
      alerts: alertSummary,
      fatigue: z
        .object({
          weeks: z.array(alertSummary.extend({ week: z.string() })),
          sent: count,
          acted: count,
          share: z.number(),
          currentHot: z.number(),
          suggestedHot: z.number(),
          basis: z.enum(["acted_scores", "step"]),
          command: z.string(),
        })
        .nullable(),
    }),
    extra: z.array(
      z.discriminatedUnion("section", [
        z.object({ section: z.literal("calibration"), summary: calibrationDigestSchema }),
        z.object({ section: z.literal("unavailable") }),
      ]).or(z.object({ section: z.literal("calibration"), lines: z.array(z.string()) })),
    ),
  }),
  mode: z.enum(["scheduled", "late", "request", "preview"]),
  digestTime: z.string().optional(),
  requestedBy: z.string().optional(),
});

const deliveryProblemSchema = z.object({
  teamName: z.string(),
  platform: z.enum(["slack", "telegram"]),
  channel: z.string(),
  reason: z.string(),
  since: isoDate,
  adminName: z.string(),
});

const person = z.object({ id: z.number().int(), name: z.string() });
const leadsOfferSchema = z.object({
  teamName: z.string(),
  member: person.extend({
    how: z.string(),
    left: z.discriminatedUnion("kind", [z.object({ kind: z.literal("left") }), z.object({ kind: z.literal("removed"), by: z.string() }), z.object({ kind: z.literal("deactivated") })]).optional(),
  }),
  openLeads: count,
  teammates: z.array(person),
  adminName: z.string(),
});

/** Every outbox message's view; the type asks for one per name in OutboxMessages. */
export const OUTBOX_VIEWS: { [N in OutboxViewName]: OutboxView<OutboxMessages[N]> } = {
  alert: { schema: alertSchema, render: alertReply },
  digest: { schema: digestSchema, render: digestReply },
  delivery_problem: { schema: deliveryProblemSchema, render: deliveryProblemNotice },
  leads_offer: { schema: leadsOfferSchema, render: leadsOfferReply },
};

/** What a stored payload says, rendered; `reply` is unchecked (the worker checks what it sends). */
export type RenderedPayload = { ok: true; reply: unknown } | { ok: false; reason: string };

const isViewName = (name: unknown): name is OutboxViewName => typeof name === "string" && Object.hasOwn(OUTBOX_VIEWS, name);

/**
 * The message an outbox payload stands for: `{ view, data }` rendered by its view. A payload
 * without a view name was written before messages were stored as data (a row may still be
 * pending from then): it is the rendered reply itself and goes out as it is. `locale`: the
 * team's language (an unknown one speaks English).
 */
export function renderOutboxPayload(payload: unknown, locale?: string): RenderedPayload {
  if (payload === null || typeof payload !== "object" || !("view" in payload)) return { ok: true, reply: payload };
  const { view: name, data } = payload as { view: unknown; data?: unknown };
  if (!isViewName(name)) return { ok: false, reason: `invalid payload: no outbox view named ${JSON.stringify(name)}` };
  // One view's schema and renderer belong together; the union of them does not type-check as one.
  const view = OUTBOX_VIEWS[name] as OutboxView<unknown>;
  const parsed = view.schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `invalid payload: ${name} data ${issue ? `at ${issue.path.join(".") || "top"}: ${issue.message}` : "does not fit its view"}` };
  }
  try {
    const t = translator(locale);
    // A renderer's own words ("…shortened", a form as text) follow the message's language.
    return { ok: true, reply: writtenIn(view.render(parsed.data, t), t) };
  } catch (error) {
    return { ok: false, reason: `the ${name} view failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
