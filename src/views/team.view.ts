/**
 * Words for joining and leaving a team, shared by every platform: the first-use setup message,
 * "you are no longer on team X", "waiting for approval", the request the admins decide on, and
 * the private notice when the bot is removed from the team's group, and the one-tap offer of
 * the open leads of someone who is no longer on the team; and the answers of /team members,
 * settings, role, remove, give, approve, decline, join, timezone and audit. In the reader's
 * language (`t`).
 */
import { reply, writtenIn, type Action, type Block, type Reply } from "../chat/reply.js";
import type { AuditSummary } from "../domain/audit-summary.js";
import type { Translator } from "../i18n/index.js";
import type { LeadsOffer, LeftHow } from "../services/team-admin.service.js";
import type { TeamSettings } from "../services/team-settings.service.js";
import { auditSummaryText } from "./audit-summary.view.js";

/** The example time the setup message offers (typed, so the same in every language). */
const EXAMPLE_TIME = "08:30";

/** A Monday (UTC): the day names of the reader's language come from Intl, from this week. */
const MONDAY = Date.UTC(2026, 0, 5);
const DAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** The digest days as described ("Mon–Fri", "every day") in the reader's words. */
export function digestDaysWords(described: string, t: Translator): string {
  if (described === "every day") return t.t("team.everyDay");
  return described.replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/g, (day) =>
    t.date(new Date(MONDAY + DAY_INDEX[day]! * 86_400_000), { weekday: "short", timeZone: "UTC" }),
  );
}

/**
 * The first reply in a new group or workspace: where alerts and the digest go, when, in which
 * time zone, and how to make managers, each a tap away. In the team's language.
 */
export function welcomeReply(s: TeamSettings, founder: string, t: Translator): Reply {
  const sendHere = t.t("team.welcome.sendHere");
  const destination = s.channel?.here
    ? t.t("team.welcome.postedHere")
    : s.channel
      ? t.t("team.welcome.postedTo", { channel: s.channel.id })
      : t.t("team.welcome.nowhere", { button: sendHere });
  const blocks: Block[] = [
    { type: "header", text: t.t("team.welcome.header", { team: s.name }) },
    { type: "text", text: t.t("team.welcome.founder", { founder, approval: "/team join approval" }) },
    {
      type: "fields",
      fields: [
        { label: t.t("team.welcome.alertsField"), value: s.channel?.here ? t.t("team.welcome.thisChat") : (s.channel?.id ?? t.t("team.welcome.notChosen")) },
        { label: t.t("team.welcome.digestField"), value: t.t("team.welcome.digestWhen", { time: s.digestTime, days: digestDaysWords(s.digestDays, t) }) },
        { label: t.t("team.welcome.timezoneField"), value: s.timezone },
      ],
    },
    { type: "text", text: destination },
    {
      type: "context",
      text: t.t("team.welcome.howTo", {
        time: `/digest time ${EXAMPLE_TIME}`,
        days: "/digest days mon-fri",
        timezone: "/team timezone Europe/Kyiv",
        role: "/team role @name manager",
      }),
    },
  ];
  const actions: Action[] = [];
  if (s.canPostHere && !s.channel?.here) actions.push({ label: sendHere, command: "/digest channel", style: "primary" });
  actions.push(
    { label: t.t("team.welcome.digestAt", { time: EXAMPLE_TIME }), command: `/digest time ${EXAMPLE_TIME}` },
    // The zone has to be typed; the button says how.
    { label: t.t("team.welcome.timezoneField"), command: "/team timezone" },
    { label: t.t("team.welcome.members"), command: "/team members" },
    { label: t.t("team.welcome.help"), command: "/help" },
  );
  blocks.push({ type: "actions", actions });
  return reply(blocks, { visibility: "channel" });
}

/** What a removed person hears, wherever they try. */
export function removedReply(teamName: string, t: Translator): Reply {
  return reply([{ type: "text", text: t.t("team.removed", { team: teamName }) }], { tone: "refused" });
}

