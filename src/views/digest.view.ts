/**
 * The morning digest as a message, built from what the digest services compose.
 */
import type { Block } from "../chat/reply.js";
import type { DigestSectionData } from "../services/digest-sections.js";

/** An extra section of the digest (digest-sections.ts), in words. */
export function digestSectionBlocks(s: DigestSectionData): Block[] {
  switch (s.section) {
    case "calibration":
      return [{ type: "list", title: "Calibration (weekly)", items: [...s.lines, "/weights suggest for details"] }];
    case "unavailable":
      return [{ type: "context", text: "One section of this digest could not be built today." }];
  }
}
