/**
 * What an administrative change did, as data: stored in the audit's text column as JSON (like a
 * weight change's ChangeSummary) and worded by /team audit in the reader's language
 * (src/views/audit-summary.view.ts). Names, codes and what people typed are data; the words
 * around them are the catalog's. A row stored before summaries were data is its English words,
 * a plain string, shown as stored.
 */
import type { ChangeSummary } from "./edits.js";

export type AuditRole = "rep" | "manager" | "admin";

/** How someone left, as the platform said it. */
export type AuditLeftHow = { kind: "left" } | { kind: "removed"; by: string } | { kind: "deactivated" };

export type AdminSummary =
  /** `lastAdminLeft`: the platform made them admin because the team's last admin left. */
  | { kind: "role_changed"; member: string; from: AuditRole; to: AuditRole; lastAdminLeft?: boolean }
  | { kind: "member_returned"; member: string; role: AuditRole }
  | { kind: "member_removed"; member: string }
  | { kind: "member_left"; member: string; left: AuditLeftHow }
  /** `to` null: left unclaimed. */
  | { kind: "leads_reassigned"; from: string; to: string | null; moved: number }
  | { kind: "join_decided"; member: string; approved: boolean }
  | { kind: "join_mode"; mode: "open" | "approval" }
  | { kind: "timezone"; timezone: string }
  | { kind: "language"; language: string }
  /** `type` null: the pattern's mapping was removed. `retyped`: stored events given a new type. */
  | { kind: "source_mapping"; pattern: string; type: string | null; retyped: number }
  /** A webhook source set from chat: its name and its mapping as typed options. */
  | { kind: "hook_set"; name: string; options: string[] }
  /** Webhook sources set from a file someone sent. */
  | { kind: "hooks_imported"; file: string; sources: string[] }
  | { kind: "hook_removed"; name: string }
  /** An API key created or revoked; `origins`: a public key created, with the sites it is for. */
  | { kind: "api_key"; id: number; prefix: string; name: string; origins?: string[] }
  | { kind: "api_key_origins"; id: number; prefix: string; origins: string[] };

/** An audit row's summary: an administrative change, a weight change, or words stored before either was data. */
export type AuditSummary = AdminSummary | ChangeSummary;

