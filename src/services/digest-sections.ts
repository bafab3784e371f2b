import type { Block } from "../chat/reply.js";
import { calibrationDigestSection } from "./calibration.service.js";
import type { ServiceDeps } from "./deps.js";

/**
 * An extra section of the morning digest: the blocks to append for a team at `now`, or none.
 * A section runs once per digest, so it should stay a few aggregate queries (never one per lead).
 * If it throws, the digest still goes out, with a note in its place.
 */
export type DigestSection = (deps: ServiceDeps, teamId: number, now: Date) => Promise<Block[]>;

/**
 * The extra sections, in the order they appear after the built-in ones. Adding one is one
 * import and one line here, e.g. `calibrationDigestSection,`.
 */
export const DIGEST_SECTIONS: DigestSection[] = [calibrationDigestSection];