/** What a newcomer hears while an admin decides. */
export function waitingReply(teamName: string, t: Translator): Reply {
  return reply([{ type: "text", text: t.t("team.waiting", { team: teamName }) }], { tone: "refused" });
}

/** The request the team's admins decide on, with Approve / Decline buttons. */
export function joinRequestReply(name: string, memberId: number, line: string | null, t: Translator): Reply {
  const text = line
    ? t.t("team.joinRequest.withCommand", { name, line: line.length > 80 ? `${line.slice(0, 79)}…` : line })
    : t.t("team.joinRequest.text", { name });
  const request = reply(
    [
      { type: "text", text },
      {
        type: "actions",
        actions: [
          { label: t.t("team.joinRequest.approve"), command: `/team approve #${memberId}`, style: "primary" },
          { label: t.t("team.joinRequest.decline"), command: `/team decline #${memberId}`, style: "danger" },
        ],
      },
      { type: "context", text: t.t("team.joinRequest.note", { open: "/team join open" }) },
    ],
    { visibility: "channel" },
  );
  // Posted by the transports, not the router: stamped here for the renderers' own words.
  return writtenIn(request, t);
}

/** Told privately to a team's admins when the bot was removed from the team's group. */
export function removedFromGroupReply(teamName: string, t: Translator): Reply {
  const notice = reply([
    { type: "header", text: t.t("team.removedFromGroup.header", { team: teamName }) },
    { type: "text", text: t.t("team.removedFromGroup.text") },
  ]);
  return writtenIn(notice, t);
}

/** Buttons beyond this many teammates would crowd the message; /team give names anyone. */
const OFFER_TEAMMATES = 6;

/**
 * The one-tap choice for the open leads of someone no longer on the team: "give all to" one
 * button per teammate, or "Leave unclaimed". The same wherever they left from.
 */
export function leadsOfferBlocks(member: { id: number; name: string }, openLeads: number, teammates: Array<{ id: number; name: string }>, t: Translator): Block[] {
  return [
    { type: "text", text: t.t("team.leadsOffer.owned", { member: member.name, count: openLeads }) },
    {
      type: "actions",
      actions: [
        ...teammates.slice(0, OFFER_TEAMMATES).map((m) => ({ label: m.name, command: `/team give #${member.id} #${m.id}` })),
        { label: t.t("team.leadsOffer.leave"), command: `/team give #${member.id} nobody` },
      ],
    },
  ];
}

/** How someone left, in the reader's words. */
const leftHowWords = (left: LeftHow, t: Translator): string => t.t("platform.leftHow", { kind: left.kind, by: left.kind === "removed" ? left.by : "" });

/**
 * Told privately to each admin when someone left by themselves (left or was removed from the
 * group, deactivated in the workspace) while owning open leads: nobody typed /team remove, so
 * nobody was offered them yet. An offer queued before platforms said how as data shows the
 * stored words (`how`).
 */
export function leadsOfferReply(o: LeadsOffer, t: Translator): Reply {
  return reply([
    { type: "header", text: t.t("team.leadsOffer.header", { member: o.member.name, team: o.teamName }) },
    { type: "text", text: t.t("team.leadsOffer.how", { member: o.member.name, how: o.member.left ? leftHowWords(o.member.left, t) : o.member.how }) },
    ...leadsOfferBlocks(o.member, o.openLeads, o.teammates, t),
    { type: "context", text: t.t("team.leadsOffer.later", { give: `/team give #${o.member.id} <person|nobody>` }) },
  ]);
}

const PLATFORM: Record<"console" | "slack" | "telegram", string> = { console: "console", slack: "Slack", telegram: "Telegram" };

/** One person of `/team members` (what the view needs of a member row). */
export interface MemberLine {
  displayName: string;
  username: string | null;
  role: "rep" | "manager" | "admin";
  platform: "console" | "slack" | "telegram";
  status: string;
  lastActiveAt: Date | null;
  openLeads: number;
}

