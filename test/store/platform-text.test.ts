/**
 * Platform names are text (migration 20261210110000_platform_text): the migration keeps every
 * stored name, and afterwards a platform the database has never heard of needs no migration.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_MIGRATIONS_DIR, migrate } from "../../src/store/migrator.js";
import { createEmptyDatabase, postgresAvailable, type EmptyDatabase } from "../support/db.js";

const MIGRATION = "20261210110000_platform_text";

/** prisma/migrations up to, not including, the platform migration. */
async function migrationsBefore(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "leadbot-platform-"));
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true, filter: (source) => !source.includes(MIGRATION) });
  return dir;
}

function platformTextSuite(kind: "pglite" | "postgres") {
  describe(`platform names as text (${kind})`, () => {
    let db: EmptyDatabase;
    let session: Awaited<ReturnType<EmptyDatabase["session"]>>;
    let before: string;
    beforeEach(async () => {
      db = await createEmptyDatabase(kind);
      session = await db.session();
      before = await migrationsBefore();
    });
    afterEach(async () => {
      await session.close();
      await db.close();
      await rm(before, { recursive: true, force: true });
    });

    it("keeps every stored platform name and then takes a new one without a migration", async () => {
      await migrate(session, { migrationsDir: before });
      await session.query(`INSERT INTO team (id, name, tiers, channel_platform, digest_channel) VALUES (1, 'A', '[]', 'telegram', '-100')`);
      await session.query(`INSERT INTO chat_binding (team_id, platform, external_id) VALUES (1, 'slack', 'T1'), (1, 'console', 'local')`);
      await session.query(`INSERT INTO member (team_id, platform, external_id, display_name) VALUES (1, 'telegram', '42', 'Tanja')`);
      await session.query(`INSERT INTO outbox (team_id, kind, platform, channel, payload) VALUES (1, 'alert', 'slack', 'C1', '{}')`);
      await session.query(`INSERT INTO chat_flow (platform, chat_id, user_id, team_id, kind, state) VALUES ('telegram', '-100', '42', 1, 'form', '{}')`);

      expect(await migrate(session)).toMatchObject({ applied: [MIGRATION] });

      const names = await session.query<{ name: string }>(
        `SELECT channel_platform AS name FROM team
         UNION ALL SELECT platform FROM chat_binding UNION ALL SELECT platform FROM member
         UNION ALL SELECT platform FROM outbox UNION ALL SELECT platform FROM chat_flow`,
      );
      expect(names.map((r) => r.name).sort()).toEqual(["console", "slack", "slack", "telegram", "telegram", "telegram"]);
      expect(await session.query(`SELECT 1 FROM pg_type WHERE typname = 'Platform' AND typnamespace = current_schema()::regnamespace`)).toEqual([]);

      await session.query(`INSERT INTO chat_binding (team_id, platform, external_id) VALUES (1, 'discord', 'G1')`);
      // The unique constraints over the rebuilt columns hold as before.
      await expect(session.query(`INSERT INTO chat_binding (team_id, platform, external_id) VALUES (1, 'slack', 'T1')`)).rejects.toThrow(/duplicate key/);
    });
  });
}

platformTextSuite("pglite");
if (await postgresAvailable()) platformTextSuite("postgres");
