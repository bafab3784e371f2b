/**
 * `/team members | role | remove | give | approve | decline | join | timezone | language | settings | audit`:
 * running the team in chat. Everyone may look; the services let only admins change.
 */
import { stringify as stringifyCsv } from "csv-stringify/sync";
import type { ParsedLine } from "../src/chat/parse.js";
import { reply, usageReply, type Action, type Block, type Reply } from "../src/chat/reply.js";
import type { Failure } from "../src/services/result.js";
import {
  changeJoinMode,
  changeRole,
  changeTimezone,
  decideJoin,
  findPerson,
  JOIN_MODES,
  listTeamMembers,
  reassignLeadsOf,
  removeMember,
  ROLES,
  teamAudit,
  type MemberRow,
} from "../src/services/team-admin.service.js";
import { replyT } from "../src/chat/command-context.js";
import { translator } from "../src/i18n/index.js";
import { changeTeamLanguage } from "../src/services/language.service.js";
import { teamSettings } from "../src/services/team-settings.service.js";
import { LANGUAGE_USAGE, teamLanguageSetReply, whichLanguageReply } from "../src/views/language.view.js";
import { failureText } from "../src/views/failure.view.js";
import {
  auditCsv,
  auditReply,
  joinDecidedReply,
  joinModeReply,
  leadsGivenReply,
  leadsOfferBlocks,
  memberRemovedText,
  membersReply,
  roleChangedReply,
  settingsReply,
  teamAdminProblem,
  teamAdminUsageProblem,
  timezoneSetReply,
} from "../src/views/team.view.js";
import { failureReply, orFailure, quote } from "./shared.js";
import type { CommandContext } from "./types.js";

export const TEAM_ADMIN_USAGE = {
  members: "/team members",
  role: "/team role <person> rep|manager|admin",
  remove: "/team remove <person>",
  give: "/team give <person> <to-person|nobody>",
  join: "/team join open|approval",
  timezone: "/team timezone <Area/City>",
  language: LANGUAGE_USAGE.team,
  settings: "/team settings",
  audit: "/team audit [csv]",
};


/** "Who did you mean?" with one button per person, re-running the same command for them. */
function personFailure(ctx: CommandContext, failure: Failure, retry: (memberId: number) => string): Reply {
  const t = replyT(ctx);
  if (failure.code !== "which_member") return failureReply(failure, t);
  const actions: Action[] = failure.candidates.slice(0, 8).map((c) => ({ label: c.name, command: retry(c.id) }));
  return reply([{ type: "text", text: failureText(failure, t) }, ...(actions.length > 0 ? [{ type: "actions" as const, actions }] : [])], { tone: "error" });
}

async function members(_line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const listed = orFailure(ctx, await listTeamMembers(ctx.deps, ctx.actor));
  if (!listed.ok) return listed.reply;
  return membersReply(listed.value.members, ctx.deps.clock(), TEAM_ADMIN_USAGE.role, replyT(ctx));
}

async function role(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const wanted = line.args.at(-1)?.toLowerCase();
  const ref = line.args.slice(0, -1).join(" ");
  if (!ref || !wanted || !(ROLES as readonly string[]).includes(wanted)) {
    return usageReply(teamAdminProblem("role", replyT(ctx)), TEAM_ADMIN_USAGE.role, replyT(ctx));
  }
  const person = await findPerson(ctx.deps, ctx.actor, ref, { includeRemoved: true });
  if (!person.ok) return personFailure(ctx, person.error, (id) => `/team role #${id} ${wanted}`);
  const changed = orFailure(ctx, await changeRole(ctx.deps, ctx.actor, person.value.id, wanted as MemberRow["role"]));
  if (!changed.ok) return changed.reply;
  const { member, from, to } = changed.value;
  return roleChangedReply(member.displayName, from, to, ctx.actor.name, replyT(ctx, "channel"));
}

async function remove(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const ref = line.args.join(" ");
  if (!ref) return usageReply(teamAdminProblem("remove", replyT(ctx)), TEAM_ADMIN_USAGE.remove, replyT(ctx));
  const person = await findPerson(ctx.deps, ctx.actor, ref);
  if (!person.ok) return personFailure(ctx, person.error, (id) => `/team remove #${id}`);
  const removed = orFailure(ctx, await removeMember(ctx.deps, ctx.actor, person.value.id));
  if (!removed.ok) return removed.reply;
  const { member, openLeads, teammates } = removed.value;
  const blocks: Block[] = [{ type: "text", text: memberRemovedText(member.displayName, ctx.actor.name, replyT(ctx, "channel")) }];
  if (openLeads > 0) blocks.push(...leadsOfferBlocks({ id: member.id, name: member.displayName }, openLeads, teammates, replyT(ctx, "channel")));
  return reply(blocks, { visibility: "channel" });
}

