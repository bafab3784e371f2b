/**
 * When a lead's score moves, should the team hear about it? One alert per crossing into the
 * top tier; no repeat while the lead stays there; re-armed only once the score has fallen
 * clearly below the threshold (by `margin`), so a score wobbling around it stays quiet.
 */
export interface AlertState {
  armed: boolean;
  snoozedUntil: Date | null;
}

export interface AlertDecision {
  /** Post an alert now. */
  alert: boolean;
  /** The lead's armed flag after this score. */
  armed: boolean;
  /** The lead crossed while snoozed: it is disarmed without telling anyone. */
  silenced: boolean;
}

export function decideAlert(input: { score: number; hotMin: number; margin: number; state: AlertState; now: Date; notify: boolean }): AlertDecision {
  const { score, hotMin, margin, state, now, notify } = input;
  if (state.armed && score >= hotMin) {
    const snoozed = state.snoozedUntil !== null && state.snoozedUntil > now;
    const alert = notify && !snoozed;
    return { alert, armed: false, silenced: !alert };
  }
  if (!state.armed && score < hotMin - Math.max(0, margin)) return { alert: false, armed: true, silenced: false };
  return { alert: false, armed: state.armed, silenced: false };
}
