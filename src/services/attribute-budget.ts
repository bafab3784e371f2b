/**
 * The limits on fit attributes that depend on what is stored: keys per lead (stored keys plus
 * new ones) and distinct keys per team. One lead with 40,000 keys once made every export a
 * 40,000-column sheet; these keep a lead and a team within what a person can read.
 */
import { LIMITS } from "../domain/limits.js";
import { addTeamAttributeKeys, leadAttributeKeys, teamAttributeKeys } from "../store/attribute-key.repository.js";
import type { Db } from "../store/store.js";

/** Why attributes were refused: the lead would hold too many, or the team would use too many names. */
export type AttributeRefusal =
  | { kind: "lead_full"; count: number; max: number }
  | { kind: "team_full"; used: number; max: number; fresh: string[] };

export class AttributeBudget {
  private readonly fresh: string[] = [];

  private constructor(
    private readonly teamKeys: Set<string>,
    private teamTotal: number,
    private readonly leadKeys: Map<number, Set<string>>,
  ) {}

  /** Reads what the checks need about these leads (ids of stored leads) and keys, in two small queries. */
  static async load(db: Db, teamId: number, leadIds: number[], keys: string[]): Promise<AttributeBudget> {
    const [team, leads] = await Promise.all([teamAttributeKeys(db, teamId, keys), leadAttributeKeys(db, teamId, leadIds)]);
    return new AttributeBudget(team.known, team.total, leads);
  }

  /**
   * Takes `attributes` for the lead `leadId` (any number for a lead not stored yet; the same
   * number for the same lead), or answers why not. Taken keys count for later items.
   */
  admit(leadId: number, attributes: Record<string, unknown> | null | undefined): AttributeRefusal | null {
    const keys = Object.keys(attributes ?? {});
    if (keys.length === 0) return null;
    const held = this.leadKeys.get(leadId) ?? new Set<string>();
    const added = keys.filter((k) => !held.has(k));
    if (held.size + added.length > LIMITS.attributesPerLead) {
      return { kind: "lead_full", count: held.size + added.length, max: LIMITS.attributesPerLead };
    }
    const newToTeam = keys.filter((k) => !this.teamKeys.has(k));
    if (this.teamTotal + newToTeam.length > LIMITS.attributeKeysPerTeam) {
      return { kind: "team_full", used: this.teamTotal, max: LIMITS.attributeKeysPerTeam, fresh: newToTeam };
    }
    for (const key of added) held.add(key);
    this.leadKeys.set(leadId, held);
    for (const key of newToTeam) this.teamKeys.add(key);
    this.teamTotal += newToTeam.length;
    this.fresh.push(...newToTeam);
    return null;
  }

  /** Records the team's new keys; call in the transaction that stores the attributes. */
  async save(db: Db, teamId: number): Promise<void> {
    await addTeamAttributeKeys(db, teamId, this.fresh);
  }
}
