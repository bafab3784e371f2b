/**
 * The words for every expected failure a service returns (src/services/result.ts): one entry
 * per reason, built from the data the failure carries, in the reader's language. `WORDS` is
 * typed by the reasons, so a new reason does not compile until it has its words here, and
 * nothing else words a failure.
 */
import { inputIssues, printable } from "../domain/safe-input.js";
import { errorReply, reply, type Action, type Reply } from "../chat/reply.js";
import { translator, type Translator } from "../i18n/index.js";
import type { AttributeRefusal } from "../services/attribute-budget.js";
import type { AccessFailure, Failure, FailureReason, TextField } from "../services/result.js";
import { inputIssuesText } from "./input-issue.view.js";
import { fileProblemText } from "./lead-file.view.js";
import { editProblemText } from "./scoring-edit.view.js";

type Words = { [R in FailureReason]: (failure: Extract<Failure, { reason: R }>, t: Translator) => string };

type ManagersOnly = Extract<AccessFailure, { reason: "managers_only" }>["what"];
type AdminsOnly = Extract<AccessFailure, { reason: "admins_only" }>["what"];

/** Each refusal, with the command it suggests instead (typed, so a placeholder). */
const MANAGERS_ONLY: Record<ManagersOnly, (t: Translator) => string> = {
  scoring: (t) => t.t("failure.managersOnly.scoring", { help: "/help weights" }),
  digest: (t) => t.t("failure.managersOnly.digest", { preview: "/digest preview" }),
  calibration: (t) => t.t("failure.managersOnly.calibration"),
  team_stats: (t) => t.t("failure.managersOnly.teamStats", { mine: "/lead list mine" }),
  team_chart: (t) => t.t("failure.managersOnly.teamChart", { trend: "/lead trend <lead>" }),
  timezone: (t) => t.t("failure.managersOnly.timezone"),
  assign: (t) => t.t("failure.managersOnly.assign", { claim: "/lead claim" }),
  hooks: (t) => t.t("failure.managersOnly.hooks"),
  sources: (t) => t.t("failure.managersOnly.sources", { sources: "/sources" }),
};

const ADMINS_ONLY: Record<AdminsOnly, (t: Translator) => string> = {
  team: (t) => t.t("failure.adminsOnly.team", { members: "/team members" }),
  api_keys: (t) => t.t("failure.adminsOnly.apiKeys"),
  outbox: (t) => t.t("failure.adminsOnly.outbox"),
  audit: (t) => t.t("failure.adminsOnly.audit"),
};

/** A text field's name; an answer's note names its question (a typed key, as data). */
const fieldName = (t: Translator, field: TextField): string =>
  typeof field === "string" ? t.t("failure.field", { field }) : t.t("failure.answerNote", { answer: field.answerNote });

function refusalWords(refusal: AttributeRefusal, t: Translator): string {
  if (refusal.kind === "lead_full") return t.t("failure.leadFull", { count: refusal.count, max: refusal.max });
  const fresh = `${refusal.fresh.slice(0, 3).join(", ")}${refusal.fresh.length > 3 ? ", …" : ""}`;
  return t.t("failure.teamFull", { used: refusal.used, max: refusal.max, fresh });
}

