import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { renderText } from "../../src/chat/text.render.js";
import type { Reply } from "../../src/chat/reply.js";
import type { Platform } from "../../src/platforms/names.js";
import type { Actor } from "../../src/services/actor.js";
import { admit } from "../../src/services/identity.service.js";
import { changeRole, memberLeft } from "../../src/services/team-admin.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { renderOutboxPayload } from "../../src/views/outbox-views.js";

const log = pino({ level: "silent" });

/** Team administration through the commands and services, on one backend. */
export function teamAdminSuite(kind: "pglite" | "postgres") {
  describe(`team administration on ${kind}`, () => {
    let store: StoreHandle;
    let team: TeamFixture;
    let admin: Actor;
    const say = async (actor: Actor, text: string) => {
      const reply = await handleLine(text, { deps: team.deps, actor, place: { platform: "telegram", channelId: "-100" } }, log);
      return { reply, text: renderText(reply).text };
    };
    /** The actor as the services see them now (role and status re-read). */
    const now = async (actor: Actor) => {
      const member = await store.prisma.member.findUniqueOrThrow({ where: { id: actor.memberId } });
      return admit(team.deps, team.teamId, { platform: member.platform as Platform, externalId: member.externalId, displayName: member.displayName });
    };

    beforeAll(async () => {
      store = await createTestStore(kind);
    });
    afterAll(async () => store?.close());
    beforeEach(async () => {
      team = await buildTeam(store.prisma);
      const row = await store.prisma.member.create({ data: { teamId: team.teamId, platform: "telegram", externalId: "100", displayName: "Ada Admin", role: "admin", username: "ada" } });
      admin = { teamId: team.teamId, memberId: row.id, role: "admin", name: "Ada Admin" };
    });

    it("lets an admin make a rep a manager, who can then change weights", async () => {
      const before = await say(team.rep, "/weights demo_request 45");
      expect(before.reply.tone).toBe("refused");
      const changed = await say(admin, "/team role rita manager");
      expect(changed.text).toMatch(/Rita Rep is now a manager \(was a rep\), set by Ada Admin/);
      const rita = await now(team.rep);
      expect(rita.kind === "member" && rita.actor.role).toBe("manager");
      const after = await say((rita as { actor: Actor }).actor, "/weights demo_request 45");
      expect(after.reply.tone).toBe("ok");
      expect(after.text).toMatch(/Confirm/);
    });

    it("refuses a manager or rep changing roles, and writes nothing", async () => {
      const refused = await say(team.manager, "/team role rita admin");
      expect(refused.reply.tone).toBe("refused");
      expect((await store.prisma.member.findUniqueOrThrow({ where: { id: team.rep.memberId } })).role).toBe("rep");
      expect(await store.prisma.auditEntry.count({ where: { teamId: team.teamId } })).toBe(0);
    });

    it("refuses demoting or removing the last admin", async () => {
      expect((await say(admin, "/team role ada rep")).text).toMatch(/only admin\. Make someone else an admin first/);
      expect((await say(admin, "/team remove @ada")).text).toMatch(/only admin/);
      expect((await store.prisma.member.findUniqueOrThrow({ where: { id: admin.memberId } })).role).toBe("admin");
    });

    it("lets exactly one of two admins demote the other when both try at once", async () => {
      await say(admin, "/team role mia admin");
      const mia = { ...team.manager, role: "admin" as const };
      const results = await Promise.all([changeRole(team.deps, admin, mia.memberId, "rep"), changeRole(team.deps, mia, admin.memberId, "rep")]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await store.prisma.member.count({ where: { teamId: team.teamId, role: "admin", status: "active" } })).toBe(1);
    });

    it("asks who was meant when a name fits several people", async () => {
      const asked = await say(admin, "/team role manager rep");
      expect(asked.reply.tone).toBe("error");
      expect(asked.text).toMatch(/could be 2 people/);
      const buttons = asked.reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));
      expect(buttons.map((b) => b.label)).toEqual(["Mia Manager", "Max Manager"]);
      expect(buttons[0]!.command).toBe(`/team role #${team.manager.memberId} rep`);
    });

    it("removes a member at once and gives their open leads to a teammate in one tap", async () => {
      const lead = await buildLead(team, { name: "Owned One" });
      await store.prisma.lead.update({ where: { id: lead.id }, data: { ownerId: team.rep.memberId } });
      const removed = await say(admin, "/team remove rita");
      expect(removed.text).toMatch(/Rita Rep is no longer on the team/);
      expect(removed.text).toMatch(/owned 1 open lead/);
      expect(await now(team.rep)).toEqual({ kind: "removed", teamName: "Test Team", teamLanguage: "en" });
      const giveToRon = removed.reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : [])).find((a) => a.label === "Ron Rep")!;
      const given = await say(admin, giveToRon.command);
      expect(given.text).toMatch(/1 open lead of Rita Rep now belongs to Ron Rep/);
      expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).ownerId).toBe(team.otherRep.memberId);
      const audit = await say(admin, "/team audit");
      expect(audit.text).toMatch(/Ada Admin · removed: Rita Rep removed/);
      expect(audit.text).toMatch(/leads: 1 open lead of Rita Rep given to Ron Rep/);
    });

    it("brings a removed member back when an admin gives them a role again", async () => {
      await say(admin, "/team remove rita");
      expect((await say(admin, `/team role #${team.rep.memberId} rep`)).text).toMatch(/Rita Rep is now a rep/);
      expect(await now(team.rep)).toMatchObject({ kind: "member", actor: { role: "rep" } });
    });

    it("leaves a removed member's leads unclaimed when chosen", async () => {
      const lead = await buildLead(team, { name: "Owned Two" });
      await store.prisma.lead.update({ where: { id: lead.id }, data: { ownerId: team.rep.memberId } });
      await say(admin, "/team remove rita");
      expect((await say(admin, `/team give #${team.rep.memberId} nobody`)).text).toMatch(/is now unclaimed/);
      expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).ownerId).toBeNull();
    });

    it("holds a newcomer's command in approval mode and hands it back once an admin approves", async () => {
      expect((await say(admin, "/team join approval")).text).toMatch(/wait for an admin's approval/);
      const newcomer = { platform: "telegram" as const, externalId: "555", displayName: "Nina New" };
      const first = await admit(team.deps, team.teamId, newcomer, { line: "/lead list hot", channelId: "-100" });
      expect(first).toMatchObject({ kind: "waiting", isNew: true, name: "Nina New" });
      expect(await admit(team.deps, team.teamId, newcomer)).toMatchObject({ kind: "waiting", isNew: false });
      if (first.kind !== "waiting") throw new Error("unreachable");
      expect((await say(team.manager, `/team approve #${first.memberId}`)).reply.tone).toBe("refused");
      const approved = await say(admin, `/team approve #${first.memberId}`);
      expect(approved.text).toMatch(/Nina New joined the team as a rep \(approved by Ada Admin\)/);
      expect(approved.reply.followUp).toMatchObject({ line: "/lead list hot", channelId: "-100", actor: { memberId: first.memberId, role: "rep" } });
      expect(await admit(team.deps, team.teamId, newcomer)).toMatchObject({ kind: "member" });
    });

    it("makes the longest-serving manager admin when the last admin leaves the group", async () => {
      const left = await memberLeft(team.deps, team.teamId, { platform: "telegram", externalId: "100" }, "left the group");
      expect(left?.promoted?.displayName).toBe("Mia Manager");
      expect((await store.prisma.member.findUniqueOrThrow({ where: { id: team.manager.memberId } })).role).toBe("admin");
    });

    it("offers the open leads of someone who left to each admin who can be written to, once per leaving", async () => {
      // Rita leaves the group with a lead; Ada (Telegram) is asked privately, the console's people are not.
      await store.prisma.member.update({ where: { id: team.rep.memberId }, data: { platform: "telegram", externalId: "200" } });
      await store.prisma.member.create({ data: { teamId: team.teamId, platform: "console", externalId: "cora", displayName: "Cora Console", role: "admin" } });
      const lead = await buildLead(team, { name: "Owned Four" });
      await store.prisma.lead.update({ where: { id: lead.id }, data: { ownerId: team.rep.memberId } });
      const rita = { platform: "telegram" as const, externalId: "200" };
      expect(await memberLeft(team.deps, team.teamId, rita, "left the group")).toMatchObject({ offeredTo: 1 });
      expect(await memberLeft(team.deps, team.teamId, rita, "left the group")).toBeNull();

      const queued = await store.prisma.outbox.findMany({ where: { teamId: team.teamId } });
      expect(queued).toHaveLength(1);
      expect(queued[0]).toMatchObject({ kind: "notice", platform: "telegram", channel: "100", status: "pending" });
      const rendered = renderOutboxPayload(queued[0]!.payload);
      if (!rendered.ok) throw new Error(rendered.reason);
      const offer = rendered.reply as Reply;
      expect(renderText(offer).text).toMatch(/Rita Rep left the group, so their access ended[\s\S]*Rita Rep owned 1 open lead\. Give them all to:/);
      const buttons = offer.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));
      expect(buttons.map((b) => b.label)).toEqual(["Mia Manager", "Max Manager", "Ron Rep", "Ada Admin", "Cora Console", "Leave unclaimed"]);

      // The tap runs as the admin who makes it.
      expect((await say(admin, buttons.find((b) => b.label === "Ron Rep")!.command)).text).toMatch(/1 open lead of Rita Rep now belongs to Ron Rep/);
      expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).ownerId).toBe(team.otherRep.memberId);

      // Someone leaving with no open leads asks nobody anything.
      await store.prisma.member.update({ where: { id: team.otherManager.memberId }, data: { platform: "telegram", externalId: "300" } });
      expect(await memberLeft(team.deps, team.teamId, { platform: "telegram", externalId: "300" }, "left the group")).toMatchObject({ offeredTo: 0 });
      expect(await store.prisma.outbox.count({ where: { teamId: team.teamId } })).toBe(1);
    });

    it("shows the members with role, platform and open leads, and the settings", async () => {
      const shown = await say(team.rep, "/team members");
      expect(shown.text).toMatch(/Ada Admin \(@ada\) · admin · Telegram · not active yet · 0 leads/);
      const settings = await say(team.rep, "/team settings");
      expect(settings.text).toMatch(/Alerts and digest go to\s*not chosen yet/);
      expect((await say(admin, "/team timezone europe/kyiv")).text).toMatch(/time zone is now Europe\/Kyiv/);
      expect((await say(admin, "/team timezone Mars/Base")).text).toMatch(/not a time zone I know/);
      expect((await say(team.rep, "/team timezone Europe/Warsaw")).reply.tone).toBe("refused");
    });

    it("lists when each member was last active and how many open leads they own", async () => {
      const owned = await buildLead(team, { name: "Owned Three" });
      await store.prisma.lead.update({ where: { id: owned.id }, data: { ownerId: team.rep.memberId } });
      await now(team.rep); // Rita uses the bot now
      team.time.advanceDays(3);
      const shown = await say(admin, "/team members");
      expect(shown.text).toMatch(/Team members \(5\)/);
      expect(shown.text).toMatch(/Rita Rep · rep · console · active 3 days ago · 1 lead\b/);
      expect(shown.text).toMatch(/Ron Rep · rep · console · not active yet · 0 leads/);
    });

    it("shows and changes the settings: destination, digest time and days, time zone, joining", async () => {
      const before = await say(team.rep, "/team settings");
      expect(before.text).toMatch(/Digest\s*09:00 on Mon–Fri/);
      expect(before.text).toMatch(/Time zone\s*UTC/);
      expect(before.text).toMatch(/Joining\s*open: newcomers join as reps/);
      const actions = before.reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));
      expect(actions.map((a) => [a.label, a.command])).toEqual([
        ["Send alerts here", "/digest channel"],
        ["Require approval", "/team join approval"],
      ]);

      for (const line of actions.map((a) => a.command)) expect((await say(admin, line)).reply.tone).toBe("ok");
      await say(team.manager, "/digest time 08:30");
      await say(team.manager, "/digest days mon,wed,fri");
      await say(admin, "/team timezone Europe/Kyiv");
      const after = await say(team.rep, "/team settings");
      expect(after.text).toMatch(/Alerts and digest go to\s*Telegram -100 \(this chat\)/);
      expect(after.text).toMatch(/Digest\s*08:30 on Mon, Wed, Fri/);
      expect(after.text).toMatch(/Time zone\s*Europe\/Kyiv/);
      expect(after.text).toMatch(/Joining\s*approval: an admin approves newcomers/);
    });

    it("shows admins the last 50 role changes, removals, API keys and weight changes with who and when, also as CSV", async () => {
      await say(admin, "/team role rita manager");
      await say(admin, "/admin apikey create crm sync");
      const key = await store.prisma.apiKey.findFirstOrThrow({ where: { teamId: team.teamId } });
      await say(admin, `/admin apikey revoke #${key.id}`);
      const preview = await say(team.manager, "/weights demo_request 45");
      const confirm = preview.reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : [])).find((a) => a.label === "Confirm")!;
      expect((await say(team.manager, confirm.command)).reply.tone).toBe("ok");
      await say(admin, "/team remove ron");

      const audit = await say(admin, "/team audit");
      expect(audit.text).toMatch(/Team audit \(last 5\)/);
      const when = "1 Jun, 09:00"; // the test clock, in the team's time zone
      expect(audit.text).toContain(`${when} (today) · Ada Admin · role: Rita Rep: rep → manager`);
      expect(audit.text).toMatch(new RegExp(`${when} \\(today\\) · Ada Admin · API key created: #${key.id} ${key.prefix}… “crm sync”`));
      expect(audit.text).toMatch(new RegExp(`${when} \\(today\\) · Ada Admin · API key revoked: #${key.id} ${key.prefix}… “crm sync”`));
      expect(audit.text).toContain(`${when} (today) · Mia Manager · weights: Demo request (demo_request): +40 → +45 points`);
      expect(audit.text).toContain(`${when} (today) · Ada Admin · removed: Ron Rep removed`);

      // Only admins read it.
      for (const who of [team.manager, team.rep]) {
        const refused = await say(who, "/team audit");
        expect(refused.reply.tone).toBe("refused");
        expect(refused.text).toMatch(/Only the team's admins can read the audit/);
      }

      // The last 50, newest first, also as a CSV file.
      for (let i = 0; i < 60; i++) {
        await store.prisma.auditEntry.create({ data: { teamId: team.teamId, memberId: admin.memberId, action: "join_mode", summary: `old change ${i}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) } });
      }
      const long = await say(admin, "/team audit");
      expect(long.text).toMatch(/Team audit \(last 50\)/);
      expect(long.text).toContain("removed: Ron Rep removed");
      expect(long.text).toContain("old change 59");
      expect(long.text).not.toContain("old change 14");
      const csv = await say(admin, "/team audit csv");
      const file = csv.reply.attachments?.[0];
      expect(file).toMatchObject({ filename: "team-audit.csv", contentType: "text/csv" });
      const rows = new TextDecoder().decode(file!.data).replace(/^\uFEFF/, "").trim().split("\r\n");
      expect(rows[0]).toBe("when,who,what,detail");
      expect(rows).toHaveLength(51);
      expect(rows).toContain("2026-06-01T09:00:00.000Z,Ada Admin,role,Rita Rep: rep → manager");
      expect(rows.at(-1)).toBe("2026-01-01T00:15:00.000Z,Ada Admin,joining,old change 15");
    });
  });
}
