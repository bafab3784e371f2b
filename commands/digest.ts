import { reply } from "../src/chat/reply.js";
import type { CommandDefinition } from "./types.js";

// The scheduled digest lands with the alerts & digests work; until then the command says so
// plainly instead of pretending, and points at what answers the same question today.
export const digestCommand: CommandDefinition = {
  name: "digest",
  summary: "The morning digest of hot leads (scheduled delivery is coming soon).",
  usage: ["/digest"],
  help: "Scheduled morning digests are not switched on yet. Meanwhile /lead list hot shows today's hot leads, and /lead list unclaimed the ones nobody owns.",
  async run() {
    return reply([
      { type: "text", text: "Scheduled morning digests are not switched on yet." },
      { type: "actions", actions: [{ label: "Hot leads", command: "/lead list hot" }, { label: "Unclaimed", command: "/lead list unclaimed" }] },
    ]);
  },
};