const WORDS: Words = {
  // who may do what
  managers_only: (f, t) => MANAGERS_ONLY[f.what](t),
  admins_only: (f, t) => ADMINS_ONLY[f.what](t),

  // leads
  lead_not_found: (f, t) => t.t("failure.leadNotFound", { ref: f.ref }),
  lead_ambiguous: (f, t) => t.t("failure.leadAmbiguous", { ref: f.ref, count: f.candidates.length }),
  text_unfit: ({ problem }, t) => {
    const field = fieldName(t, problem.field);
    if (problem.issue === "too_long") return t.t("failure.textTooLong", { field, length: problem.length, max: problem.max });
    return t.t(problem.issue === "nul" ? "failure.textNul" : "failure.textBrokenUnicode", { field });
  },
  attributes_unfit: (f, t) => t.t("failure.attributesUnfit", { issues: inputIssuesText(t, inputIssues(f)) }),
  attributes_over_budget: (f, t) => refusalWords(f.refusal, t),
  purchase_date_unfit: (f, t) => t.t("failure.purchaseDate", { issue: f.issue }),
  cycle_days_out_of_range: (f, t) => t.t("failure.cycleDays", { option: "cycle_days", max: f.max }),
  event_date_unfit: (f, t) => t.t("failure.eventDate", { issue: f.issue }),
  email_taken: (f, t) => t.t("failure.emailTaken", { lead: f.lead.name, id: String(f.lead.id), email: f.email }),
  phone_taken: (f, t) => t.t("failure.phoneTaken", { lead: f.lead.name, id: String(f.lead.id), phone: f.phone }),
  owner_not_on_team: (_f, t) => t.t("failure.ownerNotOnTeam"),
  claimed_by_other: (f, t) => t.t("failure.claimedByOther", { lead: f.lead, owner: f.owner, assign: "/lead assign" }),
  already_owner: (f, t) => (f.owner === null ? t.t("failure.alreadyYours", { lead: f.lead }) : t.t("failure.alreadyOwned", { lead: f.lead, owner: f.owner })),
  unknown_event_type: (f, t) => t.t("failure.unknownEventType", { type: f.type, known: f.known.join(", ") }),
  unknown_call_outcome: (f, t) => t.t("failure.unknownCallOutcome", { outcome: f.outcome, known: f.known.join(", ") }),
  unknown_dimension: (f, t) => t.t("failure.unknownDimension", { unknown: f.unknown.join(", "), framework: f.framework, dimensions: f.dimensions.join(", ") }),
  lead_removed: (_f, t) => t.t("failure.leadRemoved"),
  snooze_out_of_range: (_f, t) => t.t("failure.snoozeOutOfRange", { examples: t.list(["4h", "1d", "1w"], "disjunction") }),
  chart_weeks_out_of_range: (f, t) => t.t("failure.chartWeeks", { max: f.max }),
  no_tiers: (_f, t) => t.t("failure.noTiers"),

  // the team
  member_ref_empty: (_f, t) => t.t("failure.memberRefEmpty"),
  member_ambiguous: (f, t) => t.t("failure.memberAmbiguous", { typed: f.typed, count: f.candidates.length }),
  member_not_found: (f, t) => t.t("failure.memberNotFound", { typed: f.typed }),
  member_not_on_team: (_f, t) => t.t("failure.memberNotOnTeam"),
  member_already_gone: (_f, t) => t.t("failure.memberAlreadyGone"),
  already_role: (f, t) => t.t("failure.alreadyRole", { member: f.member, role: f.role }),
  last_admin: (f, t) => t.t("failure.lastAdmin", { member: f.member }),
  not_waiting_to_join: (_f, t) => t.t("failure.notWaitingToJoin"),
  join_already_decided: (f, t) => t.t("failure.joinAlreadyDecided", { member: f.member, decision: f.decision }),
  unknown_timezone: (f, t) => t.t("failure.unknownTimezone", { typed: f.typed, examples: t.list(["Europe/Kyiv", "Europe/Warsaw", "America/New_York"], "disjunction") }),
  unknown_language: (f, t) => t.t("failure.unknownLanguage", { typed: f.typed, known: f.known.join(", ") }),

  // the digest
  digest_no_channel: (_f, t) => t.t("failure.digestNoChannel", { command: "/digest channel" }),
  digest_time_unreadable: (f, t) => t.t("failure.digestTime", { typed: f.typed, example: "08:30" }),
  digest_days_unreadable: (f, t) => t.t("failure.digestDays", { typed: f.typed, examples: t.list(["mon-fri", "mon,wed,fri", "daily", "1-5"], "disjunction") }),
  digest_channel_unsupported: (_f, t) => t.t("failure.digestChannelUnsupported", { command: "/digest channel" }),

  // scoring changes
  // Not converted yet: scoring-edit.view.ts words its problems in English.
  edit_refused: (f, t) => editProblemText(f.problem, t),
  nothing_to_undo: (_f, t) => t.t("failure.nothingToUndo"),
  no_pending_change: (f, t) => t.t("failure.noPendingChange", { id: f.id }),
  not_change_author: (f, t) => t.t("failure.notChangeAuthor", { action: f.action }),
  change_already_resolved: (f, t) => t.t("failure.changeAlreadyResolved", { status: f.status }),
  change_already_handled: (_f, t) => t.t("failure.changeAlreadyHandled"),
  preview_expired: (_f, t) => t.t("failure.previewExpired"),
  scoring_changed_since_preview: (_f, t) => t.t("failure.scoringChanged"),

  // API keys, the outbox, files
  api_key_name_unfit: (_f, t) => t.t("failure.apiKeyName", { example: "website-tracking" }),
  api_key_not_found: (f, t) => t.t("failure.apiKeyNotFound", { ref: f.ref, list: "/admin apikey list" }),
  api_key_ambiguous: (f, t) => t.t("failure.apiKeyAmbiguous", { ref: f.ref, count: f.count }),
  api_key_already_revoked: (f, t) => t.t("failure.apiKeyRevoked", { prefix: f.prefix, name: f.name }),
  no_private_chat: (_f, t) => t.t("failure.noPrivateChat"),
  outbox_message_not_found: (f, t) => t.t("failure.outboxNotFound", { id: String(f.id), command: "/admin outbox" }),
  file_unreadable: (f, t) => fileProblemText(f.problem, t),

  // form and CRM webhooks, public keys
  hook_name_unfit: (f, t) => t.t("failure.hookNameUnfit", { typed: f.typed, example: "website-form" }),
  hook_source_not_found: (f, t) =>
    f.known.length > 0
      ? t.t("failure.hookSourceNotFound", { typed: f.typed, known: f.known.join(", ") })
      : t.t("failure.hookSourceNotFoundNone", { typed: f.typed, set: "/hooks set" }),
  hook_mapping_unfit: (f, t) => t.t("failure.hookMappingUnfit", { issues: inputIssuesText(t, inputIssues(f)) }),
  hook_file_unreadable: (f, t) => t.t("failure.hookFileUnreadable", { filename: f.filename, detail: f.detail }),
  hook_sources_full: (f, t) => t.t("failure.hookSourcesFull", { max: f.max, remove: "/hooks remove" }),
  origin_unfit: (f, t) => t.t("failure.originUnfit", { typed: f.typed, example: "https://www.acme.example", wildcard: "https://*.acme.example" }),
  origins_missing: (_f, t) => t.t("failure.originsMissing", { example: "/admin publickey create website https://www.acme.example" }),
  origins_too_many: (f, t) => t.t("failure.originsTooMany", { max: f.max }),
  api_key_not_public: (f, t) => t.t("failure.apiKeyNotPublic", { prefix: f.prefix, name: f.name }),
  // tracking sources
  mapping_pattern_unfit: (f, t) => t.t("failure.mappingPattern", { pattern: printable(f.pattern), problem: f.problem, example: "/pricing*" }),
  mapping_type_unknown: (f, t) => t.t("failure.mappingTypeUnknown", { type: f.type, known: f.known.join(", ") }),
  mapping_not_found: (f, t) =>
    f.patterns.length > 0
      ? t.t("failure.mappingNotFoundMapped", { pattern: printable(f.pattern), patterns: f.patterns.map((p) => `"${p}"`).join(", ") })
      : t.t("failure.mappingNotFound", { pattern: printable(f.pattern) }),
  mappings_changed_since_preview: (_f, t) => t.t("failure.mappingsChanged"),
};

/**
 * A failure in words: the one sentence that says what went wrong and what to do. In English
 * where no reader is known (the HTTP API, scripts, a test's error message).
 */
export function failureText(failure: Failure, t: Translator = translator("en")): string {
  return (WORDS[failure.reason] as (failure: Failure, t: Translator) => string)(failure, t);
}

/**
 * Shows an expected failure. Unknown or ambiguous leads come with the closest matches as
 * choices that re-run the same command with the lead's id.
 */
export function failureReply(failure: Failure, t: Translator, retry?: (leadId: number) => string): Reply {
  const text = failureText(failure, t);
  switch (failure.code) {
    case "not_found": {
      const actions: Action[] = retry ? failure.suggestions.map((l) => ({ label: leadLabel(l), command: retry(l.id) })) : [];
      const hint = failure.suggestions.length > 0 ? t.t("failure.didYouMean") : t.t("failure.leadNotFoundHint");
      return errorReply(`${text} ${hint}`, actions);
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

/** "#12 Jana Novak (Acme)": data, no words. */
export function leadLabel(lead: { id: number; name: string; company: string | null }): string {
  return `#${lead.id} ${lead.name}${lead.company ? ` (${lead.company})` : ""}`;
}