async function give(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const [fromRef, ...toWords] = line.args;
  const toRef = toWords.join(" ");
  if (!fromRef || !toRef) return usageReply(teamAdminUsageProblem("give", replyT(ctx)), TEAM_ADMIN_USAGE.give, replyT(ctx));
  const from = await findPerson(ctx.deps, ctx.actor, fromRef, { includeRemoved: true });
  if (!from.ok) return personFailure(ctx, from.error, (id) => `/team give #${id} ${quote(toRef)}`);
  let toId: number | null = null;
  if (!["nobody", "none", "unclaimed"].includes(toRef.toLowerCase())) {
    const to = await findPerson(ctx.deps, ctx.actor, toRef);
    if (!to.ok) return personFailure(ctx, to.error, (id) => `/team give #${from.value.id} #${id}`);
    toId = to.value.id;
  }
  const moved = orFailure(ctx, await reassignLeadsOf(ctx.deps, ctx.actor, from.value.id, toId));
  if (!moved.ok) return moved.reply;
  const { moved: count, from: fromName, to } = moved.value;
  return leadsGivenReply(count, fromName, to, replyT(ctx, "channel"));
}

async function decide(line: ParsedLine, ctx: CommandContext, approve: boolean): Promise<Reply> {
  const id = /^#?(\d+)$/.exec(line.args[0] ?? "");
  if (!id) return usageReply(teamAdminUsageProblem("decide", replyT(ctx)), `/team ${approve ? "approve" : "decline"} #<member>`, replyT(ctx));
  const decided = orFailure(ctx, await decideJoin(ctx.deps, ctx.actor, Number(id[1]), approve));
  if (!decided.ok) return decided.reply;
  const { member, waiting, newcomer } = decided.value;
  const done = joinDecidedReply(approve, member.displayName, ctx.actor.name, replyT(ctx, "channel"));
  if (!approve) return done;
  const person = { platform: member.platform, externalId: member.externalId };
  return waiting ? { ...done, followUp: { actor: newcomer, person, line: waiting.line, channelId: waiting.channelId } } : done;
}

async function join(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const mode = line.args[0]?.toLowerCase() ?? line.options.mode;
  if (!mode || !(JOIN_MODES as readonly string[]).includes(mode)) {
    return usageReply(teamAdminUsageProblem("join", replyT(ctx)), TEAM_ADMIN_USAGE.join, replyT(ctx));
  }
  const changed = orFailure(ctx, await changeJoinMode(ctx.deps, ctx.actor, mode as (typeof JOIN_MODES)[number]));
  if (!changed.ok) return changed.reply;
  return joinModeReply(mode as (typeof JOIN_MODES)[number], ctx.actor.name, replyT(ctx, "channel"));
}

async function timezone(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const typed = line.args.join(" ");
  if (!typed) return usageReply(teamAdminUsageProblem("timezone", replyT(ctx)), TEAM_ADMIN_USAGE.timezone, replyT(ctx));
  const changed = orFailure(ctx, await changeTimezone(ctx.deps, ctx.actor, typed));
  if (!changed.ok) return changed.reply;
  return timezoneSetReply(changed.value.timezone, replyT(ctx, "channel"));
}

async function language(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const typed = line.args.join(" ");
  if (!typed) return whichLanguageReply(replyT(ctx), TEAM_ADMIN_USAGE.language);
  const changed = orFailure(ctx, await changeTeamLanguage(ctx.deps, ctx.actor, typed));
  if (!changed.ok) return changed.reply;
  // Said in the team's new language, to everyone in its chat.
  return teamLanguageSetReply(translator(changed.value.language), changed.value.language, ctx.actor.name);
}

async function settings(_line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const shown = orFailure(ctx, await teamSettings(ctx.deps, ctx.actor, ctx.place));
  if (!shown.ok) return shown.reply;
  return settingsReply(shown.value, TEAM_ADMIN_USAGE, replyT(ctx));
}

async function audit(line: ParsedLine, ctx: CommandContext): Promise<Reply> {
  const asCsv = line.args[0]?.toLowerCase() === "csv";
  const listed = orFailure(ctx, await teamAudit(ctx.deps, ctx.actor));
  if (!listed.ok) return listed.reply;
  const { entries, timezone: tz } = listed.value;
  const t = replyT(ctx);
  if (asCsv && entries.length > 0) {
    const file = auditCsv(entries, t);
    const csv = stringifyCsv(file.rows, { bom: true, record_delimiter: "\r\n" });
    return {
      ...reply([{ type: "text", text: file.text }]),
      attachments: [{ filename: "team-audit.csv", contentType: "text/csv", data: new TextEncoder().encode(csv), title: file.title }],
    };
  }
  return auditReply(entries, ctx.deps.clock(), tz, t);
}

export const TEAM_ADMIN_SUBCOMMANDS: Record<string, (line: ParsedLine, ctx: CommandContext) => Promise<Reply>> = {
  members,
  role,
  remove,
  give,
  approve: (line, ctx) => decide(line, ctx, true),
  decline: (line, ctx) => decide(line, ctx, false),
  join,
  timezone,
  language,
  settings,
  audit,
};
