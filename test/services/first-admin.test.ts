import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/services/clock.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import { actorFor, ensureTeam } from "../../src/services/team.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { DEFAULT_MIGRATIONS_DIR, migrate, readMigrations } from "../../src/store/migrator.js";
import { createEmptyDatabase, createTestStore, postgresAvailable } from "../support/db.js";
import { serviceDeps } from "../support/builders.js";

/** The migration that made the founder a database fact. */
const FIRST_ADMIN_MIGRATION = "20261206110000_first_admin";

/** How many people send their first command to a new group at the same moment. */
const PEOPLE = 24;

function firstAdminSuite(kind: "pglite" | "postgres") {
  describe(`the first admin of a new team on ${kind}`, () => {
    let store: StoreHandle;
    let deps: ServiceDeps;
    let place = 0;

    beforeAll(async () => {
      store = await createTestStore(kind);
      deps = serviceDeps(store, systemClock);
    });
    afterAll(async () => store?.close());

    const newTeam = () => ensureTeam(deps, { platform: "telegram", externalId: `-100${Date.now()}${place++}`, name: "New group" });
    const person = (n: number) => ({ platform: "telegram" as const, externalId: String(1000 + n), displayName: `Person ${n}` });

    it("is exactly one person when everybody's first command arrives together", async () => {
      // Several rounds, though the old count-then-insert made 19-24 admins of 24 in the first.
      for (let round = 0; round < 3; round++) {
        const teamId = await newTeam();
        const actors = await Promise.all(Array.from({ length: PEOPLE }, (_, n) => actorFor(deps, teamId, person(n))));
        expect(actors.filter((a) => a.role === "admin")).toHaveLength(1);
        expect(actors.filter((a) => a.role === "rep")).toHaveLength(PEOPLE - 1);
        const members = await store.prisma.member.findMany({ where: { teamId } });
        expect(members).toHaveLength(PEOPLE);
        expect(members.filter((m) => m.role === "admin").map((m) => m.id)).toEqual(actors.filter((a) => a.role === "admin").map((a) => a.memberId));
      }
    });

    it("gives one person arriving twice at once one membership", async () => {
      const teamId = await newTeam();
      const actors = await Promise.all([person(1), person(1), person(2), person(1), person(2)].map((p) => actorFor(deps, teamId, p)));
      expect(new Set(actors.map((a) => a.memberId)).size).toBe(2);
      expect(await store.prisma.member.count({ where: { teamId } })).toBe(2);
      expect(await store.prisma.member.count({ where: { teamId, role: "admin" } })).toBe(1);
    });

    it("makes nobody admin on a team that already has members, admin or not", async () => {
      const teamId = await newTeam();
      await store.prisma.member.create({ data: { teamId, platform: "console", externalId: "mia", displayName: "Mia Manager", role: "manager" } });
      const actors = await Promise.all([person(1), person(2), person(3)].map((p) => actorFor(deps, teamId, p)));
      expect(actors.map((a) => a.role)).toEqual(["rep", "rep", "rep"]);
    });

    it("marks each existing team's earliest member its founder when migrating", async () => {
      const before = await mkdtemp(join(tmpdir(), "leadbot-migrations-"));
      const db = await createEmptyDatabase(kind);
      const session = await db.session();
      try {
        for (const m of await readMigrations()) {
          if (m.name < FIRST_ADMIN_MIGRATION) await cp(join(DEFAULT_MIGRATIONS_DIR, m.name), join(before, m.name), { recursive: true });
        }
        await migrate(session, { migrationsDir: before });
        const team = async (name: string) => (await session.query<{ id: number }>(`INSERT INTO team (name, tiers) VALUES ($1, '[]') RETURNING id`, [name]))[0]!.id;
        const member = (teamId: number, externalId: string, role: string) =>
          session.query(`INSERT INTO member (team_id, platform, external_id, display_name, role) VALUES ($1, 'telegram', $2, $2, $3::"Role")`, [teamId, externalId, role]);
        const raced = await team("Two admins from the old race");
        await member(raced, "a", "admin");
        await member(raced, "b", "admin");
        await member(raced, "c", "rep");
        const demo = await team("Old demo team");
        await member(demo, "local", "manager");
        await member(demo, "anna", "rep");

        expect((await migrate(session)).applied).toContain(FIRST_ADMIN_MIGRATION);
        const founders = await session.query<{ team_id: number; external_id: string }>(
          `SELECT team_id, external_id FROM member WHERE founder ORDER BY team_id`,
        );
        expect(founders).toEqual([
          { team_id: raced, external_id: "a" },
          { team_id: demo, external_id: "local" },
        ]);
        expect(await session.query(`SELECT id FROM member WHERE founder IS NOT NULL AND NOT founder`)).toEqual([]);
        // The index now refuses a second founder on a team that has one.
        await expect(
          session.query(`INSERT INTO member (team_id, platform, external_id, display_name, founder) VALUES ($1, 'slack', 'x', 'x', true)`, [raced]),
        ).rejects.toThrow(/member_team_id_founder_key/);
      } finally {
        await session.close();
        await db.close();
        await rm(before, { recursive: true, force: true });
      }
    });
  });
}

firstAdminSuite("pglite");
describe.runIf(await postgresAvailable())("on PostgreSQL", () => firstAdminSuite("postgres"));
