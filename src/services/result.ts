/**
 * Expected failures are returned as values, so each transport decides how to show them;
 * only bugs are thrown.
 *
 * A failure says *why* (a reason code) and carries the data its message needs, never the
 * message: the words live in one place, src/views/failure.view.ts. `Failure` has no field for
 * a sentence, so a service cannot return one (test/architecture/no-prose.test.ts guards the
 * string fields that remain).
 */
import type { z } from "zod";
import type { AttributeRefusal } from "./attribute-budget.js";
import type { FileProblem } from "./lead-file.js";
import type { EditProblem } from "../domain/edits.js";
import type { DateIssue, TextFieldProblem, TextIssue } from "../domain/safe-input.js";
import type { PatternProblem } from "../domain/source-mapping.js";
import type { Framework } from "../domain/types.js";
import type { Actor } from "./actor.js";

export interface LeadCandidate {
  id: number;
  name: string;
  company: string | null;
}

/** A teammate a name could mean. */
export interface MemberCandidate {
  id: number;
  name: string;
}

/** The categories commands and platforms branch on (choices to offer, the refused tone). */
export type FailureCode = "not_found" | "ambiguous" | "which_member" | "forbidden" | "invalid" | "conflict";

// ---- who may do what -----------------------------------------------------------------------

/** Refused for the actor's role. `what`: the thing refused, which decides the advice given. */
export type AccessFailure =
  | { code: "forbidden"; reason: "managers_only"; what: "scoring" | "digest" | "calibration" | "team_stats" | "team_chart" | "timezone" | "assign" | "sources" | "hooks" }
  | { code: "forbidden"; reason: "admins_only"; what: "team" | "api_keys" | "outbox" | "audit" };

// ---- leads: naming one, adding, claiming, events, calls, qualification, charts -------------

/** A text a person typed for a lead, a call or an answer. */
export type TextField = "name" | "email" | "phone" | "company" | "title" | "external_id" | "note" | { answerNote: string };

export type LeadFailure =
  | { code: "not_found"; reason: "lead_not_found"; ref: string; suggestions: LeadCandidate[] }
  | { code: "ambiguous"; reason: "lead_ambiguous"; ref: string; candidates: LeadCandidate[] }
  | { code: "invalid"; reason: "text_unfit"; problem: TextFieldProblem<TextField> }
  /** The attributes typed with `/lead add` broke a rule of their schema. */
  | { code: "invalid"; reason: "attributes_unfit"; issues: readonly z.core.$ZodIssue[] }
  | { code: "invalid"; reason: "attributes_over_budget"; refusal: AttributeRefusal }
  | { code: "invalid"; reason: "purchase_date_unfit"; issue: DateIssue }
  /** A buying cycle (`cycle_days`) outside 1 to `max` days, the API's bound. */
  | { code: "invalid"; reason: "cycle_days_out_of_range"; max: number }
  | { code: "invalid"; reason: "event_date_unfit"; issue: DateIssue }
  | { code: "conflict"; reason: "email_taken"; lead: { id: number; name: string }; email: string }
  | { code: "conflict"; reason: "phone_taken"; lead: { id: number; name: string }; phone: string }
  | { code: "invalid"; reason: "owner_not_on_team" }
  | { code: "conflict"; reason: "claimed_by_other"; lead: string; owner: string }
  /** `owner` null: the lead is the actor's own. */
  | { code: "conflict"; reason: "already_owner"; lead: string; owner: string | null }
  | { code: "invalid"; reason: "unknown_event_type"; type: string; known: string[] }
  | { code: "invalid"; reason: "unknown_call_outcome"; outcome: string; known: readonly string[] }
  | { code: "invalid"; reason: "unknown_dimension"; unknown: string[]; framework: Framework; dimensions: readonly string[] }
  | { code: "invalid"; reason: "lead_removed" }
  | { code: "invalid"; reason: "snooze_out_of_range" }
  | { code: "invalid"; reason: "chart_weeks_out_of_range"; max: number }
  | { code: "invalid"; reason: "no_tiers" };

// ---- the team: naming people, roles, joining, time zone ------------------------------------

export type TeamFailure =
  | { code: "invalid"; reason: "member_ref_empty" }
  | { code: "which_member"; reason: "member_ambiguous"; typed: string; candidates: MemberCandidate[] }
  /** `candidates`: the team, to choose from. */
  | { code: "which_member"; reason: "member_not_found"; typed: string; candidates: MemberCandidate[] }
  | { code: "invalid"; reason: "member_not_on_team" }
  | { code: "invalid"; reason: "member_already_gone" }
  | { code: "conflict"; reason: "already_role"; member: string; role: Actor["role"] }
  | { code: "conflict"; reason: "last_admin"; member: string }
  | { code: "invalid"; reason: "not_waiting_to_join" }
  | { code: "conflict"; reason: "join_already_decided"; member: string; decision: "approved" | "declined" }
  | { code: "invalid"; reason: "unknown_timezone"; typed: string }
  /** `known`: the codes of the languages the bot speaks. */
  | { code: "invalid"; reason: "unknown_language"; typed: string; known: readonly string[] };

