import type { LanguageCode } from "../i18n/index.js";

/** Who is asking: every service call is scoped to the actor's team. */
export interface Actor {
  teamId: number;
  memberId: number;
  role: "rep" | "manager" | "admin";
  name: string;
  /**
   * The languages their answers are written in (README, "Languages"): `person` for what only
   * they read (their choice, else their platform's language, else the team's), `team` for what
   * the team's shared chat reads. Absent (an actor built by hand, a held command): English.
   */
  languages?: ActorLanguages;
}

export interface ActorLanguages {
  person: LanguageCode;
  team: LanguageCode;
  /** What their platform says they speak, when the bot speaks it too (the guess `/me language auto` goes back to). */
  platform?: LanguageCode | null;
}

export const isManager = (actor: Actor): boolean => actor.role === "manager" || actor.role === "admin";

/** The refusal of a scoring change to a rep (worded in src/views/failure.view.ts). */
export const MANAGERS_ONLY = { reason: "managers_only", what: "scoring" } as const;
