/**
 * An audit row as /team audit says it in English: its stored summary read back (data, or words
 * stored before summaries were data) and worded by the view.
 */
import { translator } from "../../src/i18n/index.js";
import { readAuditSummary } from "../../src/store/json-columns.js";
import { auditSummaryText } from "../../src/views/audit-summary.view.js";

export const auditWords = (row: { summary: string } | null): string | null => (row ? auditSummaryText(translator("en"), readAuditSummary(row.summary)) : null);
