import { DEMO_LEADS, DEMO_MEMBERS, DEMO_TEAM, type Profile } from "../../prisma/seed-data.js";
import { scoreLead } from "../domain/score.js";
import { insertConsoleMembers, insertLeadWithEvents, insertScoreSnapshots, teamLeadIds } from "../store/demo-seed.repository.js";
import { loadLeadsWithFacts } from "../store/lead-facts.repository.js";
import { anyTeamExists, bindChat } from "../store/team.repository.js";
import { loadTeamContext } from "./team-context.js";
import { localDay } from "./clock.js";
import type { ServiceDeps } from "./deps.js";
import { rescoreTeam } from "./scoring.service.js";
import { createTeam } from "./team.service.js";

const DAY = 86_400_000;

/**
 * Small seeded generator so the demo looks the same on every machine (relative to today).
 * Written here rather than pulled in: eight lines, and only the demo uses it.
 */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Event types and how many days ago they happened, per kind of lead. */
function historyFor(profile: Profile, random: () => number): Array<{ type: string; daysAgo: number }> {
  const within = (max: number, min = 0) => min + random() * (max - min);
  const visits = (n: number, max: number) => Array.from({ length: n }, () => ({ type: "website_visit", daysAgo: within(max) }));
  switch (profile) {
    case "hot":
      return [...visits(6, 25), { type: "pricing_page", daysAgo: within(10) }, { type: "demo_request", daysAgo: within(7) }, { type: "email_click", daysAgo: within(14) }, { type: "webinar_attended", daysAgo: within(40, 10) }];
    case "warm":
      return [...visits(3, 20), { type: "pricing_page", daysAgo: within(20) }, { type: "guide_download", daysAgo: within(45) }, { type: "email_click", daysAgo: within(20) }];
    case "browsing":
      return [...visits(4, 28), { type: "newsletter_signup", daysAgo: within(80, 30) }, { type: "email_click", daysAgo: within(25) }];
    case "cold":
      return [...visits(1, 85), { type: "newsletter_signup", daysAgo: within(90, 40) }];
    case "consultant":
      return [...visits(5, 20), { type: "guide_download", daysAgo: within(30) }, { type: "pricing_page", daysAgo: within(15) }];
    case "job_seeker":
      return [...visits(3, 15), { type: "careers_page", daysAgo: within(10) }];
    case "repeat_buyer":
      // The last order's points have expired; the buying cycle is what brings them back.
      return [{ type: "purchase", daysAgo: within(260, 200) }, ...visits(1, 20), { type: "email_click", daysAgo: within(15) }];
    case "cooling":
      // A strong signal about to expire: warm today, cold within days.
      return [{ type: "demo_request", daysAgo: within(59, 55) }, ...visits(1, 28)];
  }
}

/**
 * Creates the demo team when the database has no team yet. Returns whether it seeded.
 * The console user is the team's admin (its founder, as if they had set it up from the
 * console), with two reps beside them.
 */
export async function seedDemoIfEmpty(deps: ServiceDeps): Promise<boolean> {
  if (await anyTeamExists(deps.store.db)) return false;
  const now = deps.clock();
  const random = seeded(42);
  const teamId = await deps.store.transaction(async (tx) => {
    const id = await createTeam(tx, DEMO_TEAM.name, DEMO_TEAM.timezone);
    await bindChat(tx, id, "console", "local");
    const members = await insertConsoleMembers(tx, id, DEMO_MEMBERS.map((m) => ({ ...m, founder: m.externalId === "local" })));
    for (const demo of DEMO_LEADS) {
      const history = historyFor(demo.profile, random);
      const purchase = history.find((h) => h.type === "purchase");
      await insertLeadWithEvents(
        tx,
        id,
        {
          name: demo.name,
          company: demo.company,
          title: demo.title,
          email: demo.email,
          phone: demo.phone ? `+${demo.phone.replace(/\D/g, "")}` : null,
          attributes: { country: demo.country, companySize: demo.companySize },
          ownerId: demo.owner ? (members.get(demo.owner) ?? null) : null,
          lastPurchaseAt: purchase ? new Date(now.getTime() - purchase.daysAgo * DAY) : null,
          cycleDays: purchase ? 300 : null,
          createdAt: new Date(now.getTime() - 90 * DAY),
        },
        history.map((h) => ({ type: h.type, occurredAt: new Date(now.getTime() - Math.round(h.daysAgo * DAY)) })),
        "demo",
      );
    }
    return id;
  });
  const team = await loadTeamContext(deps.store.db, teamId);
  await backfillSnapshots(deps, team.id, now);
  await deps.store.transaction((tx) => rescoreTeam(tx, team, now), { timeout: 60_000 });
  return true;
}

/** Two weeks of daily snapshots, each scored as it stood that day, so trends show at once. */
async function backfillSnapshots(deps: ServiceDeps, teamId: number, now: Date): Promise<void> {
  const team = await loadTeamContext(deps.store.db, teamId);
  const facts = await loadLeadsWithFacts(deps.store.db, teamId, await teamLeadIds(deps.store.db, teamId));
  const rows: Array<{ teamId: number; leadId: number; day: Date; score: number; tier: string }> = [];
  for (let back = 14; back >= 1; back--) {
    const at = new Date(now.getTime() - back * DAY);
    for (const { lead, facts: f } of facts.values()) {
      const result = scoreLead(team.config, f, at);
      rows.push({ teamId, leadId: lead.id, day: new Date(`${localDay(at, team.timezone)}T00:00:00Z`), score: result.score, tier: result.tier.key });
    }
  }
  await insertScoreSnapshots(deps.store.db, rows);
}
