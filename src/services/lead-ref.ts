import { distance } from "fastest-levenshtein";
import {
  findLeadByEmail,
  findLeadById,
  findLeadByPhone,
  recentLeadNames,
  searchLeads,
} from "../store/lead.repository.js";
import type { LeadLookup } from "../store/lead-status.repository.js";
import type { Db } from "../store/store.js";
import { fail, ok, type LeadCandidate, type Result } from "./result.js";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** "+1 (555) 010-2000" → "+15550102000": the one form phones are stored and matched in. */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/[^\d]/g, "");
  return /^[\s(]*\+/.test(phone) ? `+${digits}` : digits;
}

const LEAD_ID = /^#?(\d{1,6})$/;
const PHONE = /^(?=(?:\D*\d){7})[\d\s().+-]+$/;

/** How a typed reference is read: an id, an email, a phone, or part of a name. */
export function classifyRef(ref: string): { by: "id"; id: number } | { by: "email" | "phone" | "name"; value: string } {
  const text = ref.trim();
  const id = LEAD_ID.exec(text);
  if (id) return { by: "id", id: Number(id[1]) };
  if (text.includes("@")) return { by: "email", value: normaliseEmail(text) };
  if (PHONE.test(text)) return { by: "phone", value: normalisePhone(text) };
  return { by: "name", value: text };
}

/**
 * The look-up a reference names when it names one lead outright (an id, an email or a phone),
 * for reads that fetch the lead with everything else in one statement; null for a name.
 * Phones typed without their "+" also match the stored form with one, as resolveLead does.
 */
export function directLookup(ref: string): LeadLookup | null {
  const kind = classifyRef(ref);
  if (kind.by === "id") return kind;
  if (kind.by === "email") return { by: "email", email: kind.value };
  if (kind.by === "phone") return { by: "phone", phones: kind.value.startsWith("+") ? [kind.value] : [kind.value, `+${kind.value}`] };
  return null;
}

type LeadRow = NonNullable<Awaited<ReturnType<typeof findLeadById>>>;

/**
 * Finds the one lead a person meant. Unknown references come back with the closest names;
 * ambiguous ones with the candidates, so the reply can offer them as choices.
 */
export async function resolveLead(db: Db, teamId: number, ref: string): Promise<Result<LeadRow>> {
  const kind = classifyRef(ref);
  let found: LeadRow | null = null;
  if (kind.by === "id") found = await findLeadById(db, teamId, kind.id);
  else if (kind.by === "email") found = await findLeadByEmail(db, teamId, kind.value);
  else if (kind.by === "phone") {
    // People often type the number without its "+"; stored numbers usually have one.
    found = (await findLeadByPhone(db, teamId, kind.value)) ?? (kind.value.startsWith("+") ? null : await findLeadByPhone(db, teamId, `+${kind.value}`));
  }
  else {
    const matches = await searchLeads(db, teamId, kind.value, 8);
    const exact = matches.filter((m) => m.name.toLowerCase() === kind.value.toLowerCase());
    const only = exact.length === 1 ? exact[0] : matches.length === 1 ? matches[0] : undefined;
    if (only) found = await findLeadById(db, teamId, only.id);
    else if (matches.length > 1) {
      return fail({ code: "ambiguous", reason: "lead_ambiguous", ref, candidates: matches });
    }
  }
  if (found) return ok(found);
  return fail({ code: "not_found", reason: "lead_not_found", ref, suggestions: await closestLeads(db, teamId, ref) });
}

async function closestLeads(db: Db, teamId: number, ref: string): Promise<LeadCandidate[]> {
  const needle = ref.trim().toLowerCase();
  if (needle.length < 2) return [];
  const pool = await recentLeadNames(db, teamId, 2_000);
  const scored = pool.map((lead) => {
    // Compare against the whole name and each word, so "acme" finds "Acme Corp" and "jon" finds "John Smith".
    const words = [lead.name, lead.company ?? "", ...lead.name.split(/\s+/), ...(lead.company ?? "").split(/\s+/)]
      .filter(Boolean)
      .map((w) => w.toLowerCase());
    const best = Math.min(...words.map((w) => distance(needle, w) / Math.max(needle.length, w.length)));
    return { lead, best };
  });
  return scored
    .filter((s) => s.best <= 0.5)
    .sort((a, b) => a.best - b.best)
    .slice(0, 3)
    .map((s) => s.lead);
}