function memberLine(m: MemberLine, now: Date, t: Translator): string {
  const days = m.lastActiveAt ? Math.max(0, Math.floor((now.getTime() - m.lastActiveAt.getTime()) / 86_400_000)) : null;
  return t.t("team.members.line", {
    name: m.displayName,
    handle: m.username ? ` (@${m.username})` : "",
    role: m.role,
    platform: PLATFORM[m.platform],
    seen: days === null ? t.t("team.members.notActive") : t.t("team.members.active", { ago: t.relative(-days, "day") }),
    count: m.openLeads,
    status: m.status,
  });
}

/** `/team members`: everyone on the team, then who no longer is. */
export function membersReply(members: MemberLine[], now: Date, roleUsage: string, t: Translator): Reply {
  const current = members.filter((m) => m.status !== "removed");
  const removed = members.filter((m) => m.status === "removed");
  const blocks: Block[] = [
    { type: "header", text: t.t("team.members.header", { count: current.length }) },
    { type: "list", items: current.map((m) => memberLine(m, now, t)) },
  ];
  if (removed.length > 0) blocks.push({ type: "list", title: t.t("team.members.removed"), items: removed.map((m) => memberLine(m, now, t)) });
  blocks.push({ type: "context", text: t.t("team.members.note", { role: roleUsage }) });
  return reply(blocks);
}

/** `/team settings`: where alerts go, when the digest does, the time zone and who may join; `usage`: the typed commands that change them. */
export function settingsReply(s: TeamSettings, usage: { timezone: string; join: string; role: string }, t: Translator): Reply {
  const destination = s.channel
    ? t.t(s.channel.here ? "team.settings.destinationHere" : "team.settings.destination", { platform: PLATFORM[s.channel.platform], channel: s.channel.id })
    : t.t("team.welcome.notChosen");
  const blocks: Block[] = [
    { type: "header", text: t.t("team.settings.header", { team: s.name }) },
    {
      type: "fields",
      fields: [
        { label: t.t("team.settings.goTo"), value: destination },
        { label: t.t("team.welcome.digestField"), value: t.t("team.welcome.digestWhen", { time: s.digestTime, days: digestDaysWords(s.digestDays, t) }) },
        { label: t.t("team.welcome.timezoneField"), value: s.timezone },
        { label: t.t("team.settings.joining"), value: t.t("team.settings.joinMode", { mode: s.joinMode }) },
      ],
    },
    {
      type: "context",
      text: t.t("team.settings.change", {
        channel: "/digest channel",
        time: `/digest time ${EXAMPLE_TIME}`,
        days: "/digest days mon-fri",
        timezone: usage.timezone,
        join: usage.join,
        role: usage.role,
      }),
    },
  ];
  const actions: Action[] = [];
  if (s.canPostHere && !s.channel?.here) actions.push({ label: t.t("team.welcome.sendHere"), command: "/digest channel", style: "primary" });
  actions.push({
    label: t.t(s.joinMode === "open" ? "team.settings.requireApproval" : "team.settings.letAnyone"),
    command: `/team join ${s.joinMode === "open" ? "approval" : "open"}`,
  });
  blocks.push({ type: "actions", actions });
  return reply(blocks);
}

/** `/team role`: the person's new role, said to the team's chat. */
export const roleChangedReply = (member: string, from: string, to: string, by: string, t: Translator): Reply =>
  reply([{ type: "text", text: t.t("team.role.changed", { member, from, to, by }) }], { visibility: "channel" });

/** `/team remove`: the first words of the reply (the offer of their leads follows). */
export const memberRemovedText = (member: string, by: string, t: Translator): string => t.t("team.remove.done", { member, by });

/** What a /team role or /team remove line lacked, for its usage reply. */
export const teamAdminProblem = (what: "role" | "remove", t: Translator): string =>
  what === "role" ? t.t("team.role.which", { example: "/team role @taras manager" }) : t.t("team.remove.who", { example: "/team remove @taras" });

/** What /team does not do: `typed`, the word after /team. */
export const unknownTeamSubcommand = (typed: string, t: Translator): string => t.t("team.unknownSub", { typed, command: "/team" });

