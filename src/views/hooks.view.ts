/**
 * /hooks in words: the webhook sources, one source's mapping, and what setting, removing and
 * importing them did. Source names, JSON pointers, event types and addresses are typed data.
 */
import { reply, usageReply, type Block, type Reply } from "../chat/reply.js";
import type { Translator } from "../i18n/index.js";
import { mappingToOptions } from "../domain/hook-mapping.js";
import type { HookSourceView } from "../services/hook.service.js";

/** "today", "yesterday", "3 days ago", in the reader's words. */
function ago(t: Translator, at: Date, now: Date): string {
  const days = Math.max(0, Math.floor((now.getTime() - at.getTime()) / 86_400_000));
  return t.relative(-days, "day");
}

/** The /hooks lines people type, as the answers quote them. */
export interface HooksUsage {
  list: string;
  show: string;
  set: string;
  remove: string;
  import: string;
}

const urlOf = (name: string) => `POST /api/v1/hooks/${name}`;

/** "/hooks import (with a .json or .yaml file attached)": the typed command with the reader's words. */
export const importUsage = (command: string, t: Translator): string => t.t("hooks.importUsage", { command });

/** Every /hooks line, the import line with its note in the reader's words. */
export const allHooksUsage = (usage: HooksUsage, t: Translator): string => [usage.list, usage.show, usage.set, usage.remove, importUsage(usage.import, t)].join("\n");

/** The problems of a line /hooks could not act on. */
export type HooksProblem = { kind: "whichSource" } | { kind: "setWhat" } | { kind: "unknown"; word: string };

/** A line /hooks could not act on: what is wrong, and how to type it. */
export function hooksUsageReply(problem: HooksProblem, usage: string, t: Translator): Reply {
  const text =
    problem.kind === "whichSource" ? t.t("hooks.whichSource") : problem.kind === "setWhat" ? t.t("hooks.setWhat") : t.t("hooks.unknown", { word: problem.word });
  return usageReply(text, usage, t);
}

function sourceLine(source: HookSourceView, now: Date, t: Translator): string {
  const seen = source.lastReceivedAt ? t.t("hooks.lastDelivery", { ago: ago(t, source.lastReceivedAt, now) }) : t.t("hooks.noDelivery");
  return t.t("hooks.sourceLine", { name: source.name, url: urlOf(source.name), seen, broken: source.mapping ? "no" : "yes" });
}

/** The mapping's fields, each with the catalog's name for its label. */
type FieldName = "items" | "email" | "phone" | "name" | "company" | "title" | "leadId" | "eventType" | "typeValues" | "deliveryId" | "occurredAt";

/** The mapping as fields, and the line that sets it (without the header and address). */
function mappingDetail(source: HookSourceView, set: string, t: Translator): Block[] {
  const m = source.mapping;
  if (!m) return [{ type: "text", text: t.t("hooks.mappingBroken", { usage: set }) }];
  const name = Array.isArray(m.name) ? m.name.join(" + ") : m.name;
  const eventType = m.typeFrom ? (m.type ? t.t("hooks.typeFromElse", { from: m.typeFrom, type: m.type }) : t.t("hooks.typeFrom", { from: m.typeFrom })) : m.type;
  const fields: Array<[FieldName, string | undefined]> = [
    ["items", m.items ?? t.t("hooks.itemsBody")],
    ["email", m.email],
    ["phone", m.phone],
    ["name", name],
    ["company", m.company],
    ["title", m.title],
    ["leadId", m.leadId ? `${m.leadIdPrefix ?? ""}{${m.leadId}}` : undefined],
    ["eventType", eventType],
    ["typeValues", m.types ? Object.entries(m.types).map(([k, v]) => `${k} → ${v}`).join(", ") : undefined],
    ["deliveryId", m.id ?? t.t("hooks.noDeliveryId")],
    ["occurredAt", m.occurredAt ?? t.t("hooks.whenArrives")],
  ];
  return [
    {
      type: "fields",
      fields: fields.filter((f): f is [FieldName, string] => f[1] !== undefined).map(([field, value]) => ({ label: t.t("hooks.field", { field }), value })),
    },
    { type: "context", text: t.t("hooks.asCommand", { command: `/hooks set ${source.name} ${mappingToOptions(m).join(" ")}` }) },
  ];
}

/** `/hooks show <source>`: its address and mapping. */
export function sourceReply(source: HookSourceView, set: string, t: Translator): Reply {
  return reply([
    { type: "header", text: t.t("hooks.header", { name: source.name }) },
    { type: "text", text: urlOf(source.name) },
    ...mappingDetail(source, set, t),
  ]);
}

/** `/hooks`: the team's webhook sources, or how to set up the first. */
export function sourcesListReply(sources: HookSourceView[], now: Date, usage: HooksUsage, t: Translator): Reply {
  if (sources.length === 0) {
    return reply([
      { type: "text", text: t.t("hooks.noneYet", { url: "POST /api/v1/hooks/<source>" }) },
      { type: "context", text: "/hooks set website-form email=/email name=/name type=demo_request" },
      { type: "context", text: t.t("hooks.orAttach", { usage: importUsage(usage.import, t) }) },
    ]);
  }
  return reply([
    { type: "list", title: t.t("hooks.sourcesTitle"), items: sources.map((s) => sourceLine(s, now, t)) },
    { type: "actions", actions: sources.slice(0, 5).map((s) => ({ label: t.t("hooks.showButton", { name: s.name }), command: `/hooks show ${s.name}` })) },
  ]);
}

/** `/hooks set` done: said to the whole chat. */
export function sourceSavedReply(source: HookSourceView, created: boolean, usage: HooksUsage, t: Translator): Reply {
  return reply(
    [
      { type: "text", text: t.t("hooks.saved", { created: created ? "yes" : "no", name: source.name, url: urlOf(source.name), command: "/admin apikey create" }) },
      ...mappingDetail(source, usage.set, t),
    ],
    { visibility: "channel" },
  );
}

/** `/hooks remove` done: said to the whole chat. */
export const sourceRemovedReply = (name: string, t: Translator): Reply => reply([{ type: "text", text: t.t("hooks.removed", { name }) }], { visibility: "channel" });

/** `/hooks import` without a file. */
export function hooksImportHowToReply(command: string, t: Translator): Reply {
  return reply(
    [
      { type: "text", text: t.t("hooks.attach", { command }) },
      { type: "context", text: t.t("hooks.fileShape", { example: '{ "sources": { "website-form": { "email": "/email", "type": "demo_request" } } }' }) },
    ],
    { tone: "usage" },
  );
}

/** One imported mapping file: the sources it added and updated. */
export function hookFileImportedBlock(filename: string, created: string[], updated: string[], t: Translator): Block {
  const parts = [created.length > 0 ? t.t("hooks.importAdded", { names: created.join(", ") }) : "", updated.length > 0 ? t.t("hooks.importUpdated", { names: updated.join(", ") }) : ""];
  return { type: "text", text: `${filename}: ${parts.filter(Boolean).join("; ")}.` };
}

/** The button under an import that stored something. */
export const hooksListAction = (t: Translator): Block => ({ type: "actions", actions: [{ label: t.t("hooks.sourcesTitle"), command: "/hooks" }] });
