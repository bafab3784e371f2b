import { calibrationDigestSection, type CalibrationDigestSection } from "./calibration.service.js";
import type { ServiceDeps } from "./deps.js";

/**
 * What an extra section of the morning digest says, as data (src/views/digest.view.ts words it).
 * `unavailable` stands in for a section that failed: the digest still goes out, with a note.
 */
export type DigestSectionData = CalibrationDigestSection | { section: "unavailable" };

/**
 * An extra section of the morning digest: what it says for a team at `now`, or null for nothing.
 * A section runs once per digest, so it should stay a few aggregate queries (never one per lead).
 * If it throws, the digest still goes out, with a note in its place.
 */
export type DigestSection = (deps: ServiceDeps, teamId: number, now: Date) => Promise<DigestSectionData | null>;

/**
 * The extra sections, in the order they appear after the built-in ones. Adding one is its data
 * type in DigestSectionData, one line here (e.g. `calibrationDigestSection,`) and its words in
 * the digest view.
 */
export const DIGEST_SECTIONS: DigestSection[] = [calibrationDigestSection];
