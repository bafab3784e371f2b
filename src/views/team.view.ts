/**
 * Words for joining and leaving a team, shared by every platform: the first-use setup message,
 * "you are no longer on team X", "waiting for approval", the request the admins decide on, and
 * the private notice when the bot is removed from the team's group, and the one-tap offer of
 * the open leads of someone who is no longer on the team.
 */
import { reply, type Action, type Block, type Reply } from "../chat/reply.js";
import type { LeadsOffer } from "../services/team-admin.service.js";
import type { TeamSettings } from "../services/team-settings.service.js";

/**
 * The first reply in a new group or workspace: where alerts and the digest go, when, in which
 * time zone, and how to make managers, each a tap away.
 */
export function welcomeReply(s: TeamSettings, founder: string): Reply {
  const destination = s.channel?.here
    ? "Hot-lead alerts and the morning digest will be posted here."
    : s.channel
      ? `Hot-lead alerts and the morning digest go to ${s.channel.id}.`
      : "Alerts and the morning digest have nowhere to go yet: tap “Send alerts here” in the chat where the team should get them.";
  const blocks: Block[] = [
    { type: "header", text: `Welcome! This chat is now the team “${s.name}”` },
    {
      type: "text",
      text: `${founder}, you set it up, so you are its admin. Teammates join as reps when they first use a command (/team join approval makes them wait for you).`,
    },
    {
      type: "fields",
      fields: [
        { label: "Alerts and digest", value: s.channel?.here ? "this chat" : (s.channel?.id ?? "not chosen yet") },
        { label: "Digest", value: `${s.digestTime} on ${s.digestDays}` },
        { label: "Time zone", value: s.timezone },
      ],
    },
    { type: "text", text: destination },
    {
      type: "context",
      text: "Change the time with /digest time 08:30, the days with /digest days mon-fri, the time zone with /team timezone Europe/Kyiv. Make someone a manager (they can tune the scoring) with /team role @name manager.",
    },
  ];
  const actions: Action[] = [];
  if (s.canPostHere && !s.channel?.here) actions.push({ label: "Send alerts here", command: "/digest channel", style: "primary" });
  actions.push(
    { label: "Digest at 08:30", command: "/digest time 08:30" },
    // The zone has to be typed; the button says how.
    { label: "Time zone", command: "/team timezone" },
    { label: "Team members", command: "/team members" },
    { label: "Help", command: "/help" },
  );
  blocks.push({ type: "actions", actions });
  return reply(blocks, { visibility: "channel" });
}

/** What a removed person hears, wherever they try. */
export function removedReply(teamName: string): Reply {
  return reply([{ type: "text", text: `You are no longer on team “${teamName}”, so I can't do that for you. An admin of the team can add you back.` }], { tone: "refused" });
}

/** What a newcomer hears while an admin decides. */
export function waitingReply(teamName: string): Reply {
  return reply([{ type: "text", text: `You asked to join team “${teamName}”. An admin needs to approve you first; I'll run your command once they do.` }], { tone: "refused" });
}

/** The request the team's admins decide on, with Approve / Decline buttons. */
export function joinRequestReply(name: string, memberId: number, line: string | null): Reply {
  const tried = line ? ` Their first command, ${line.length > 80 ? `${line.slice(0, 79)}…` : line}, runs once approved.` : "";
  return reply(
    [
      { type: "text", text: `${name} wants to join the team.${tried}` },
      {
        type: "actions",
        actions: [
          { label: "Approve", command: `/team approve #${memberId}`, style: "primary" },
          { label: "Decline", command: `/team decline #${memberId}`, style: "danger" },
        ],
      },
      { type: "context", text: "Only admins can decide. /team join open lets everyone in without asking." },
    ],
    { visibility: "channel" },
  );
}

/** Told privately to a team's admins when the bot was removed from the team's group. */
export function removedFromGroupReply(teamName: string): Reply {
  return reply([
    { type: "header", text: `I was removed from the group of “${teamName}”` },
    {
      type: "text",
      text: `Nothing more will be posted there: hot-lead alerts and the morning digest are paused. Add me back to the group to carry on; your leads, rules and history are kept.`,
    },
  ]);
}

/** Buttons beyond this many teammates would crowd the message; /team give names anyone. */
const OFFER_TEAMMATES = 6;

/**
 * The one-tap choice for the open leads of someone no longer on the team: "give all to" one
 * button per teammate, or "Leave unclaimed". The same wherever they left from.
 */
export function leadsOfferBlocks(member: { id: number; name: string }, openLeads: number, teammates: Array<{ id: number; name: string }>): Block[] {
  return [
    { type: "text", text: `${member.name} owned ${openLeads} open lead${openLeads === 1 ? "" : "s"}. Give them all to:` },
    {
      type: "actions",
      actions: [
        ...teammates.slice(0, OFFER_TEAMMATES).map((t) => ({ label: t.name, command: `/team give #${member.id} #${t.id}` })),
        { label: "Leave unclaimed", command: `/team give #${member.id} nobody` },
      ],
    },
  ];
}

/**
 * Told privately to each admin when someone left by themselves (left or was removed from the
 * group, deactivated in the workspace) while owning open leads: nobody typed /team remove, so
 * nobody was offered them yet.
 */
export function leadsOfferReply(o: LeadsOffer): Reply {
  return reply([
    { type: "header", text: `${o.member.name} is no longer on team “${o.teamName}”` },
    { type: "text", text: `${o.member.name} ${o.member.how}, so their access ended; their history stays.` },
    ...leadsOfferBlocks(o.member, o.openLeads, o.teammates),
    { type: "context", text: `Every admin of the team got this message; the first choice counts. Later, /team give #${o.member.id} <person|nobody> does the same.` },
  ]);
}
