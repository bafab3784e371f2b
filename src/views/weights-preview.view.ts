/**
 * What a scoring change would do: tier counts and the leads that move, for a preview waiting
 * for Confirm (from /weights and /weights suggest alike) and for a "what if".
 */
import { reply, type Block, type Reply } from "../chat/reply.js";
import type { ChangePreview, Mover, PreviewEffect } from "../services/weights.service.js";

function moverLine(m: Mover): string {
  return `#${m.id} ${m.name}: ${m.fromTier} ${m.fromScore} → ${m.toTier} ${m.toScore}`;
}

/** Tier counts and the leads that move: what a preview and a "what if" both show. */
export function effectBlocks(p: PreviewEffect): Block[] {
  const blocks: Block[] = [
    { type: "fields", fields: p.tierCounts.map((t) => ({ label: t.label, value: t.before === t.after ? `${t.after}` : `${t.before} → ${t.after}` })) },
  ];
  const show = (title: string, movers: Mover[]) => {
    if (movers.length === 0) return;
    const items = movers.slice(0, 8).map(moverLine);
    if (movers.length > 8) items.push(`…and ${movers.length - 8} more`);
    blocks.push({ type: "list", title, items });
  };
  show("Moving up a tier", p.movedUp);
  show("Moving down a tier", p.movedDown);
  if (p.movedUp.length + p.movedDown.length === 0) {
    if (p.biggestMovers.length === 0) blocks.push({ type: "text", text: `No lead's score changes (${p.leadsScored} leads checked).` });
    else show("No tier changes; biggest score moves", p.biggestMovers);
  }
  return blocks;
}

/** The preview of a pending change with Confirm/Cancel; `/weights suggest` shows its previews the same way. */
export function previewReply(p: ChangePreview): Reply {
  return reply([
    { type: "header", text: `Preview: ${p.summary}` },
    ...effectBlocks(p),
    { type: "context", text: `Nothing changes until you confirm. This preview expires in 30 minutes.` },
    {
      type: "actions",
      actions: [
        { label: "Confirm", command: `/weights confirm ${p.pendingId}`, style: "primary" },
        { label: "Cancel", command: `/weights cancel ${p.pendingId}`, style: "danger" },
      ],
    },
  ]);
}

