/**
 * /sources in words: the tracking sources with last seen and counts, the page paths and event
 * names not mapped yet (each a tap away from a mapping), the mappings, and a mapping change's
 * preview and result.
 */
import { ago } from "../chat/format.js";
import { quote } from "../chat/parse.js";
import { reply, type Action, type Block, type Reply } from "../chat/reply.js";
import type { AppliedMapping, MappingPreview, SourcesOverview, UnmappedName } from "../services/sources.service.js";
import { effectBlocks } from "./weights-preview.view.js";

const n = (value: number) => value.toLocaleString("en-US");
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;

/** The line a button runs to map `name`: straight to a preview when a type is given, else the choice of type. */
export const mapCommand = (pattern: string, type?: string) => `/sources map ${quote(pattern)}${type ? ` ${type}` : ""}`;

function unmappedLine(u: UnmappedName, now: Date): string {
  return `${u.kind === "page" ? "page" : "event"} ${u.name}: ${plural(u.count, "time", "times")}, last ${ago(u.lastSeenAt, now)}`;
}

/** `/sources`: what came in, from where, and what is not mapped yet. */
export function sourcesReply(overview: SourcesOverview, now: Date): Reply {
  const blocks: Block[] = [{ type: "header", text: "Tracking sources" }];
  if (overview.sources.length === 0) {
    blocks.push({
      type: "text",
      text: "Nothing has arrived yet. Point a Segment or RudderStack source (or their libraries) at this bot's /v1/batch with one of the team's API keys as the write key; see the README, \"Connect your website and tools\".",
    });
  } else {
    blocks.push({
      type: "list",
      items: overview.sources.map((s) => {
        const key = s.keyName ? `key "${s.keyName}"` : s.apiKeyId === null ? "no key" : "a revoked key";
        return `${s.library} (${key}): ${plural(s.messages, "message", "messages")}, last seen ${ago(s.lastSeenAt, now)}, first ${ago(s.firstSeenAt, now)}`;
      }),
    });
  }
  if (overview.unmapped.length > 0) {
    blocks.push({
      type: "list",
      title: "Not mapped yet, most seen first (pages count as website visits, other events score nothing)",
      items: overview.unmapped.map((u) => unmappedLine(u, now)),
    });
    if (overview.moreUnmapped > 0) blocks.push({ type: "context", text: `…and ${n(overview.moreUnmapped)} more.` });
    const actions: Action[] = overview.unmapped.map((u) =>
      u.suggestion ? { label: `${u.name} → ${u.suggestion}`, command: mapCommand(u.name, u.suggestion) } : { label: `Map ${u.name}…`, command: mapCommand(u.name) },
    );
    blocks.push({ type: "actions", actions });
  }
  blocks.push({
    type: "list",
    title: overview.defaults ? "Mappings (the defaults)" : "Mappings",
    items: overview.mappings.map((m) => `${m.pattern} → ${m.type}`),
  });
  blocks.push({ type: "context", text: 'Add one: /sources map "/pricing*" pricing_page · remove one: /sources unmap "/pricing*". A change shows its effect before you confirm it.' });
  return reply(blocks);
}

/** The types a name can be mapped to, one button each. */
export function chooseTypeReply(pattern: string, types: string[]): Reply {
  return reply([
    { type: "text", text: `Map ${pattern} to which rule type?` },
    { type: "actions", actions: types.map((type) => ({ label: type, command: mapCommand(pattern, type) })) },
    { type: "context", text: `Or type /sources map ${quote(pattern)} <type>; a pattern may end in * to take every path or name that starts the same way.` },
  ]);
}

const confirmCommand = (p: MappingPreview) =>
  p.edit.kind === "map" ? `${mapCommand(p.edit.pattern, p.edit.type)} confirm=${p.token}` : `/sources unmap ${quote(p.edit.pattern)} confirm=${p.token}`;

/** A mapping change's effect, waiting for Confirm. */
export function mappingPreviewReply(p: MappingPreview): Reply {
  const what = p.edit.kind === "map" ? `Map ${p.edit.pattern} → ${p.edit.type}` : `Remove the mapping of ${p.edit.pattern}`;
  const stored =
    p.eventsRetyped + p.anonymousRetyped === 0
      ? "No stored event changes type; it applies to what arrives from now on."
      : `${plural(p.eventsRetyped, "stored event", "stored events")} of ${plural(p.leadsScored, "lead", "leads")} change type${p.anonymousRetyped > 0 ? `, and ${plural(p.anonymousRetyped, "event", "events")} of visitors not identified yet` : ""}.`;
  return reply([
    { type: "header", text: `Preview: ${what}` },
    { type: "text", text: stored },
    ...effectBlocks(p),
    { type: "context", text: "Nothing changes until you confirm." },
    {
      type: "actions",
      actions: [
        { label: "Confirm", command: confirmCommand(p), style: "primary" },
        { label: "Cancel", command: "/sources cancel", style: "danger" },
      ],
    },
  ]);
}

export function mappingAppliedReply(a: AppliedMapping): Reply {
  const what = a.edit.kind === "map" ? `${a.edit.pattern} now maps to ${a.edit.type}` : `${a.edit.pattern} is no longer mapped`;
  return reply(
    [
      { type: "text", text: `Done: ${what}. ${plural(a.eventsRetyped, "stored event", "stored events")} re-typed, ${plural(a.leadsChanged, "lead", "leads")} re-scored; ${n(a.nowInTopTier)} ${a.topTier} now.` },
    ],
    { visibility: "channel" },
  );
}

export const mappingCancelledReply = (): Reply => reply([{ type: "text", text: "Cancelled; the mappings stay as they were." }]);
