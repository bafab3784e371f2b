/**
 * Where a full re-score's time goes, measured apart because rescoreTeam overlaps its phases
 * (the next batch is fetched while the current one is scored): reading and decoding every
 * lead's facts, then scoring them all from memory. Writes come from the timed run's profile.
 */
import { performance } from "node:perf_hooks";
import { scoreState } from "../src/domain/score.js";
import type { ScoringConfig } from "../src/domain/types.js";
import { teamScanOptions } from "../src/services/scoring.service.js";
import { scanTeamLeadsWithFacts, type LeadWithFacts } from "../src/store/lead-facts.repository.js";
import type { Db } from "../src/store/store.js";

export interface RescorePhases {
  leads: number;
  events: number;
  /** Reading and decoding every lead with its facts (the scan rescoreTeam uses). */
  loadMs: number;
  /** scoreState (what a re-score stores) over every lead, from memory. */
  scoreMs: number;
}

export async function measurePhases(db: Db, teamId: number, config: ScoringConfig, now: Date): Promise<RescorePhases> {
  const loaded: LeadWithFacts[] = [];
  let start = performance.now();
  for await (const batch of scanTeamLeadsWithFacts(db, teamId, teamScanOptions(config, now))) {
    for (const entry of batch) loaded.push(entry);
  }
  const loadMs = performance.now() - start;
  start = performance.now();
  let events = 0;
  // The scan hands events over as times by type (LeadFacts.eventTimesByType).
  const types = [...new Set(teamScanOptions(config, now).eventWindows.map((w) => w.type))];
  for (const { facts } of loaded) {
    scoreState(config, facts, now);
    events += facts.events.length;
    for (const type of types) events += facts.eventTimesByType?.get(type)?.length ?? 0;
  }
  return { leads: loaded.length, events, loadMs, scoreMs: performance.now() - start };
}
