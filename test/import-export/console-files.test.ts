/** The console chat with files: exports are saved and their path printed; imports read a path. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import type { StoreHandle } from "../../src/store/client.js";
import { runConsole } from "../../src/platforms/console/console.transport.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore, refuseLeadsNamed } from "../support/db.js";
import { encodeIn } from "./encodings.js";

describe("console chat with files", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  const dir = mkdtempSync(join(tmpdir(), "leadbot-files-"));

  beforeAll(async () => {
    store = await createTestStore("pglite");
    await refuseLeadsNamed(store, "Boom");
    team = await buildTeam(store.prisma);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function chat(lines: string[], actor = team.rep): Promise<string> {
    const input = new PassThrough();
    let out = "";
    const output = new Writable({ write: (chunk: Buffer, _e, done) => void ((out += chunk.toString()), done()) });
    const log = pino({ level: "silent" });
    const running = runConsole({
      input,
      output,
      interactive: false,
      exportDir: join(dir, "exports"),
      handle: (line, files) => handleLine(line, { deps: team.deps, actor, ...(files ? { files } : {}) }, log),
    });
    input.end(lines.join("\n") + "\n");
    await running;
    return out;
  }

  it("saves an export into the export directory and prints where, without overwriting an earlier one", async () => {
    await buildLead(team, { name: "Ada Lovelace", email: "ada@example.com" });
    const out = await chat(["/lead export csv", "/lead export csv"]);
    const paths = [...out.matchAll(/Saved .* to (\S+)/g)].map((m) => m[1]!);
    expect(paths).toEqual([join(dir, "exports", "leads-2026-06-01.csv"), join(dir, "exports", "leads-2026-06-01-1.csv")]);
    expect(readFileSync(paths[0]!, "utf8")).toMatch(/Ada Lovelace,ada@example\.com/);
  });

  it("imports a file given by its path, and says so when the path is wrong", async () => {
    const file = join(dir, "new leads.csv");
    writeFileSync(file, "email,name\nbob@example.com,Bob\nnot-an-email,Bad\n");
    const out = await chat([`/lead import "${file}"`, "/lead import ./nowhere.csv"]);
    expect(out).toMatch(/Imported new leads\.csv: 1 new lead, 0 updated, 1 row rejected\./);
    expect(out).toMatch(/row 3: email is not a valid email address/);
    expect(out).toMatch(/I can't find \.\/nowhere\.csv/);
    expect(await store.prisma.lead.count({ where: { teamId: team.teamId, email: "bob@example.com" } })).toBe(1);
  });

  it("imports a webhook mapping file given by its path, for managers only", async () => {
    const file = join(dir, "hooks.yaml");
    writeFileSync(file, "sources:\n  website-form:\n    email: /email\n    type: demo_request\n");
    expect(await chat([`/hooks import ${file}`])).toMatch(/Only managers and admins can set up webhook sources/);
    expect(await chat([`/hooks import ${file}`], team.manager)).toMatch(/hooks\.yaml: added website-form\./);
    expect(await store.prisma.hookSource.findMany({ where: { teamId: team.teamId }, select: { name: true } })).toEqual([{ name: "website-form" }]);
  });

  it("says which rows were not imported when a database error stops an import part way, and which encoding it guessed", async () => {
    const cut = join(dir, "cut.csv");
    // The database refuses the 1,001st lead (row 1002, named "Boom"): the second batch of 1,000 fails.
    writeFileSync(cut, `email,name\n${Array.from({ length: 1_002 }, (_, i) => `cut${i}@example.com,${i === 1_000 ? "Boom" : "Cut"}`).join("\n")}\n`);
    const cyrillic = join(dir, "russian.csv");
    writeFileSync(cyrillic, encodeIn("name;email\nИван Петров;ivan@example.ru\n", "windows-1251"));
    const out = await chat([`/lead import ${cut}`, `/lead import ${cyrillic}`]);
    expect(out).toMatch(/Imported part of cut\.csv: 1000 new leads, 0 updated, 0 rows rejected\./);
    expect(out).toMatch(/rows 1002–1003 were not imported \(the rows before were\)\. Sending the file again is safe/);
    expect(out).not.toMatch(/nothing was changed/);
    expect(await store.prisma.lead.count({ where: { teamId: team.teamId, email: { startsWith: "cut" } } })).toBe(1_000);
    expect(out).toMatch(/Imported russian\.csv: 1 new lead/);
    expect(out).toMatch(/I read it as Windows-1251 \(Cyrillic\)/);
    expect(await store.prisma.lead.findFirst({ where: { teamId: team.teamId, email: "ivan@example.ru" } })).toMatchObject({ name: "Иван Петров" });
  });
});