// ---- the digest ------------------------------------------------------------------------------

export type DigestFailure =
  | { code: "invalid"; reason: "digest_no_channel" }
  | { code: "invalid"; reason: "digest_time_unreadable"; typed: string }
  | { code: "invalid"; reason: "digest_days_unreadable"; typed: string }
  | { code: "invalid"; reason: "digest_channel_unsupported" };

// ---- scoring changes: preview, confirm, cancel, undo ----------------------------------------

export type ScoringFailure =
  | { code: "invalid"; reason: "edit_refused"; problem: EditProblem }
  | { code: "invalid"; reason: "nothing_to_undo" }
  | { code: "invalid"; reason: "no_pending_change"; id: string }
  | { code: "forbidden"; reason: "not_change_author"; action: "confirm" | "cancel" }
  | { code: "conflict"; reason: "change_already_resolved"; status: string }
  | { code: "conflict"; reason: "change_already_handled" }
  | { code: "conflict"; reason: "preview_expired" }
  | { code: "conflict"; reason: "scoring_changed_since_preview" };

// ---- API keys, the outbox, files -------------------------------------------------------------

export type AdminFailure =
  | { code: "invalid"; reason: "api_key_name_unfit" }
  | { code: "invalid"; reason: "api_key_not_found"; ref: string }
  | { code: "invalid"; reason: "api_key_ambiguous"; ref: string; count: number }
  | { code: "conflict"; reason: "api_key_already_revoked"; prefix: string; name: string }
  /** A new key can only be shown privately, and there is no private chat yet. */
  | { code: "conflict"; reason: "no_private_chat" }
  | { code: "not_found"; reason: "outbox_message_not_found"; id: number; suggestions: LeadCandidate[] };

// ---- tracking sources: mappings of page paths and event names ------------------------------

export type SourceFailure =
  | { code: "invalid"; reason: "mapping_pattern_unfit"; pattern: string; problem: PatternProblem | TextIssue }
  | { code: "invalid"; reason: "mapping_type_unknown"; type: string; known: string[] }
  | { code: "invalid"; reason: "mapping_not_found"; pattern: string; patterns: string[] }
  | { code: "conflict"; reason: "mappings_changed_since_preview" };

export type FileFailure = { code: "invalid"; reason: "file_unreadable"; problem: FileProblem };

// ---- form and CRM webhooks, public keys ------------------------------------------------------

export type HookFailure =
  | { code: "invalid"; reason: "hook_name_unfit"; typed: string }
  /** `known`: the team's source names. */
  | { code: "invalid"; reason: "hook_source_not_found"; typed: string; known: string[] }
  /** A mapping (typed in chat, or in a file) that breaks a rule of its schema. */
  | { code: "invalid"; reason: "hook_mapping_unfit"; issues: readonly z.core.$ZodIssue[] }
  /** `detail`: the JSON or YAML parser's own words. */
  | { code: "invalid"; reason: "hook_file_unreadable"; filename: string; detail: string }
  | { code: "invalid"; reason: "hook_sources_full"; max: number }
  /** A public key's origins: `typed` is the first one that is not an origin. */
  | { code: "invalid"; reason: "origin_unfit"; typed: string }
  | { code: "invalid"; reason: "origins_missing" }
  | { code: "invalid"; reason: "origins_too_many"; max: number }
  | { code: "invalid"; reason: "api_key_not_public"; prefix: string; name: string };

/** Every expected failure: a category, a reason and the data the reason's message needs. */
export type Failure = AccessFailure | LeadFailure | TeamFailure | DigestFailure | ScoringFailure | AdminFailure | SourceFailure | FileFailure | HookFailure;

export type FailureReason = Failure["reason"];

/** A failure of one category, without the category (the helpers below add it). */
type Details<C extends FailureCode> = Extract<Failure, { code: C }> extends infer F ? (F extends unknown ? Omit<F, "code"> : never) : never;

export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: Failure): Result<T> => ({ ok: false, error });
export const invalid = <T = never>(details: Details<"invalid">): Result<T> => fail({ code: "invalid", ...details } as Failure);
export const forbidden = <T = never>(details: Details<"forbidden">): Result<T> => fail({ code: "forbidden", ...details } as Failure);
export const conflict = <T = never>(details: Details<"conflict">): Result<T> => fail({ code: "conflict", ...details } as Failure);
