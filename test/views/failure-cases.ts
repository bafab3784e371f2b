/**
 * Every failure reason a service returns, with the English words it had before the catalogs:
 * the failure view's table (failure.view.test.ts) and the pseudo-locale test's inputs.
 */
import { hookFileSchema, hookMappingSchema } from "../../src/domain/hook-mapping.js";
import type { Failure, FailureReason } from "../../src/services/result.js";

export type Cases = { [R in FailureReason]: Array<[failure: Extract<Failure, { reason: R }>, words: string]> };

export const ACME = { id: 7, name: "Jana Novak", company: "Acme" };

/** What the real schema finds wrong with a mapping (or, with `file`, a mapping file). */
const mappingIssues = (input: unknown, file = false) => (file ? hookFileSchema : hookMappingSchema).safeParse(input).error!.issues;

export const CASES: Cases = {
  managers_only: [
    [{ code: "forbidden", reason: "managers_only", what: "scoring" }, "Only managers and admins can change scoring. Ask your manager, or see /help weights."],
    [{ code: "forbidden", reason: "managers_only", what: "digest" }, "Only managers and admins can change or send the digest. /digest preview shows it to you."],
    [{ code: "forbidden", reason: "managers_only", what: "calibration" }, "Only managers and admins can see the calibration report and suggested weights. Ask your manager."],
    [{ code: "forbidden", reason: "managers_only", what: "team_stats" }, "Team stats are for managers and admins. /lead list mine shows your own leads."],
    [{ code: "forbidden", reason: "managers_only", what: "team_chart" }, "Team charts are for managers and admins. Ask your manager, or see /lead trend <lead> for one lead."],
    [{ code: "forbidden", reason: "managers_only", what: "timezone" }, "Only managers and admins can change the team's time zone."],
    [{ code: "forbidden", reason: "managers_only", what: "assign" }, "Only managers can assign leads to someone else. Use /lead claim to take it yourself."],
    [{ code: "forbidden", reason: "managers_only", what: "hooks" }, "Only managers and admins can set up webhook sources. Ask your manager."],
    [{ code: "forbidden", reason: "managers_only", what: "sources" }, "Only managers and admins can change source mappings. /sources shows them to everyone."],
  ],
  admins_only: [
    [{ code: "forbidden", reason: "admins_only", what: "team" }, "Only the team's admins can change that. /team members shows who they are."],
    [{ code: "forbidden", reason: "admins_only", what: "api_keys" }, "Only admins can manage API keys. Ask an admin of your team."],
    [{ code: "forbidden", reason: "admins_only", what: "outbox" }, "Only admins can see and retry the outbox. Ask an admin of your team."],
    [{ code: "forbidden", reason: "admins_only", what: "audit" }, "Only the team's admins can read the audit."],
  ],
  lead_not_found: [[{ code: "not_found", reason: "lead_not_found", ref: "jna", suggestions: [ACME] }, 'No lead matches "jna".']],
  lead_ambiguous: [[{ code: "ambiguous", reason: "lead_ambiguous", ref: "ja", candidates: [ACME, { id: 8, name: "Jan Kos", company: null }] }, '"ja" matches 2 leads. Which one?']],
  text_unfit: [
    [{ code: "invalid", reason: "text_unfit", problem: { field: "name", issue: "nul" } }, "The name must not contain a NUL character."],
    [{ code: "invalid", reason: "text_unfit", problem: { field: "external_id", issue: "broken_unicode" } }, "The external id is not valid Unicode (it holds a broken character)."],
    [{ code: "invalid", reason: "text_unfit", problem: { field: "note", issue: "too_long", length: 2001, max: 2000 } }, "The note is 2,001 characters long; at most 2,000 fit."],
    [{ code: "invalid", reason: "text_unfit", problem: { field: { answerNote: "budget" }, issue: "nul" } }, "The budget note must not contain a NUL character."],
  ],
  attributes_unfit: [
    [
      { code: "invalid", reason: "attributes_unfit", issues: [{ code: "custom", path: ["size"], message: "attribute numbers must be finite", input: Infinity }] },
      "Not added: size attribute numbers must be finite.",
    ],
  ],
  attributes_over_budget: [
    [{ code: "invalid", reason: "attributes_over_budget", refusal: { kind: "lead_full", count: 201, max: 200 } }, "Not added: the lead would hold 201 attributes; a lead holds at most 200."],
    [
      { code: "invalid", reason: "attributes_over_budget", refusal: { kind: "team_full", used: 998, max: 1000, fresh: ["a", "b", "c", "d"] } },
      "Not added: this team's leads already use 998 attribute names and may use at most 1000; new here: a, b, c, ….",
    ],
  ],
  purchase_date_unfit: [[{ code: "invalid", reason: "purchase_date_unfit", issue: "in_the_future" }, "Not added: the last purchase is in the future."]],
  event_date_unfit: [[{ code: "invalid", reason: "event_date_unfit", issue: "before_1970" }, "The event's date is before 1970."]],
  email_taken: [[{ code: "conflict", reason: "email_taken", lead: { id: 7, name: "Jana Novak" }, email: "jana@acme.io" }, "Jana Novak (#7) already has the email jana@acme.io."]],
  phone_taken: [[{ code: "conflict", reason: "phone_taken", lead: { id: 7, name: "Jana Novak" }, phone: "+15550102000" }, "Jana Novak (#7) already has the phone +15550102000."]],
  owner_not_on_team: [[{ code: "invalid", reason: "owner_not_on_team" }, "That person is not on this team."]],
  claimed_by_other: [
    [{ code: "conflict", reason: "claimed_by_other", lead: "Jana Novak", owner: "Rita Rep" }, "Jana Novak is already claimed by Rita Rep. A manager can reassign it with /lead assign."],
  ],
  already_owner: [
    [{ code: "conflict", reason: "already_owner", lead: "Jana Novak", owner: null }, "Jana Novak is already yours."],
    [{ code: "conflict", reason: "already_owner", lead: "Jana Novak", owner: "Rita Rep" }, "Jana Novak is already owned by Rita Rep."],
  ],
  unknown_event_type: [
    [{ code: "invalid", reason: "unknown_event_type", type: "fax", known: ["demo_request", "pricing_visit"] }, '"fax" is not an event type this team scores. Known types: demo_request, pricing_visit.'],
  ],
  unknown_call_outcome: [
    [{ code: "invalid", reason: "unknown_call_outcome", outcome: "maybe", known: ["connected", "no_answer"] }, '"maybe" is not a call outcome. Use one of: connected, no_answer.'],
  ],
  unknown_dimension: [
    [
      { code: "invalid", reason: "unknown_dimension", unknown: ["money"], framework: "BANT", dimensions: ["budget", "authority", "need", "timing"] },
      "money is not a BANT question. Use budget, authority, need, timing.",
    ],
  ],
  lead_removed: [[{ code: "invalid", reason: "lead_removed" }, "That lead was just removed."]],
  snooze_out_of_range: [[{ code: "invalid", reason: "snooze_out_of_range" }, "Snooze for between an hour and 30 days, e.g. 4h, 1d or 1w."]],
  chart_weeks_out_of_range: [[{ code: "invalid", reason: "chart_weeks_out_of_range", max: 52 }, "Pick 1 to 52 weeks."]],
  no_tiers: [[{ code: "invalid", reason: "no_tiers" }, "This team has no tiers."]],
  member_ref_empty: [[{ code: "invalid", reason: "member_ref_empty" }, "Who? Name them with @username, a mention, or part of their name."]],
  member_ambiguous: [
    [
      { code: "which_member", reason: "member_ambiguous", typed: "ta", candidates: [{ id: 1, name: "Taras" }, { id: 2, name: "Tanya" }] },
      '"ta" could be 2 people. Who did you mean?',
    ],
  ],
  member_not_found: [[{ code: "which_member", reason: "member_not_found", typed: "@zed", candidates: [] }, 'Nobody on the team matches "@zed".']],
  member_not_on_team: [[{ code: "invalid", reason: "member_not_on_team" }, "That person is not on the team."]],
  member_already_gone: [[{ code: "invalid", reason: "member_already_gone" }, "That person is not on the team any more."]],
  already_role: [
    [{ code: "conflict", reason: "already_role", member: "Taras", role: "admin" }, "Taras is already an admin."],
    [{ code: "conflict", reason: "already_role", member: "Taras", role: "rep" }, "Taras is already a rep."],
  ],
  last_admin: [[{ code: "conflict", reason: "last_admin", member: "Mia" }, "Mia is the team's only admin. Make someone else an admin first."]],
  not_waiting_to_join: [[{ code: "invalid", reason: "not_waiting_to_join" }, "That person is not waiting to join."]],
  join_already_decided: [[{ code: "conflict", reason: "join_already_decided", member: "Ola", decision: "declined" }, "Ola was already declined."]],
  unknown_timezone: [
    [{ code: "invalid", reason: "unknown_timezone", typed: "Mars/Olympus" }, '"Mars/Olympus" is not a time zone I know. Use a name like Europe/Kyiv, Europe/Warsaw or America/New_York.'],
  ],
  unknown_language: [
    [{ code: "invalid", reason: "unknown_language", typed: "de", known: ["en", "uk", "ru", "pl", "ro"] }, '"de" is not a language I speak. Use one of: en, uk, ru, pl, ro.'],
  ],
  digest_no_channel: [[{ code: "invalid", reason: "digest_no_channel" }, "The digest has no channel yet. Type /digest channel in the chat where it should go."]],
  digest_time_unreadable: [[{ code: "invalid", reason: "digest_time_unreadable", typed: "25:00" }, '"25:00" is not a time of day. Use 24-hour HH:MM, e.g. 08:30.']],
  digest_days_unreadable: [[{ code: "invalid", reason: "digest_days_unreadable", typed: "someday" }, '"someday" is not a set of days. Try mon-fri, mon,wed,fri, daily or 1-5.']],
  digest_channel_unsupported: [
    [{ code: "invalid", reason: "digest_channel_unsupported" }, "Alerts and digests go to a Slack channel or a Telegram group. Type /digest channel there."],
  ],
  edit_refused: [[{ code: "invalid", reason: "edit_refused", problem: { kind: "no_rule", key: "nope" } }, 'There is no rule "nope".']],
  nothing_to_undo: [[{ code: "invalid", reason: "nothing_to_undo" }, "There is no scoring change to undo."]],
  no_pending_change: [[{ code: "invalid", reason: "no_pending_change", id: "ab12cd34" }, 'There is no pending change "ab12cd34".']],
  not_change_author: [
    [{ code: "forbidden", reason: "not_change_author", action: "confirm" }, "Only the manager who asked for this change can confirm it."],
    [{ code: "forbidden", reason: "not_change_author", action: "cancel" }, "Only the manager who asked for this change can cancel it."],
  ],
  change_already_resolved: [[{ code: "conflict", reason: "change_already_resolved", status: "confirmed" }, "That change was already confirmed."]],
  change_already_handled: [[{ code: "conflict", reason: "change_already_handled" }, "That change was already handled."]],
  preview_expired: [[{ code: "conflict", reason: "preview_expired" }, "That preview has expired. Ask for the change again to see a fresh preview."]],
  scoring_changed_since_preview: [
    [{ code: "conflict", reason: "scoring_changed_since_preview" }, "Scoring changed since this preview was made. Ask for the change again to see a fresh preview."],
  ],
  api_key_name_unfit: [[{ code: "invalid", reason: "api_key_name_unfit" }, "Give the key a name of 1 to 60 characters, e.g. website-tracking."]],
  api_key_not_found: [[{ code: "invalid", reason: "api_key_not_found", ref: "lsk_zz" }, 'No API key of this team matches "lsk_zz". See /admin apikey list.']],
  api_key_ambiguous: [[{ code: "invalid", reason: "api_key_ambiguous", ref: "lsk_Ab", count: 2 }, "\"lsk_Ab\" matches 2 keys; give the key's id instead."]],
  api_key_already_revoked: [
    [{ code: "conflict", reason: "api_key_already_revoked", prefix: "lsk_AbCd1234", name: "website" }, "Key lsk_AbCd1234… (website) was already revoked."],
  ],
  no_private_chat: [[{ code: "conflict", reason: "no_private_chat" }, "I can't show you a new key privately yet."]],
  outbox_message_not_found: [
    [{ code: "not_found", reason: "outbox_message_not_found", id: 12, suggestions: [] }, "No failed outbox message #12 in this team. See /admin outbox."],
  ],
  file_unreadable: [[{ code: "invalid", reason: "file_unreadable", problem: { kind: "no_leads_under_header" } }, "That file has a header row but no leads under it."]],
  mapping_pattern_unfit: [
    [{ code: "invalid", reason: "mapping_pattern_unfit", pattern: "/*", problem: "only_wildcards" }, 'The pattern "/*" is only wildcards; it would map every page or event. Name part of it, e.g. /pricing*.'],
    [{ code: "invalid", reason: "mapping_pattern_unfit", pattern: "a\u0000", problem: "nul" }, 'The pattern "a␀" must not contain a NUL character.'],
  ],
  mapping_type_unknown: [[{ code: "invalid", reason: "mapping_type_unknown", type: "pricing", known: ["website_visit", "pricing_page"] }, '"pricing" is not an event type this team scores. Map to one of: website_visit, pricing_page.']],
  mapping_not_found: [[{ code: "invalid", reason: "mapping_not_found", pattern: "/blog*", patterns: ["/pricing*"] }, 'No mapping has the pattern "/blog*". Mapped now: "/pricing*".']],
  mappings_changed_since_preview: [
    [{ code: "conflict", reason: "mappings_changed_since_preview" }, "The mappings changed since this preview was made. Ask for the change again to see a fresh preview."],
  ],
  cycle_days_out_of_range: [[{ code: "invalid", reason: "cycle_days_out_of_range", max: 3_650 }, "Not added: cycle_days is a whole number of days from 1 to 3,650."]],
  hook_name_unfit: [[{ code: "invalid", reason: "hook_name_unfit", typed: "Web Form" }, '"Web Form" can\'t be a source name: use 1 to 40 lower-case letters, digits, - or _, e.g. website-form.']],
  hook_source_not_found: [
    [{ code: "invalid", reason: "hook_source_not_found", typed: "typeform", known: ["hubspot", "pipedrive"] }, 'There is no webhook source "typeform". This team has: hubspot, pipedrive.'],
    [{ code: "invalid", reason: "hook_source_not_found", typed: "typeform", known: [] }, 'There is no webhook source "typeform". Set one up with /hooks set.'],
  ],
  hook_mapping_unfit: [
    [
      { code: "invalid", reason: "hook_mapping_unfit", issues: mappingIssues({ email: "/email", type: "demo_request", name: ["/a", "/b", "/c", "/d", "/e"] }) },
      "Not saved: name takes at most 4 pointers.",
    ],
    [
      { code: "invalid", reason: "hook_mapping_unfit", issues: mappingIssues({ leadId: "/id", leadIdPrefix: "crm person", type: "demo_request" }) },
      "Not saved: leadIdPrefix takes letters, digits and _ . : - only.",
    ],
    [
      { code: "invalid", reason: "hook_mapping_unfit", issues: mappingIssues({ sources: { "Web Form": { email: "/email", type: "demo_request" } } }, true) },
      "Not saved: sources.Web Form source names take lower-case letters, digits, - and _ (up to 40).",
    ],
  ],
  hook_file_unreadable: [[{ code: "invalid", reason: "hook_file_unreadable", filename: "hooks.yaml", detail: "Nested mappings are not allowed" }, "I could not read hooks.yaml: Nested mappings are not allowed."]],
  hook_sources_full: [[{ code: "invalid", reason: "hook_sources_full", max: 50 }, "A team has at most 50 webhook sources. Remove one with /hooks remove first."]],
  origin_unfit: [
    [{ code: "invalid", reason: "origin_unfit", typed: "acme.example/contact" }, '"acme.example/contact" is not a web origin. Write it like https://www.acme.example (no path), or https://*.acme.example for every subdomain.'],
  ],
  origins_missing: [[{ code: "invalid", reason: "origins_missing" }, "Say which websites may use the key, e.g. /admin publickey create website https://www.acme.example"]],
  origins_too_many: [[{ code: "invalid", reason: "origins_too_many", max: 20 }, "A public key takes at most 20 origins."]],
  api_key_not_public: [[{ code: "invalid", reason: "api_key_not_public", prefix: "lsk_AbCd1234", name: "crm" }, "Key lsk_AbCd1234… (crm) is a secret key; origins belong to public keys."]],
};
