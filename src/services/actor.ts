/** Who is asking: every service call is scoped to the actor's team. */
export interface Actor {
  teamId: number;
  memberId: number;
  role: "rep" | "manager" | "admin";
  name: string;
}

export const isManager = (actor: Actor): boolean => actor.role === "manager" || actor.role === "admin";

export const MANAGERS_ONLY = "Only managers and admins can change scoring. Ask your manager, or see /help weights.";
