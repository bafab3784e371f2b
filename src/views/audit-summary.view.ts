/**
 * What an audit row says happened (src/domain/audit-summary.ts), in the reader's words: an
 * administrative change, or a weight change (change-summary.view.ts). Names, codes and what
 * people typed are data; a summary stored before summaries were data is its English words,
 * shown as they are.
 */
import type { AdminSummary, AuditSummary } from "../domain/audit-summary.js";
import type { Translator } from "../i18n/index.js";
import { changeSummaryText } from "./change-summary.view.js";

/** Every kind of administrative change (a weight change's kinds are ChangeSummary's). */
const ADMIN_KINDS: Record<AdminSummary["kind"], true> = {
  role_changed: true,
  member_returned: true,
  member_removed: true,
  member_left: true,
  leads_reassigned: true,
  join_decided: true,
  join_mode: true,
  timezone: true,
  language: true,
  source_mapping: true,
  hook_set: true,
  hooks_imported: true,
  hook_removed: true,
  api_key: true,
  api_key_origins: true,
};

const isAdmin = (summary: AuditSummary): summary is AdminSummary => typeof summary !== "string" && Object.hasOwn(ADMIN_KINDS, summary.kind);

/** An audit row's summary in one line, in the reader's words. */
export function auditSummaryText(t: Translator, summary: AuditSummary): string {
  return isAdmin(summary) ? adminSummaryText(t, summary) : changeSummaryText(t, summary);
}

function adminSummaryText(t: Translator, s: AdminSummary): string {
  switch (s.kind) {
    case "role_changed":
      return t.t("team.audit.summary.role", { member: s.member, from: s.from, to: s.to, promoted: s.lastAdminLeft ? "yes" : "no" });
    case "member_returned":
      return t.t("team.audit.summary.returned", { member: s.member, role: s.role });
    case "member_removed":
      return t.t("team.audit.summary.removed", { member: s.member });
    case "member_left":
      return t.t("team.audit.summary.left", { member: s.member, kind: s.left.kind, by: s.left.kind === "removed" ? s.left.by : "" });
    case "leads_reassigned":
      return s.to === null
        ? t.t("team.audit.summary.leadsUnclaimed", { count: s.moved, from: s.from })
        : t.t("team.audit.summary.leadsGiven", { count: s.moved, from: s.from, to: s.to });
    case "join_decided":
      return t.t("team.audit.summary.join", { member: s.member, decision: s.approved ? "approved" : "declined" });
    case "join_mode":
      return t.t("team.audit.summary.joinMode", { mode: s.mode });
    case "timezone":
      return t.t("team.audit.summary.timezone", { timezone: s.timezone });
    case "language":
      return t.t("team.audit.summary.language", { language: s.language });
    case "source_mapping":
      return s.type === null
        ? t.t("team.audit.summary.unmapped", { pattern: s.pattern, count: s.retyped })
        : t.t("team.audit.summary.mapped", { pattern: s.pattern, type: s.type, count: s.retyped });
    case "hook_set":
      return t.t("team.audit.summary.hookSet", { name: s.name, options: s.options.join(" ") });
    case "hooks_imported":
      return t.t("team.audit.summary.hooksImported", { file: s.file, sources: s.sources.join(", ") });
    case "hook_removed":
      return s.name;
    case "api_key":
      return t.t("team.audit.summary.apiKey", { id: String(s.id), prefix: s.prefix, name: s.name, kind: s.origins ? "public" : "secret", origins: (s.origins ?? []).join(" ") });
    case "api_key_origins":
      return t.t("team.audit.summary.apiKeyOrigins", { id: String(s.id), prefix: s.prefix, origins: s.origins.join(" ") });
  }
}
