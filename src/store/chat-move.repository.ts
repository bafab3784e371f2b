/**
 * A chat that changed its id: a Telegram group upgraded to a supergroup gets a new chat id
 * and refuses everything sent to the old one. Every stored reference to the old id moves.
 */
import type { Platform } from "../platforms/names.js";
import type { Db } from "./store.js";
import { prismaOf } from "./types.js";

export interface ChatMove {
  /** The team bound to the chat, if any. */
  teamId: number | null;
  /**
   * `moved`: the binding now names the new id. `already`: it did before (the second of the two
   * service messages Telegram sends). `taken`: the new id is bound to another team, and both
   * bindings stay as they are. `none`: the old id was bound to no team.
   */
  binding: "moved" | "already" | "taken" | "none";
  /** Teams whose alerts and digest now go to the new id. */
  destinations: number[];
  flows: number;
  outbox: number;
}

/**
 * Moves every reference to chat `from` to chat `to`, in the caller's transaction: the team
 * binding, the alert and digest destination (whose delivery problem, if any, is cleared: it is
 * a new destination), step-by-step flows in progress there (buttons on them carry the flow's
 * nonce, not the chat, so they keep working), and outbox messages not yet sent there. Button
 * commands kept server-side (chat_callback) name no chat. Safe to run twice.
 */
export async function moveChatReferences(tx: Db, platform: Platform, from: string, to: string): Promise<ChatMove> {
  const prisma = prismaOf(tx);
  const key = (externalId: string) => ({ platform_externalId: { platform, externalId } });
  const [old, taken] = await Promise.all([prisma.chatBinding.findUnique({ where: key(from) }), prisma.chatBinding.findUnique({ where: key(to) })]);
  let binding: ChatMove["binding"];
  if (!old) binding = taken ? "already" : "none";
  else if (!taken) {
    await prisma.chatBinding.update({ where: { id: old.id }, data: { externalId: to } });
    binding = "moved";
  } else if (taken.teamId === old.teamId) {
    // Left behind by an earlier carry-over that bound the new id without moving the rest.
    await prisma.chatBinding.delete({ where: { id: old.id } });
    binding = "moved";
  } else binding = "taken";

  const teams = await prisma.team.findMany({ where: { channelPlatform: platform, digestChannel: from }, select: { id: true } });
  if (teams.length > 0) {
    await prisma.team.updateMany({
      where: { id: { in: teams.map((t) => t.id) }, channelPlatform: platform, digestChannel: from },
      data: { digestChannel: to, deliveryProblem: null, deliveryProblemAt: null },
    });
  }

  // One flow per person per chat: one the person already started in the new chat wins.
  const started = await prisma.chatFlow.findMany({ where: { platform, chatId: to }, select: { userId: true } });
  if (started.length > 0) await prisma.chatFlow.deleteMany({ where: { platform, chatId: from, userId: { in: started.map((f) => f.userId) } } });
  const flows = await prisma.chatFlow.updateMany({ where: { platform, chatId: from }, data: { chatId: to } });

  // Failed ones too, so that "/admin outbox retry" sends them where the group is now.
  const outbox = await prisma.outbox.updateMany({ where: { platform, channel: from, status: { in: ["pending", "sending", "failed"] } }, data: { channel: to } });

  return { teamId: old?.teamId ?? taken?.teamId ?? null, binding, destinations: teams.map((t) => t.id), flows: flows.count, outbox: outbox.count };
}