/** What a /team give, approve, decline, join or timezone line lacked, for its usage reply. */
export function teamAdminUsageProblem(what: "give" | "decide" | "join" | "timezone", t: Translator): string {
  switch (what) {
    case "give":
      return t.t("team.give.which", { example: "/team give @taras @anna", nobody: "/team give @taras nobody" });
    case "decide":
      return t.t("team.decide.whom");
    case "join":
      return t.t("team.join.modes", { open: "open", approval: "approval" });
    case "timezone":
      return t.t("team.timezone.which", { example: "/team timezone Europe/Kyiv" });
  }
}

/** `/team give`: whose open leads went to whom (`to` null: left unclaimed), said to the team's chat. */
export function leadsGivenReply(count: number, from: string, to: string | null, t: Translator): Reply {
  const text = to === null ? t.t("team.give.unclaimed", { count, from }) : t.t("team.give.done", { count, from, to });
  return reply([{ type: "text", text }], { visibility: "channel" });
}

/** `/team approve` and `/team decline`: the admin's decision on a join request, said to the team's chat. */
export function joinDecidedReply(approved: boolean, member: string, by: string, t: Translator): Reply {
  return reply([{ type: "text", text: t.t(approved ? "team.decide.approved" : "team.decide.declined", { member, by }) }], { visibility: "channel" });
}

/** `/team join open|approval`: how newcomers join from now on, said to the team's chat. */
export const joinModeReply = (mode: "open" | "approval", by: string, t: Translator): Reply =>
  reply([{ type: "text", text: t.t("team.join.set", { mode, by }) }], { visibility: "channel" });

/** `/team timezone`: the team's new time zone, said to the team's chat. */
export const timezoneSetReply = (timezone: string, t: Translator): Reply =>
  reply([{ type: "text", text: t.t("team.timezone.set", { timezone }) }], { visibility: "channel" });

/**
 * One entry of `/team audit` (what the view needs of an audit row). `summary`: what happened, as
 * data worded in the reader's language, or English words stored before it was data, shown as stored.
 */
export interface AuditLine {
  at: Date;
  who: string | null;
  action: string;
  summary: AuditSummary;
}

const auditWho = (e: AuditLine, t: Translator) => e.who ?? t.t("team.audit.platform");
const auditWhat = (e: AuditLine, t: Translator) => t.t("team.audit.action", { action: e.action });

/** `/team audit`: the latest administrative changes, newest first, with who, when and what. */
export function auditReply(entries: readonly AuditLine[], now: Date, timeZone: string, t: Translator): Reply {
  if (entries.length === 0) return reply([{ type: "text", text: t.t("team.audit.nothing") }]);
  const line = (e: AuditLine) => {
    const when = t.date(e.at, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone });
    const days = Math.floor((now.getTime() - e.at.getTime()) / 86_400_000);
    return `${when} (${t.relative(days > 0 ? -days : 0, "day")}) · ${auditWho(e, t)} · ${auditWhat(e, t)}: ${auditSummaryText(t, e.summary)}`;
  };
  return reply([
    { type: "header", text: t.t("team.audit.header", { count: entries.length }) },
    { type: "list", items: entries.map(line) },
    { type: "actions", actions: [{ label: t.t("team.audit.download"), command: "/team audit csv" }] },
  ]);
}

/** `/team audit csv`: the rows of the file (a header, then one row per entry) and the words around it. */
export function auditCsv(entries: readonly AuditLine[], t: Translator): { rows: string[][]; text: string; title: string } {
  const column = (name: "when" | "who" | "what" | "detail") => t.t("team.audit.column", { column: name });
  return {
    rows: [[column("when"), column("who"), column("what"), column("detail")], ...entries.map((e) => [e.at.toISOString(), auditWho(e, t), auditWhat(e, t), auditSummaryText(t, e.summary)])],
    text: t.t("team.audit.csvText", { count: entries.length }),
    title: t.t("team.audit.fileTitle"),
  };
}
