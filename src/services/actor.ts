/** Who is asking: every service call is scoped to the actor's team. */
export interface Actor {
  teamId: number;
  memberId: number;
  role: "rep" | "manager" | "admin";
  name: string;
}

export const isManager = (actor: Actor): boolean => actor.role === "manager" || actor.role === "admin";

/** The refusal of a scoring change to a rep (worded in src/views/failure.view.ts). */
export const MANAGERS_ONLY = { reason: "managers_only", what: "scoring" } as const;
