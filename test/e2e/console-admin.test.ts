import { PassThrough, Readable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { ApiKeyAuthenticator } from "../../src/services/api-key.service.js";
import { systemClock } from "../../src/services/clock.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import { seedDemoIfEmpty } from "../../src/services/demo-seed.js";
import { actorFor, ensureTeam } from "../../src/services/team.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { runConsole } from "../../src/platforms/console/console.transport.js";
import { createTestStore } from "../support/db.js";
import { serviceDeps } from "../support/builders.js";

const log = pino({ level: "silent" });

/** The quick start: `npm start` seeds the demo team and chats in the terminal as its console user. */
describe("the console user on the demo team", () => {
  let store: StoreHandle;
  let deps: ServiceDeps;

  beforeAll(async () => {
    store = await createTestStore("pglite");
    deps = serviceDeps(store, systemClock);
    expect(await seedDemoIfEmpty(deps)).toBe(true);
  });
  afterAll(async () => store?.close());

  it("is the team's admin and creates an API key in chat, no second process needed", async () => {
    // As src/main.ts makes the console actor.
    const teamId = await ensureTeam(deps, { platform: "console", externalId: "local", name: "My team" });
    const actor = await actorFor(deps, teamId, { platform: "console", externalId: "local", displayName: "You" });
    expect(actor).toMatchObject({ role: "admin", name: "You" });
    expect((await store.prisma.team.findUniqueOrThrow({ where: { id: teamId } })).name).toBe("Demo Sales");

    const output = new PassThrough();
    let printed = "";
    output.on("data", (d: Buffer) => (printed += d.toString()));
    await runConsole({
      input: Readable.from(["/admin apikey create website tracking\n", "/admin apikey list\n"]),
      output,
      interactive: false,
      handle: (line) => handleLine(line, { deps, actor }, log),
    });

    const key = /lsk_[A-Za-z0-9_-]+/.exec(printed)?.[0];
    expect(key, printed).toBeDefined();
    expect(printed).not.toMatch(/Only admins/);
    expect(printed).toMatch(/website tracking/);
    expect(await new ApiKeyAuthenticator(deps).authenticate(key!)).toMatchObject({ teamId });
  });

  it("is the demo team's founder, so people joining it later are reps", async () => {
    const teamId = await ensureTeam(deps, { platform: "console", externalId: "local", name: "My team" });
    const founders = await store.prisma.member.findMany({ where: { teamId, founder: true } });
    expect(founders.map((m) => m.externalId)).toEqual(["local"]);
    expect((await actorFor(deps, teamId, { platform: "console", externalId: "newcomer", displayName: "New" })).role).toBe("rep");
  });
});
