/**
 * The store boundary (src/store/store.ts): transactions, retries, snapshots, the store's own
 * errors for what the database refuses, and rows whose stored JSON or platform name does not
 * read back, each failing alone.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rescoreTeam } from "../../src/services/scoring.service.js";
import { loadTeamContext } from "../../src/services/team-context.js";
import type { StoreHandle } from "../../src/store/client.js";
import type { Db } from "../../src/store/store.js";
import { AlreadyExists, Conflict, InvalidRow, isAlreadyExists, translateDbError } from "../../src/store/errors.js";
import { insertEvents } from "../../src/store/ingest.repository.js";
import { listLeads } from "../../src/store/lead.repository.js";
import { isPlannedByKey, keyedSqlOf, preparedSqlOf, sqlOf } from "../../src/store/types.js";
import { findMember } from "../../src/store/member.repository.js";
import { claimDue, insertOutbox } from "../../src/store/outbox.repository.js";
import { findPendingChange } from "../../src/store/rule-change.repository.js";
import { bindChat, findTeamIdByBinding } from "../../src/store/team.repository.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore, postgresAvailable } from "../support/db.js";

describe("the store's errors for the database's codes", () => {
  const adapterError = (originalCode: string, kind: string) => ({ name: "DriverAdapterError", cause: { originalCode, kind } });
  it.each([
    ["a model call's unique violation", Object.assign(new Error("Unique constraint failed"), { code: "P2002", meta: { target: ["platform", "external_id"] } }), AlreadyExists],
    ["raw SQL's unique violation", Object.assign(new Error("Raw query failed"), { code: "P2010", meta: { driverAdapterError: adapterError("23505", "UniqueConstraintViolation") } }), AlreadyExists],
    ["a write conflict", Object.assign(new Error("Transaction failed due to a write conflict or a deadlock"), { code: "P2034" }), Conflict],
    ["a serialization failure in raw SQL", Object.assign(new Error("Raw query failed"), { code: "P2010", meta: { driverAdapterError: adapterError("40001", "postgres") } }), Conflict],
    ["a deadlock from the driver", Object.assign(new Error("deadlock detected"), { code: "40P01" }), Conflict],
  ])("turns %s into the store's error, keeping the driver's as the cause", (_, error, type) => {
    const translated = translateDbError(error);
    expect(translated).toBeInstanceOf(type);
    expect((translated as Error).cause).toBe(error);
  });

  it("leaves every other error as it is", () => {
    const error = Object.assign(new Error("division by zero"), { code: "P2010", meta: { driverAdapterError: adapterError("22012", "postgres") } });
    expect(translateDbError(error)).toBe(error);
  });
});

/** The server process behind a handle's connection. */
const backendPid = async (db: Db) => (await sqlOf(db).query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`))[0]!.pid;
const leadCount = async (db: Db, teamId: number) => (await sqlOf(db).query<{ n: number }>(`SELECT count(*)::int AS n FROM lead WHERE team_id = $1`, [teamId]))[0]!.n;

function storeSuite(kind: "pglite" | "postgres") {
  describe(`the store (${kind})`, () => {
    let store: StoreHandle;
    let team: TeamFixture;
    beforeEach(async () => {
      store = await createTestStore(kind);
      team = await buildTeam(store.prisma);
    });
    afterEach(async () => store?.close());

    it("commits a transaction's work, and rolls all of it back when the work throws", async () => {
      await store.store.transaction((tx) => bindChat(tx, team.teamId, "slack", "T-KEPT"));
      await expect(
        store.store.transaction(async (tx) => {
          await bindChat(tx, team.teamId, "slack", "T-GONE");
          throw new Error("changed my mind");
        }),
      ).rejects.toThrow("changed my mind");
      expect(await findTeamIdByBinding(store.store.db, "slack", "T-KEPT")).toBe(team.teamId);
      expect(await findTeamIdByBinding(store.store.db, "slack", "T-GONE")).toBeNull();
    });

    it("says AlreadyExists for a unique violation, in a transaction or not", async () => {
      await bindChat(store.store.db, team.teamId, "telegram", "-100");
      const outside = await bindChat(store.store.db, team.teamId, "telegram", "-100").catch((error: unknown) => error);
      expect(outside).toBeInstanceOf(AlreadyExists);
      const inside = await store.store.transaction((tx) => bindChat(tx, team.teamId, "telegram", "-100")).catch((error: unknown) => error);
      expect(isAlreadyExists(inside)).toBe(true);
    });

    it("runs a conflicting transaction again, and says Conflict once the attempts run out", async () => {
      let runs = 0;
      const answer = await store.store.retrying(async () => {
        runs += 1;
        if (runs < 3) throw new Conflict();
        return "done";
      });
      expect({ answer, runs }).toEqual({ answer: "done", runs: 3 });

      runs = 0;
      const failed = await store.store.retrying(async () => {
        runs += 1;
        throw new Conflict();
      }, { attempts: 2 }).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(Conflict);
      expect(runs).toBe(2);
    });

    it("retries a look-up-or-create that lost a race only when asked to", async () => {
      await bindChat(store.store.db, team.teamId, "slack", "T-RACE");
      let runs = 0;
      const work = async (tx: Parameters<Parameters<typeof store.store.transaction>[0]>[0]) => {
        runs += 1;
        if (runs === 1) await bindChat(tx, team.teamId, "slack", "T-RACE");
        return findTeamIdByBinding(tx, "slack", "T-RACE");
      };
      await expect(store.store.retrying(work)).rejects.toBeInstanceOf(AlreadyExists);
      runs = 0;
      expect(await store.store.retrying(work, { onAlreadyExists: "retry" })).toBe(team.teamId);
      expect(runs).toBe(2);
    });

    describe("transactions of raw SQL only (sqlOnly: outside Prisma on PostgreSQL)", () => {
      const sqlOnly = { sqlOnly: true } as const;
      const bindings = (teamId: number) =>
        store.sql.query<{ external_id: string }>(`SELECT external_id FROM chat_binding WHERE team_id = $1 ORDER BY external_id`, [teamId]);
      const bindRaw = (tx: Parameters<Parameters<typeof store.store.transaction>[0]>[0], externalId: string) =>
        insertEvents(tx, team.teamId, [], "api", new Date()).then(() =>
          // A raw statement through the repositories' own runner, as ingestion's are.
          sqlOf(tx).query(`INSERT INTO chat_binding (team_id, platform, external_id) VALUES ($1, 'slack', $2)`, [team.teamId, externalId]),
        );

      it("commits its work, and rolls all of it back when the work throws", async () => {
        await store.store.transaction((tx) => bindRaw(tx, "T-RAW-KEPT"), sqlOnly);
        const failed = store.store.transaction(async (tx) => {
          await bindRaw(tx, "T-RAW-GONE");
          throw new Error("changed my mind");
        }, sqlOnly);
        await expect(failed).rejects.toThrow("changed my mind");
        expect((await bindings(team.teamId)).map((b) => b.external_id)).toEqual(["T-RAW-KEPT"]);
      });

      it("sees its own writes, and says AlreadyExists for a unique violation", async () => {
        const seen = await store.store.transaction(async (tx) => {
          await bindRaw(tx, "T-RAW-1");
          return preparedSqlOf(tx).query<{ n: number }>(`SELECT count(*)::int AS n FROM chat_binding WHERE team_id = $1`, [team.teamId]);
        }, sqlOnly);
        expect(seen).toEqual([{ n: 1 }]);
        const duplicate = await store.store.transaction((tx) => bindRaw(tx, "T-RAW-1"), sqlOnly).catch((error: unknown) => error);
        expect(duplicate).toBeInstanceOf(AlreadyExists);
        // A refused transaction leaves its connection fit for the next one.
        expect(await store.store.transaction((tx) => preparedSqlOf(tx).query<{ ok: number }>(`SELECT 1 AS ok`), sqlOnly)).toEqual([{ ok: 1 }]);
      });

      it("commits without waiting for the disk only when told (the leads a batch creates ahead of its events)", async () => {
        const setting = (options: { waitForDisk?: boolean }) =>
          store.store.transaction((tx) => preparedSqlOf(tx).query<{ mode: string }>(`SELECT current_setting('synchronous_commit') AS mode`), { ...sqlOnly, ...options });
        expect(await setting({ waitForDisk: false })).toEqual([{ mode: "off" }]);
        expect(await setting({})).toEqual([{ mode: "on" }]);
        const prismaPath = (options: { waitForDisk?: boolean }) =>
          store.store.transaction((tx) => sqlOf(tx).query<{ mode: string }>(`SELECT current_setting('synchronous_commit') AS mode`), options);
        expect(await prismaPath({ waitForDisk: false })).toEqual([{ mode: "off" }]);
        expect(await prismaPath({})).toEqual([{ mode: "on" }]);
      });

      it("begins planned by key when told (PostgreSQL: in its BEGIN, not a round trip of its own), for that transaction only", async () => {
        const planning = (options: { planByKey?: boolean }) =>
          store.store.transaction(async (tx) => {
            const [row] = await sqlOf(tx).query<{ seqscan: string; hashjoin: string }>(
              `SELECT current_setting('enable_seqscan') AS seqscan, current_setting('enable_hashjoin') AS hashjoin`,
            );
            return { ...row, marked: isPlannedByKey(tx) };
          }, { ...sqlOnly, ...options });
        // PGlite's transactions are Prisma's: there the re-score's statements set it themselves.
        const raw = kind === "postgres" ? "off" : "on";
        expect(await planning({ planByKey: true })).toEqual({ seqscan: raw, hashjoin: raw, marked: kind === "postgres" });
        expect(await planning({})).toEqual({ seqscan: "on", hashjoin: "on", marked: false });
      });

      it("rolls back work that outlasts its timeout", async () => {
        const slow = store.store.transaction(async (tx) => {
          await bindRaw(tx, "T-RAW-SLOW");
          await new Promise((resolve) => setTimeout(resolve, 300));
          await sqlOf(tx).query(`SELECT 1`);
        }, { ...sqlOnly, timeout: 100 });
        await expect(slow).rejects.toThrow(/100 ms/);
        expect(await bindings(team.teamId)).toEqual([]);
      });

      it("reads timestamps, dates and bigints as Prisma's raw queries do, whatever the process's time zone", async () => {
        const text = `SELECT '2026-06-01 09:00:00.123'::timestamp(3) AS at, '2026-06-01'::date AS day, 5000000000::bigint AS big, 7 AS n`;
        const zone = process.env.TZ;
        process.env.TZ = "America/New_York";
        try {
          const throughPrisma = await store.prisma.$queryRawUnsafe<unknown[]>(text);
          const inside = await store.store.transaction((tx) => preparedSqlOf(tx).query(text), sqlOnly);
          const outside = await preparedSqlOf(store.store.db).query(text);
          // Prepared once per connection inside too: the same rows on every call.
          const keyed = await store.store.transaction(async (tx) => [await keyedSqlOf(tx).query(text), await keyedSqlOf(tx).query(text)], sqlOnly);
          expect(inside).toEqual(throughPrisma);
          expect(outside).toEqual(throughPrisma);
          expect(keyed).toEqual([throughPrisma, throughPrisma]);
          expect(inside).toEqual([{ at: new Date("2026-06-01T09:00:00.123Z"), day: new Date("2026-06-01T00:00:00.000Z"), big: 5_000_000_000n, n: 7 }]);
        } finally {
          if (zone === undefined) delete process.env.TZ;
          else process.env.TZ = zone;
        }
      });

      if (kind === "postgres") {
        it("leaves the server's plan cache mode alone, which the foreign-key checks of its inserts plan by too", async () => {
          // Forcing custom plans here re-planned a check for every inserted row: twice the time of the insert.
          const [row] = await store.store.transaction((tx) => preparedSqlOf(tx).query<{ mode: string }>(`SELECT current_setting('plan_cache_mode') AS mode`), sqlOnly);
          expect(row!.mode).toBe("auto");
        });

        it("refuses a Prisma call inside, naming the rule", async () => {
          const mixed = store.store.transaction((tx) => bindChat(tx, team.teamId, "slack", "T-PRISMA"), sqlOnly);
          await expect(mixed).rejects.toThrow(/raw-SQL repositories only/);
          expect(await bindings(team.teamId)).toEqual([]);
        });
      }
    });

    it("takes no writes in a snapshot", async () => {
      const write = store.store.snapshot((db) => bindChat(db, team.teamId, "slack", "T-RO")).catch((error: unknown) => error);
      expect(String(await write)).toMatch(/read-only transaction/);
      expect(await findTeamIdByBinding(store.store.db, "slack", "T-RO")).toBeNull();
    });

    if (kind === "postgres") {
      it("sees the database as of its first read in a snapshot, whatever commits meanwhile", async () => {
        await buildLead(team, { name: "Before" });
        const counts = await store.store.snapshot(async (db) => {
          const first = (await listLeads(db, team.teamId, {}, 100)).total;
          await buildLead(team, { name: "Meanwhile" }); // another connection, committed
          const second = (await listLeads(db, team.teamId, {}, 100)).total;
          return { first, second };
        });
        expect(counts).toEqual({ first: 1, second: 1 });
        expect((await listLeads(store.store.db, team.teamId, {}, 100)).total).toBe(2);
      });

      it("reads beside a snapshot on a second connection that sees the same snapshot, not what committed since", async () => {
        await buildLead(team, { name: "Before" });
        const seen = await store.store.snapshot(async (db, beside) => {
          const first = (await listLeads(db, team.teamId, {}, 100)).total;
          await buildLead(team, { name: "Meanwhile" }); // another connection, committed
          const [own, other] = await Promise.all([backendPid(db), beside!(async (next) => ({ pid: await backendPid(next), total: await leadCount(next, team.teamId) }))]);
          return { first, besideTotal: other.total, sameConnection: own === other.pid };
        });
        expect(seen).toEqual({ first: 1, besideTotal: 1, sameConnection: false });
        // Read-only, like the snapshot it shares.
        const rename = (db: Db) => sqlOf(db).query(`UPDATE lead SET name = 'Renamed' WHERE team_id = $1`, [team.teamId]);
        const write = store.store.snapshot((_db, beside) => beside!(rename)).catch((e: unknown) => e);
        expect(String(await write)).toMatch(/read-only transaction/);
        expect((await listLeads(store.store.db, team.teamId, {}, 100)).rows.map((l) => l.name)).not.toContain("Renamed");
      });
    } else {
      it("has no second connection to read beside a snapshot on (one connection)", async () => {
        expect(await store.store.snapshot(async (_db, beside) => beside)).toBeNull();
      });
    }

    describe("rows that do not read back", () => {
      it("names the team and the column when a team's tiers are not tiers", async () => {
        await store.prisma.team.update({ where: { id: team.teamId }, data: { tiers: [{ key: "hot" }] } });
        const error = await loadTeamContext(store.store.db, team.teamId).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidRow);
        expect((error as Error).message).toMatch(new RegExp(`^team ${team.teamId}: tiers does not read back at 0\\.label`));
      });

      it("names the rule when its match does not fit its kind", async () => {
        const rule = await store.prisma.rule.findFirstOrThrow({ where: { teamId: team.teamId, kind: "event" } });
        await store.prisma.rule.update({ where: { id: rule.id }, data: { match: { field: "country" } } });
        await expect(loadTeamContext(store.store.db, team.teamId)).rejects.toThrow(new RegExp(`^rule ${rule.id}: match does not read back at type`));
      });

      it("names a pending change whose stored configuration is not one", async () => {
        await store.prisma.pendingRuleChange.create({
          data: { id: "bad1", teamId: team.teamId, memberId: team.manager.memberId, summary: "x", proposed: { rules: "all" }, base: {}, expiresAt: new Date() },
        });
        await expect(findPendingChange(store.store.db, team.teamId, "bad1")).rejects.toThrow(/^pending_rule_change bad1: proposed does not read back/);
      });

      it("refuses a platform name our code never writes", async () => {
        const bad = "My Space!" as "slack";
        await store.prisma.member.create({ data: { teamId: team.teamId, platform: bad, externalId: "tom", displayName: "Tom" } });
        await expect(findMember(store.store.db, team.teamId, "slack", "tom")).resolves.toBeNull();
        await expect(store.prisma.member.count({ where: { platform: bad } })).resolves.toBe(1);
        const error = await findMember(store.store.db, team.teamId, bad, "tom").catch((e: unknown) => e);
        expect(String(error)).toMatch(/member \d+: platform names no known platform: "My Space!"/);
      });

      it("lists the other leads, and names the one whose attributes are not an object", async () => {
        await buildLead(team, { name: "Good", attributes: { country: "DE" } });
        const bad = await buildLead(team, { name: "Bad" });
        await store.prisma.lead.update({ where: { id: bad.id }, data: { attributes: "not an object" } });
        const { rows, invalid } = await listLeads(store.store.db, team.teamId, {}, 10, { attributes: true });
        expect(rows.map((r) => [r.name, r.attributes])).toEqual(
          expect.arrayContaining([
            ["Good", { country: "DE" }],
            ["Bad", {}],
          ]),
        );
        expect(invalid.map((e) => e.message)).toEqual([`lead ${bad.id}: attributes does not read back: expected a JSON object`]);
      });

      it("re-scores a team with a lead whose attributes are a bare string, the others unaffected", async () => {
        const bad = await buildLead(team, { name: "Bad" });
        await buildLead(team, { name: "Fine" });
        await store.prisma.lead.update({ where: { id: bad.id }, data: { attributes: "text" } });
        const context = await loadTeamContext(store.store.db, team.teamId);
        await expect(store.store.transaction((tx) => rescoreTeam(tx, context, team.time.clock()))).resolves.toBeInstanceOf(Array);
      });

      it("claims an outbox message whose payload is a bare JSON string with the rest, for its view to refuse alone", async () => {
        const at = team.time.clock();
        const message = (payload: object | string, n: number) =>
          insertOutbox(store.store.db, { teamId: team.teamId, kind: "alert", platform: "slack", channel: "C1", payload, dedupeKey: `s:${n}`, nextAttemptAt: at, createdAt: at });
        await message("just text", 1);
        await message({ view: "alert", data: {} }, 2);
        const claimed = await claimDue(store.store.db, at, new Date(at.getTime() + 60_000), 10, ["slack"]);
        expect(claimed.map((m) => m.payload)).toEqual(["just text", { view: "alert", data: {} }]);
      });
    });
  });
}

storeSuite("pglite");
describe.runIf(await postgresAvailable())("PostgreSQL server", () => storeSuite("postgres"));
