/**
 * What a scoring change would do: tier counts and the leads that move, for a preview waiting
 * for Confirm (from /weights and /weights suggest alike) and for a "what if".
 */
import { reply, type Block, type Reply } from "../chat/reply.js";
import { DEFAULT_LANGUAGE, translator, type Translator } from "../i18n/index.js";
import type { ChangePreview, Mover, PreviewEffect } from "../services/weights.service.js";
import { tierName, tierWord } from "./rule-words.js";
import { changeSummaryText } from "./change-summary.view.js";

/** How long a preview waits for Confirm (src/services/weights.service.ts). */
const PREVIEW_MINUTES = 30;

function moverLine(t: Translator, m: Mover): string {
  return `#${m.id} ${m.name}: ${tierWord(t, m.fromTier)} ${m.fromScore} → ${tierWord(t, m.toTier)} ${m.toScore}`;
}

/** Tier counts and the leads that move: what a preview and a "what if" both show. */
export function effectBlocks(p: PreviewEffect, t: Translator): Block[] {
  const blocks: Block[] = [
    { type: "fields", fields: p.tierCounts.map((c) => ({ label: tierName(t, { key: c.tier, label: c.label }), value: c.before === c.after ? `${c.after}` : `${c.before} → ${c.after}` })) },
  ];
  const show = (title: string, movers: Mover[]) => {
    if (movers.length === 0) return;
    const items = movers.slice(0, 8).map((m) => moverLine(t, m));
    if (movers.length > 8) items.push(t.t("weightsPreview.more", { count: movers.length - 8 }));
    blocks.push({ type: "list", title, items });
  };
  show(t.t("weightsPreview.movedUp"), p.movedUp);
  show(t.t("weightsPreview.movedDown"), p.movedDown);
  if (p.movedUp.length + p.movedDown.length === 0) {
    if (p.biggestMovers.length === 0) blocks.push({ type: "text", text: t.t("weightsPreview.noScoreChanges", { count: p.leadsScored }) });
    else show(t.t("weightsPreview.biggestMoves"), p.biggestMovers);
  }
  return blocks;
}

/** The preview of a pending change with Confirm/Cancel; `/weights suggest` shows its previews the same way. */
export function previewReply(p: ChangePreview, t: Translator = translator(DEFAULT_LANGUAGE)): Reply {
  return reply([
    { type: "header", text: t.t("weightsPreview.header", { summary: changeSummaryText(t, p.summary) }) },
    ...effectBlocks(p, t),
    { type: "context", text: t.t("weightsPreview.waits", { minutes: PREVIEW_MINUTES }) },
    {
      type: "actions",
      actions: [
        { label: t.t("weightsPreview.confirm"), command: `/weights confirm ${p.pendingId}`, style: "primary" },
        { label: t.t("weightsPreview.cancel"), command: `/weights cancel ${p.pendingId}`, style: "danger" },
      ],
    },
  ]);
}
