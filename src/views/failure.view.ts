/**
 * The words for every expected failure a service returns (src/services/result.ts): one entry
 * per reason, built from the data the failure carries. `WORDS` is typed by the reasons, so a
 * new reason does not compile until it has its words here, and nothing else words a failure.
 */
import { describeIssues, type DateIssue, type TextIssue } from "../domain/safe-input.js";
import { errorReply, reply, type Action, type Reply } from "../chat/reply.js";
import type { AttributeRefusal } from "../services/attribute-budget.js";
import type { AccessFailure, Failure, FailureReason, TextField } from "../services/result.js";
import { fileProblemText } from "./lead-file.view.js";
import { editProblemText } from "./scoring-edit.view.js";

type Words = { [R in FailureReason]: (failure: Extract<Failure, { reason: R }>) => string };

const MANAGERS_ONLY: Record<Extract<AccessFailure, { reason: "managers_only" }>["what"], string> = {
  scoring: "Only managers and admins can change scoring. Ask your manager, or see /help weights.",
  digest: "Only managers and admins can change or send the digest. /digest preview shows it to you.",
  calibration: "Only managers and admins can see the calibration report and suggested weights. Ask your manager.",
  team_stats: "Team stats are for managers and admins. /lead list mine shows your own leads.",
  team_chart: "Team charts are for managers and admins. Ask your manager, or see /lead trend <lead> for one lead.",
  timezone: "Only managers and admins can change the team's time zone.",
  assign: "Only managers can assign leads to someone else. Use /lead claim to take it yourself.",
};

const ADMINS_ONLY: Record<Extract<AccessFailure, { reason: "admins_only" }>["what"], string> = {
  team: "Only the team's admins can change that. /team members shows who they are.",
  api_keys: "Only admins can manage API keys. Ask an admin of your team.",
  outbox: "Only admins can see and retry the outbox. Ask an admin of your team.",
  audit: "Only the team's admins can read the audit.",
};

const FIELD: Record<Exclude<TextField, object>, string> = {
  name: "name",
  email: "email",
  phone: "phone",
  company: "company",
  title: "title",
  external_id: "external id",
  note: "note",
};

const TEXT_ISSUE: Record<TextIssue, string> = {
  nul: "must not contain a NUL character",
  broken_unicode: "is not valid Unicode (it holds a broken character)",
};

const DATE_ISSUE: Record<DateIssue, string> = { not_a_date: "is not a date", before_1970: "is before 1970", in_the_future: "is in the future" };

const ROLE_WITH_ARTICLE = { rep: "a rep", manager: "a manager", admin: "an admin" } as const;

const count = (n: number) => n.toLocaleString("en");

function refusalWords(refusal: AttributeRefusal): string {
  if (refusal.kind === "lead_full") return `the lead would hold ${refusal.count} attributes; a lead holds at most ${refusal.max}`;
  return `this team's leads already use ${refusal.used} attribute names and may use at most ${refusal.max}; new here: ${refusal.fresh.slice(0, 3).join(", ")}${refusal.fresh.length > 3 ? ", …" : ""}`;
}

