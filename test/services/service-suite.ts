import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { configFingerprint } from "../../src/domain/edits.js";
import { logCall } from "../../src/services/call-log.service.js";
import { assignLead, claimLead, leadStatus, recordEvent, snoozeLeadAlerts } from "../../src/services/lead.service.js";
import { resolveLead } from "../../src/services/lead-ref.js";
import { qualifyLead } from "../../src/services/qualify.service.js";
import { actorFor, ensureTeam } from "../../src/services/team.service.js";
import { rescoreDueLeads } from "../../src/services/rescore-due.service.js";
import { cancelChange, confirmChange, previewEdit, previewUndo } from "../../src/services/weights.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { loadTeamContext } from "../../src/services/team-context.js";
import { setTeamChannel } from "../../src/store/team.repository.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { storedReply } from "../support/outbox.js";
import { failureText } from "../../src/views/failure.view.js";

/**
 * The service behaviour every backend must show. Run against PGlite and the real
 * PostgreSQL server by the two *.test.ts files beside this one.
 */
export function serviceSuite(kind: "pglite" | "postgres") {
  describe(`services on ${kind}`, () => {
    let store: StoreHandle;
    let team: TeamFixture;

    beforeAll(async () => {
      store = await createTestStore(kind);
    });
    afterAll(async () => {
      await store?.close();
    });
    beforeEach(async () => {
      // A new team per test keeps tests independent within one database.
      team = await buildTeam(store.prisma);
    });

    const stored = (id: number) => store.prisma.lead.findUniqueOrThrow({ where: { id } });

    describe("leads", () => {
      it("scores a new lead at once from its fit attributes", async () => {
        const lead = await buildLead(team, { title: "Senior Consultant" });
        expect(lead.score).toBe(-50);
        expect((await stored(lead.id)).score).toBe(-50);
      });

      it("finds a lead by id, email, phone and part of its name", async () => {
        const lead = await buildLead(team, { name: "Jana Novak", email: "Jana@Acme.example", phone: "+420 601 555 010" });
        for (const ref of [`#${lead.id}`, String(lead.id), "jana@acme.example", "+420601555010", "(+420) 601-555-010", "novak"]) {
          const found = await resolveLead(store.store.db, team.teamId, ref);
          expect(found.ok && found.value.id, ref).toBe(lead.id);
        }
      });

      it("answers an ambiguous name with the candidates and an unknown one with close names", async () => {
        await buildLead(team, { name: "Anna Schmidt" });
        await buildLead(team, { name: "Anna Berg" });
        const ambiguous = await resolveLead(store.store.db, team.teamId, "anna");
        expect(ambiguous.ok).toBe(false);
        if (!ambiguous.ok && ambiguous.error.code === "ambiguous") {
          expect(ambiguous.error.candidates.map((c) => c.name).sort()).toEqual(["Anna Berg", "Anna Schmidt"]);
        } else throw new Error("expected ambiguous");
        const unknown = await resolveLead(store.store.db, team.teamId, "Schmitd");
        if (!unknown.ok && unknown.error.code === "not_found") expect(unknown.error.suggestions.map((s) => s.name)).toContain("Anna Schmidt");
        else throw new Error("expected not_found");
      });

      it("never finds another team's lead", async () => {
        const lead = await buildLead(team, { name: "Secret Corp Buyer", email: "buyer@secret.example" });
        const other = await buildTeam(store.prisma, { name: "Other team" });
        for (const ref of [`#${lead.id}`, "buyer@secret.example", "Secret"]) {
          expect((await resolveLead(store.store.db, other.teamId, ref)).ok, ref).toBe(false);
        }
        expect((await recordEvent(other.deps, other.manager, `#${lead.id}`, { type: "demo_request" })).ok).toBe(false);
        expect((await stored(lead.id)).score).toBe(0);
      });

      it("refuses a second lead with the same email", async () => {
        await buildLead(team, { email: "dup@example.com" });
        await expect(buildLead(team, { email: "DUP@example.com" })).rejects.toThrow(/already has the email/);
      });
    });

    describe("events and scores", () => {
      it("stores the new score, tier, day and MQL stage in the same change as the event", async () => {
        const lead = await buildLead(team);
        const result = await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "demo_request" });
        expect(result.ok && result.value.change?.to).toMatchObject({ score: 40, tier: "warm", stage: "mql" });
        const row = await stored(lead.id);
        expect(row).toMatchObject({ score: 40, tier: "warm", stage: "mql", scoredDay: new Date("2026-06-01T00:00:00Z") });
        expect(row.nextChangeAt?.toISOString()).toBe(new Date(team.time.clock().getTime() + 60 * 86_400_000).toISOString());
        const stages = await store.prisma.stageChange.findMany({ where: { leadId: lead.id }, orderBy: { id: "asc" } });
        expect(stages.map((s) => s.toStage)).toEqual(["new", "mql"]);
      });

      it("keeps one snapshot per day a lead was scored on: the score it ended that day with", async () => {
        const lead = await buildLead(team);
        const snapshots = async () =>
          (await store.prisma.scoreSnapshot.findMany({ where: { leadId: lead.id }, orderBy: { day: "asc" } })).map((s) => [s.day.toISOString().slice(0, 10), s.score, s.tier]);
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "demo_request" });
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "pricing_page" });
        // Today's score is the lead's own until the day is over.
        expect(await snapshots()).toEqual([]);
        team.time.advanceDays(2);
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "quote_request" });
        expect(await snapshots()).toEqual([["2026-06-01", 55, "warm"]]);
        expect(await stored(lead.id)).toMatchObject({ score: 85, tier: "hot", scoredDay: new Date("2026-06-03T00:00:00Z") });
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "pricing_page" });
        expect(await snapshots()).toEqual([["2026-06-01", 55, "warm"]]);
      });

      it("rejects an unknown event type and writes nothing", async () => {
        const lead = await buildLead(team);
        const result = await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "demo_requets" });
        expect(result.ok).toBe(false);
        expect(await store.prisma.event.count({ where: { leadId: lead.id } })).toBe(0);
      });

      it("re-scores leads whose points expired, with no new event", async () => {
        const lead = await buildLead(team);
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "pricing_page" });
        expect((await stored(lead.id)).score).toBe(15);
        team.time.advanceDays(29);
        await rescoreDueLeads(team.deps);
        expect((await stored(lead.id)).score).toBe(15);
        team.time.advanceDays(1);
        const results = await rescoreDueLeads(team.deps);
        expect((await stored(lead.id)).score).toBe(0);
        expect(results.find((r) => r.teamId === team.teamId)?.changes.map((c) => c.leadId)).toEqual([lead.id]);
        expect((await stored(lead.id)).nextChangeAt).toBeNull();
      });

      it("grows a repeat buyer's score along the buying cycle", async () => {
        const lead = await buildLead(team, { lastPurchaseAt: team.time.clock(), cycleDays: 90 });
        team.time.advanceDays(30);
        await rescoreDueLeads(team.deps);
        expect((await stored(lead.id)).score).toBe(20);
        team.time.advanceDays(60);
        await rescoreDueLeads(team.deps);
        expect((await stored(lead.id)).score).toBe(60);
      });

      it("shows a status whose breakdown adds up to the score", async () => {
        const lead = await buildLead(team, { name: "Status Lead" });
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "demo_request" });
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "pricing_page" });
        const status = await leadStatus(team.deps, team.rep, "status lead");
        if (!status.ok) throw new Error(failureText(status.error));
        expect(status.value.result.score).toBe(55);
        expect(status.value.result.breakdown.reduce((s, c) => s + c.points, 0)).toBe(55);
        expect(status.value.result.tier.key).toBe("warm");
        expect(status.value.touches).toHaveLength(2);
      });

      it("shows the same status by id, email, phone and name: owner, last touches, two weeks of trend and answers", async () => {
        const lead = await buildLead(team, { name: "Petra Status", email: "Petra@Status.example", phone: "+1 555 010 7777", company: "Status Corp" });
        await claimLead(team.deps, team.rep, `#${lead.id}`);
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "webinar_attended", note: "old news" });
        team.time.advanceDays(20);
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "pricing_page", note: "saw the price" });
        team.time.advanceDays(1);
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "demo_request", note: "wants a demo" });
        team.time.advanceDays(1);
        await logCall(team.deps, team.rep, `#${lead.id}`, { outcome: "meeting_booked", note: "Tuesday 10:00" });
        await qualifyLead(team.deps, team.rep, `#${lead.id}`, { answers: { budget: { answer: "yes", note: "has budget" }, authority: { answer: "no" } } });
        // Through the store handle too: on PostgreSQL it runs the read as a prepared statement, outside Prisma.
        const handleDeps = { store: store.store, clock: team.time.clock };
        const refs = [`#${lead.id}`, String(lead.id), "PETRA@status.example", "15550107777", "+1 (555) 010-7777", "petra"];
        const statuses = [];
        for (const deps of [team.deps, handleDeps]) {
          for (const ref of refs) {
            const status = await leadStatus(deps, team.rep, ref);
            if (!status.ok) throw new Error(`${ref}: ${failureText(status.error)}`);
            statuses.push(status.value);
          }
        }
        const [status] = statuses;
        for (const other of statuses) expect(other).toEqual(status);
        const row = await stored(lead.id);
        expect(status!.lead).toEqual({
          id: lead.id,
          name: "Petra Status",
          company: "Status Corp",
          email: "petra@status.example",
          phone: "+15550107777",
          title: null,
          score: row.score,
          tier: row.tier,
          stage: row.stage,
          owner: "Rita Rep",
        });
        expect(status!.result.score).toBe(row.score);
        const day = (offset: number) => new Date(new Date("2026-06-01T09:00:00Z").getTime() + offset * 86_400_000);
        expect(status!.touches).toEqual([
          { at: day(22), kind: "call", outcome: "meeting_booked", note: "Tuesday 10:00", member: "Rita Rep" },
          { at: day(21), kind: "event", type: "demo_request", note: "wants a demo" },
          { at: day(20), kind: "event", type: "pricing_page", note: "saw the price" },
        ]);
        // Day 0's snapshot is older than two weeks; one per day since, oldest first.
        expect(status!.trend.map((t) => t.day.toISOString().slice(0, 10))).toEqual(["2026-06-21", "2026-06-22", "2026-06-23"]);
        expect(status!.trend.at(-1)!.score).toBe(row.score);
        expect([...status!.answers].sort((a, b) => a.dimension.localeCompare(b.dimension))).toEqual([
          { dimension: "authority", answer: "no", note: null },
          { dimension: "budget", answer: "yes", note: "has budget" },
        ]);
        expect(status!.team.id).toBe(team.teamId);
      });

      it("answers a status for an unknown id, email or phone as not found", async () => {
        await buildLead(team, { name: "Known Lead", email: "known@example.com" });
        for (const ref of ["#999999", "nobody@example.com", "+1 555 000 0000"]) {
          const status = await leadStatus({ store: store.store, clock: team.time.clock }, team.rep, ref);
          expect(!status.ok && status.error.code, ref).toBe("not_found");
        }
      });
    });

    describe("teams and members", () => {
      it("creates one team per chat place even when its first messages arrive together", async () => {
        const place = { platform: "slack" as const, externalId: `T${Date.now()}`, name: "Acme Sales" };
        const ids = await Promise.all([ensureTeam(team.deps, place), ensureTeam(team.deps, place), ensureTeam(team.deps, place)]);
        expect(new Set(ids).size).toBe(1);
        const context = await loadTeamContext(store.store.db, ids[0]!);
        expect(context.config.rules.find((r) => r.key === "demo_request")?.points).toBe(40);
      });

      it("makes the first person of a new team its admin and the next ones reps", async () => {
        const teamId = await ensureTeam(team.deps, { platform: "telegram", externalId: `-100${Date.now()}`, name: "Group" });
        const first = await actorFor(team.deps, teamId, { platform: "telegram", externalId: "1", displayName: "Founder" });
        const second = await actorFor(team.deps, teamId, { platform: "telegram", externalId: "2", displayName: "Newcomer" });
        expect([first.role, second.role]).toEqual(["admin", "rep"]);
        expect((await actorFor(team.deps, teamId, { platform: "telegram", externalId: "1", displayName: "Founder" })).memberId).toBe(first.memberId);
      });
    });

    describe("claim and assign", () => {
      it("moves a claimed lead to SAL and records who did it", async () => {
        const lead = await buildLead(team);
        const claimed = await claimLead(team.deps, team.rep, `#${lead.id}`);
        expect(claimed.ok && claimed.value.lead).toMatchObject({ owner: "Rita Rep", stage: "sal" });
        const last = await store.prisma.stageChange.findFirst({ where: { leadId: lead.id }, orderBy: { id: "desc" } });
        expect(last).toMatchObject({ toStage: "sal", memberId: team.rep.memberId });
      });

      it("does not let a rep take a lead another rep claimed", async () => {
        const lead = await buildLead(team);
        await claimLead(team.deps, team.rep, `#${lead.id}`);
        const second = await claimLead(team.deps, team.otherRep, `#${lead.id}`);
        expect(second.ok).toBe(false);
        expect((await stored(lead.id)).ownerId).toBe(team.rep.memberId);
      });

      it("lets managers assign to anyone but reps only to themselves", async () => {
        const lead = await buildLead(team);
        const byRep = await assignLead(team.deps, team.rep, `#${lead.id}`, team.otherRep.memberId);
        expect(!byRep.ok && byRep.error.code).toBe("forbidden");
        expect((await stored(lead.id)).ownerId).toBeNull();
        const byManager = await assignLead(team.deps, team.manager, `#${lead.id}`, team.otherRep.memberId);
        expect(byManager.ok).toBe(true);
        expect((await stored(lead.id)).ownerId).toBe(team.otherRep.memberId);
      });
    });

    describe("qualification and calls", () => {
      it("keeps partial answers and moves the lead to SQL at 3 of 4 positive", async () => {
        const lead = await buildLead(team);
        const first = await qualifyLead(team.deps, team.rep, `#${lead.id}`, { answers: { budget: { answer: "yes", note: "50k approved" }, need: { answer: "yes" } } });
        expect(first.ok && first.value.lead.stage).toBe("new");
        expect((await stored(lead.id)).score).toBe(20);
        const second = await qualifyLead(team.deps, team.rep, `#${lead.id}`, { answers: { authority: { answer: "yes" }, budget: { answer: "yes" } } });
        expect(second.ok && second.value).toMatchObject({ stageChanged: true, lead: { stage: "sql", score: 30 } });
        const budget = await store.prisma.qualification.findFirstOrThrow({ where: { leadId: lead.id, dimension: "budget" } });
        expect(budget.note).toBe("50k approved");
      });

      it("refuses a CHAMP question on a BANT team and writes nothing", async () => {
        const lead = await buildLead(team);
        const result = await qualifyLead(team.deps, team.rep, `#${lead.id}`, { answers: { budget: { answer: "yes" }, money: { answer: "yes" } } });
        expect(result.ok).toBe(false);
        expect(await store.prisma.qualification.count({ where: { leadId: lead.id } })).toBe(0);
      });

      it("scores call outcomes and closes won deals", async () => {
        const lead = await buildLead(team);
        const booked = await logCall(team.deps, team.rep, `#${lead.id}`, { outcome: "meeting_booked", note: "Tue 10:00" });
        expect(booked.ok && booked.value.lead.score).toBe(25);
        const won = await logCall(team.deps, team.rep, `#${lead.id}`, { outcome: "won" });
        expect(won.ok && won.value).toMatchObject({ stageChanged: true, lead: { stage: "won" } });
        expect(await store.prisma.callLog.count({ where: { leadId: lead.id } })).toBe(2);
      });

      it("rejects an unknown outcome and writes nothing", async () => {
        const lead = await buildLead(team);
        expect((await logCall(team.deps, team.rep, `#${lead.id}`, { outcome: "callback" })).ok).toBe(false);
        expect(await store.prisma.callLog.count({ where: { leadId: lead.id } })).toBe(0);
      });
    });

    describe("hot alerts", () => {
      const alertsOf = (leadId: number) => store.prisma.alert.findMany({ where: { leadId } });
      const outboxOf = () => store.prisma.outbox.findMany({ where: { teamId: team.teamId, kind: "alert" } });
      beforeEach(async () => setTeamChannel(store.store.db, team.teamId, "slack", "C-SALES"));

      it("writes one alert and its outbox message in the change that makes a lead hot", async () => {
        const lead = await buildLead(team);
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "demo_request" });
        expect(await alertsOf(lead.id)).toHaveLength(0);
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "quote_request" });
        const [alert] = await alertsOf(lead.id);
        expect(alert).toMatchObject({ score: 70 });
        const [message] = await outboxOf();
        expect(message).toMatchObject({ platform: "slack", channel: "C-SALES", status: "pending", dedupeKey: `alert:${alert!.id}` });
        const text = JSON.stringify(storedReply(message!.payload));
        expect(text).toContain("/lead claim #" + lead.id);
        expect(text).toContain("Demo request");
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "pricing_page" });
        expect(await alertsOf(lead.id)).toHaveLength(1);
      });

      it("alerts once for a score wobbling around the threshold and again after it clearly cooled", async () => {
        const lead = await buildLead(team, { lastPurchaseAt: undefined });
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "demo_request" }); // 40
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "website_visit" }); // 50
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "website_visit" }); // 60: hot
        await logCall(team.deps, team.rep, `#${lead.id}`, { outcome: "no_answer" });
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "no_response_to_offer" }); // 50
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "email_click" }); // 55
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "pricing_page" }); // 70 (cap reached at 30)
        expect(await alertsOf(lead.id)).toHaveLength(1);
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "complaint_unjustified" }); // 50
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "careers_page" }); // 40: clearly below
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "quote_request" }); // 70
        expect(await alertsOf(lead.id)).toHaveLength(2);
      });

      it("stays silent for a snoozed lead", async () => {
        const lead = await buildLead(team);
        expect((await snoozeLeadAlerts(team.deps, team.rep, `#${lead.id}`, 86_400_000)).ok).toBe(true);
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "demo_request" });
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "quote_request" });
        expect(await alertsOf(lead.id)).toHaveLength(0);
        expect(await outboxOf()).toHaveLength(0);
      });

      it("alerts when a lead becomes hot by itself (buying cycle), found by the due re-score", async () => {
        const lead = await buildLead(team, { lastPurchaseAt: team.time.clock(), cycleDays: 90 });
        team.time.advanceDays(90);
        await rescoreDueLeads(team.deps);
        expect(await alertsOf(lead.id)).toEqual([expect.objectContaining({ score: 60 })]);
      });

      it("does not announce leads a confirmed weight change makes hot, and marks alerts acted on", async () => {
        const lead = await buildLead(team);
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "demo_request" });
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "pricing_page" });
        const preview = await previewEdit(team.deps, team.manager, { kind: "set", key: "demo_request", points: 45 });
        if (!preview.ok) throw new Error(failureText(preview.error));
        await confirmChange(team.deps, team.manager, preview.value.pendingId);
        expect(await alertsOf(lead.id)).toHaveLength(0);
        const other = await buildLead(team);
        await recordEvent(team.deps, team.rep, `#${other.id}`, { type: "demo_request" });
        await recordEvent(team.deps, team.rep, `#${other.id}`, { type: "quote_request" });
        await claimLead(team.deps, team.rep, `#${other.id}`);
        expect(await alertsOf(other.id)).toEqual([expect.objectContaining({ actedById: team.rep.memberId })]);
      });
    });

    describe("weights", () => {
      async function warmLead(points = "demo_request") {
        const lead = await buildLead(team);
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: points });
        await recordEvent(team.deps, team.rep, `#${lead.id}`, { type: "pricing_page" });
        return lead; // 55 points: warm, 5 short of hot
      }

      it("refuses reps in the service and stores nothing", async () => {
        const result = await previewEdit(team.deps, team.rep, { kind: "set", key: "demo_request", points: 50 });
        expect(!result.ok && result.error.code).toBe("forbidden");
        expect(await store.prisma.pendingRuleChange.count({ where: { teamId: team.teamId } })).toBe(0);
        const undo = await previewUndo(team.deps, team.rep);
        expect(!undo.ok && undo.error.code).toBe("forbidden");
      });

      it("previews which leads change tier without changing anything", async () => {
        const lead = await warmLead();
        const before = configFingerprint((await loadTeamContext(store.store.db, team.teamId)).config);
        const preview = await previewEdit(team.deps, team.manager, { kind: "set", key: "demo_request", points: 45 });
        if (!preview.ok) throw new Error(failureText(preview.error));
        expect(preview.value.movedUp).toEqual([expect.objectContaining({ id: lead.id, fromTier: "warm", toTier: "hot", fromScore: 55, toScore: 60 })]);
        expect(preview.value.tierCounts.find((t) => t.tier === "hot")).toMatchObject({ before: 0, after: 1 });
        expect((await stored(lead.id)).score).toBe(55);
        expect(configFingerprint((await loadTeamContext(store.store.db, team.teamId)).config)).toBe(before);
      });

      it("applies a confirmed change and re-scores, once, only for the manager who asked", async () => {
        const lead = await warmLead();
        const preview = await previewEdit(team.deps, team.manager, { kind: "set", key: "demo_request", points: 45 });
        if (!preview.ok) throw new Error(failureText(preview.error));
        const byOther = await confirmChange(team.deps, team.otherManager, preview.value.pendingId);
        expect(!byOther.ok && byOther.error.code).toBe("forbidden");
        const byRep = await confirmChange(team.deps, team.rep, preview.value.pendingId);
        expect(!byRep.ok && byRep.error.code).toBe("forbidden");
        expect((await stored(lead.id)).score).toBe(55);
        const confirmed = await confirmChange(team.deps, team.manager, preview.value.pendingId);
        expect(confirmed.ok && confirmed.value).toMatchObject({ leadsChanged: 1, nowInTopTier: 1 });
        expect(await stored(lead.id)).toMatchObject({ score: 60, tier: "hot" });
        const again = await confirmChange(team.deps, team.manager, preview.value.pendingId);
        expect(again.ok).toBe(false);
        expect(await store.prisma.ruleChange.count({ where: { teamId: team.teamId } })).toBe(1);
      });

      it("undoes to the exact previous rule set, and undo walks further back", async () => {
        const lead = await warmLead();
        const original = configFingerprint((await loadTeamContext(store.store.db, team.teamId)).config);
        const apply = async (p: Awaited<ReturnType<typeof previewEdit>>) => {
          if (!p.ok) throw new Error(failureText(p.error));
          const done = await confirmChange(team.deps, team.manager, p.value.pendingId);
          if (!done.ok) throw new Error(failureText(done.error));
        };
        await apply(await previewEdit(team.deps, team.manager, { kind: "set", key: "demo_request", points: 45, validityDays: 30 }));
        const afterFirst = configFingerprint((await loadTeamContext(store.store.db, team.teamId)).config);
        await apply(await previewEdit(team.deps, team.manager, { kind: "thresholds", values: { hot: 70, warm: 40 } }));
        expect(await stored(lead.id)).toMatchObject({ score: 60, tier: "warm" });
        await apply(await previewUndo(team.deps, team.manager));
        expect(configFingerprint((await loadTeamContext(store.store.db, team.teamId)).config)).toBe(afterFirst);
        expect(await stored(lead.id)).toMatchObject({ score: 60, tier: "hot" });
        await apply(await previewUndo(team.deps, team.manager));
        expect(configFingerprint((await loadTeamContext(store.store.db, team.teamId)).config)).toBe(original);
        expect(await stored(lead.id)).toMatchObject({ score: 55, tier: "warm" });
        const nothingLeft = await previewUndo(team.deps, team.manager);
        expect(nothingLeft.ok).toBe(false);
      });

      it("refuses to apply a preview made before another change", async () => {
        const first = await previewEdit(team.deps, team.manager, { kind: "set", key: "demo_request", points: 45 });
        const second = await previewEdit(team.deps, team.otherManager, { kind: "set", key: "pricing_page", points: 20 });
        if (!first.ok || !second.ok) throw new Error("preview failed");
        expect((await confirmChange(team.deps, team.otherManager, second.value.pendingId)).ok).toBe(true);
        const stale = await confirmChange(team.deps, team.manager, first.value.pendingId);
        expect(!stale.ok && stale.error.code).toBe("conflict");
        const config = (await loadTeamContext(store.store.db, team.teamId)).config;
        expect(config.rules.find((r) => r.key === "demo_request")?.points).toBe(40);
      });

      it("expires a preview after 30 minutes and cancels on request", async () => {
        const preview = await previewEdit(team.deps, team.manager, { kind: "set", key: "demo_request", points: 45 });
        if (!preview.ok) throw new Error(failureText(preview.error));
        team.time.set(new Date(team.time.clock().getTime() + 31 * 60_000));
        expect((await confirmChange(team.deps, team.manager, preview.value.pendingId)).ok).toBe(false);
        const other = await previewEdit(team.deps, team.manager, { kind: "set", key: "demo_request", points: 45 });
        if (!other.ok) throw new Error(failureText(other.error));
        expect((await cancelChange(team.deps, team.manager, other.value.pendingId)).ok).toBe(true);
        expect((await confirmChange(team.deps, team.manager, other.value.pendingId)).ok).toBe(false);
        expect(await store.prisma.ruleChange.count({ where: { teamId: team.teamId } })).toBe(0);
      });

      it("refuses thresholds that would put warm above hot", async () => {
        const result = await previewEdit(team.deps, team.manager, { kind: "thresholds", values: { warm: 80 } });
        expect(!result.ok && result.error.code).toBe("invalid");
      });
    });
  });
}
