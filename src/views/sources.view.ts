/**
 * /sources in words: the tracking sources with last seen and counts, the page paths and event
 * names not mapped yet (each a tap away from a mapping), the mappings, and a mapping change's
 * preview and result.
 */
import { quote } from "../chat/parse.js";
import { reply, type Action, type Block, type Reply } from "../chat/reply.js";
import type { Translator } from "../i18n/index.js";
import type { AppliedMapping, MappingPreview, SourcesOverview, UnmappedName } from "../services/sources.service.js";
import { effectBlocks } from "./weights-preview.view.js";

/** "today", "yesterday", "3 days ago", in the reader's words. */
function ago(t: Translator, at: Date, now: Date): string {
  const days = Math.max(0, Math.floor((now.getTime() - at.getTime()) / 86_400_000));
  return t.relative(-days, "day");
}

/** The line a button runs to map `name`: straight to a preview when a type is given, else the choice of type. */
export const mapCommand = (pattern: string, type?: string) => `/sources map ${quote(pattern)}${type ? ` ${type}` : ""}`;

function unmappedLine(t: Translator, u: UnmappedName, now: Date): string {
  return t.t("sources.unmappedLine", { kind: u.kind, name: u.name, count: u.count, last: ago(t, u.lastSeenAt, now) });
}

/** `/sources`: what came in, from where, and what is not mapped yet. */
export function sourcesReply(overview: SourcesOverview, now: Date, t: Translator): Reply {
  const blocks: Block[] = [{ type: "header", text: t.t("sources.header") }];
  if (overview.sources.length === 0) {
    blocks.push({ type: "text", text: t.t("sources.nothingYet", { endpoint: "/v1/batch", section: "Connect your website and tools" }) });
  } else {
    blocks.push({
      type: "list",
      items: overview.sources.map((s) => {
        const key = s.keyName ? t.t("sources.key", { name: s.keyName }) : s.apiKeyId === null ? t.t("sources.noKey") : t.t("sources.revokedKey");
        return t.t("sources.sourceLine", { library: s.library, key, count: s.messages, last: ago(t, s.lastSeenAt, now), first: ago(t, s.firstSeenAt, now) });
      }),
    });
  }
  if (overview.unmapped.length > 0) {
    blocks.push({ type: "list", title: t.t("sources.unmappedTitle"), items: overview.unmapped.map((u) => unmappedLine(t, u, now)) });
    if (overview.moreUnmapped > 0) blocks.push({ type: "context", text: t.t("sources.more", { count: overview.moreUnmapped }) });
    const actions: Action[] = overview.unmapped.map((u) =>
      u.suggestion ? { label: `${u.name} → ${u.suggestion}`, command: mapCommand(u.name, u.suggestion) } : { label: t.t("sources.mapButton", { name: u.name }), command: mapCommand(u.name) },
    );
    blocks.push({ type: "actions", actions });
  }
  blocks.push({
    type: "list",
    title: overview.defaults ? t.t("sources.mappingsDefault") : t.t("sources.mappings"),
    items: overview.mappings.map((m) => `${m.pattern} → ${m.type}`),
  });
  blocks.push({ type: "context", text: t.t("sources.howTo", { map: '/sources map "/pricing*" pricing_page', unmap: '/sources unmap "/pricing*"' }) });
  return reply(blocks);
}

/** The types a name can be mapped to, one button each. */
export function chooseTypeReply(pattern: string, types: string[], t: Translator): Reply {
  return reply([
    { type: "text", text: t.t("sources.whichType", { pattern }) },
    { type: "actions", actions: types.map((type) => ({ label: type, command: mapCommand(pattern, type) })) },
    { type: "context", text: t.t("sources.orType", { command: `/sources map ${quote(pattern)} <type>` }) },
  ]);
}

const confirmCommand = (p: MappingPreview) =>
  p.edit.kind === "map" ? `${mapCommand(p.edit.pattern, p.edit.type)} confirm=${p.token}` : `/sources unmap ${quote(p.edit.pattern)} confirm=${p.token}`;

/** A mapping change's effect, waiting for Confirm. */
export function mappingPreviewReply(p: MappingPreview, t: Translator): Reply {
  const what = p.edit.kind === "map" ? t.t("sources.previewMap", { pattern: p.edit.pattern, type: p.edit.type }) : t.t("sources.previewUnmap", { pattern: p.edit.pattern });
  const stored =
    p.eventsRetyped + p.anonymousRetyped === 0
      ? t.t("sources.noStoredChange")
      : t.t("sources.storedChange", { events: p.eventsRetyped, leads: p.leadsScored, anonymous: p.anonymousRetyped });
  return reply([
    { type: "header", text: t.t("sources.previewHeader", { what }) },
    { type: "text", text: stored },
    ...effectBlocks(p, t),
    { type: "context", text: t.t("sources.untilConfirm") },
    {
      type: "actions",
      actions: [
        { label: t.t("sources.confirm"), command: confirmCommand(p), style: "primary" },
        { label: t.t("sources.cancel"), command: "/sources cancel", style: "danger" },
      ],
    },
  ]);
}

/** A mapping change applied: said to the whole chat. */
export function mappingAppliedReply(a: AppliedMapping, t: Translator): Reply {
  const what = a.edit.kind === "map" ? t.t("sources.nowMaps", { pattern: a.edit.pattern, type: a.edit.type }) : t.t("sources.noLongerMapped", { pattern: a.edit.pattern });
  return reply([{ type: "text", text: t.t("sources.applied", { what, events: a.eventsRetyped, leads: a.leadsChanged, top: a.nowInTopTier, tier: a.topTier }) }], {
    visibility: "channel",
  });
}

export const mappingCancelledReply = (t: Translator): Reply => reply([{ type: "text", text: t.t("sources.cancelled") }]);
