import type { Reply } from "./reply.js";
import { renderText } from "./text.render.js";

/**
 * What to tell someone instead of doing what they asked: they are on no team, were removed
 * from it, wait for an admin's approval, or must first pick which team a private chat acts for.
 * Built in src/views; each platform shows it its own way.
 */
export interface Notice {
  reply: Reply;
  /** The same in plain words that stand alone, for a pop-up (a pressed button answered in place). */
  popup: string;
  /** Teams to offer as buttons: pressing one makes this private chat act for that team. */
  teamChoice?: Array<{ teamId: number; label: string }>;
}

/** A reply as a notice whose pop-up says the same. */
export const noticeOf = (reply: Reply): Notice => ({ reply, popup: renderText(reply).text });