const WORDS: Words = {
  // who may do what
  managers_only: (f) => MANAGERS_ONLY[f.what],
  admins_only: (f) => ADMINS_ONLY[f.what],

  // leads
  lead_not_found: (f) => `No lead matches "${f.ref}".`,
  lead_ambiguous: (f) => `"${f.ref}" matches ${f.candidates.length} leads. Which one?`,
  text_unfit: ({ problem }) => {
    const field = typeof problem.field === "string" ? FIELD[problem.field] : `${problem.field.answerNote} note`;
    if (problem.issue === "too_long") return `The ${field} is ${count(problem.length)} characters long; at most ${count(problem.max)} fit.`;
    return `The ${field} ${TEXT_ISSUE[problem.issue]}.`;
  },
  attributes_unfit: (f) => `Not added: ${describeIssues(f)}.`,
  attributes_over_budget: (f) => `Not added: ${refusalWords(f.refusal)}.`,
  purchase_date_unfit: (f) => `Not added: the last purchase ${DATE_ISSUE[f.issue]}.`,
  event_date_unfit: (f) => `The event's date ${DATE_ISSUE[f.issue]}.`,
  email_taken: (f) => `${f.lead.name} (#${f.lead.id}) already has the email ${f.email}.`,
  phone_taken: (f) => `${f.lead.name} (#${f.lead.id}) already has the phone ${f.phone}.`,
  owner_not_on_team: () => "That person is not on this team.",
  claimed_by_other: (f) => `${f.lead} is already claimed by ${f.owner}. A manager can reassign it with /lead assign.`,
  already_owner: (f) => `${f.lead} is already ${f.owner === null ? "yours" : `owned by ${f.owner}`}.`,
  unknown_event_type: (f) => `"${f.type}" is not an event type this team scores. Known types: ${f.known.join(", ")}.`,
  unknown_call_outcome: (f) => `"${f.outcome}" is not a call outcome. Use one of: ${f.known.join(", ")}.`,
  unknown_dimension: (f) => `${f.unknown.join(", ")} is not a ${f.framework} question. Use ${f.dimensions.join(", ")}.`,
  lead_removed: () => "That lead was just removed.",
  snooze_out_of_range: () => "Snooze for between an hour and 30 days, e.g. 4h, 1d or 1w.",
  chart_weeks_out_of_range: (f) => `Pick 1 to ${f.max} weeks.`,
  no_tiers: () => "This team has no tiers.",

  // the team
  member_ref_empty: () => "Who? Name them with @username, a mention, or part of their name.",
  member_ambiguous: (f) => `"${f.typed}" could be ${f.candidates.length} people. Who did you mean?`,
  member_not_found: (f) => `Nobody on the team matches "${f.typed}".`,
  member_not_on_team: () => "That person is not on the team.",
  member_already_gone: () => "That person is not on the team any more.",
  already_role: (f) => `${f.member} is already ${ROLE_WITH_ARTICLE[f.role]}.`,
  last_admin: (f) => `${f.member} is the team's only admin. Make someone else an admin first.`,
  not_waiting_to_join: () => "That person is not waiting to join.",
  join_already_decided: (f) => `${f.member} was already ${f.decision}.`,
  unknown_language: (f) => `"${f.typed}" is not a language I speak. Use one of: ${f.known.join(", ")}.`,
  unknown_timezone: (f) => `"${f.typed}" is not a time zone I know. Use a name like Europe/Kyiv, Europe/Warsaw or America/New_York.`,

  // the digest
  digest_no_channel: () => "The digest has no channel yet. Type /digest channel in the chat where it should go.",
  digest_time_unreadable: (f) => `"${f.typed}" is not a time of day. Use 24-hour HH:MM, e.g. 08:30.`,
  digest_days_unreadable: (f) => `"${f.typed}" is not a set of days. Try mon-fri, mon,wed,fri, daily or 1-5.`,
  digest_channel_unsupported: () => "Alerts and digests go to a Slack channel or a Telegram group. Type /digest channel there.",

  // scoring changes
  edit_refused: (f) => editProblemText(f.problem),
  nothing_to_undo: () => "There is no scoring change to undo.",
  no_pending_change: (f) => `There is no pending change "${f.id}".`,
  not_change_author: (f) => `Only the manager who asked for this change can ${f.action} it.`,
  change_already_resolved: (f) => `That change was already ${f.status}.`,
  change_already_handled: () => "That change was already handled.",
  preview_expired: () => "That preview has expired. Ask for the change again to see a fresh preview.",
  scoring_changed_since_preview: () => "Scoring changed since this preview was made. Ask for the change again to see a fresh preview.",

  // API keys, the outbox, files
  api_key_name_unfit: () => "Give the key a name of 1 to 60 characters, e.g. website-tracking.",
  api_key_not_found: (f) => `No API key of this team matches "${f.ref}". See /admin apikey list.`,
  api_key_ambiguous: (f) => `"${f.ref}" matches ${f.count} keys; give the key's id instead.`,
  api_key_already_revoked: (f) => `Key ${f.prefix}… (${f.name}) was already revoked.`,
  no_private_chat: () => "I can't show you a new key privately yet.",
  outbox_message_not_found: (f) => `No failed outbox message #${f.id} in this team. See /admin outbox.`,
  file_unreadable: (f) => fileProblemText(f.problem),
};

/** A failure in words: the one sentence that says what went wrong and what to do. */
export function failureText(failure: Failure): string {
  return (WORDS[failure.reason] as (failure: Failure) => string)(failure);
}

/**
 * Shows an expected failure. Unknown or ambiguous leads come with the closest matches as
 * choices that re-run the same command with the lead's id.
 */
export function failureReply(failure: Failure, retry?: (leadId: number) => string): Reply {
  const text = failureText(failure);
  switch (failure.code) {
    case "not_found": {
      const actions: Action[] = retry ? failure.suggestions.map((l) => ({ label: leadLabel(l), command: retry(l.id) })) : [];
      const hint = failure.suggestions.length > 0 ? " Did you mean:" : " Try part of the name, an email, a phone or #id.";
      return errorReply(text + hint, actions);
    }
    case "ambiguous": {
      const actions: Action[] = retry ? failure.candidates.map((l) => ({ label: leadLabel(l), command: retry(l.id) })) : [];
      return errorReply(text, actions);
    }
    case "forbidden":
      return reply([{ type: "text", text }], { tone: "refused" });
    default:
      return errorReply(text);
  }
}

export function leadLabel(lead: { id: number; name: string; company: string | null }): string {
  return `#${lead.id} ${lead.name}${lead.company ? ` (${lead.company})` : ""}`;
}
