import { systemClock, type Clock } from "../../src/services/clock.js";
import type { Actor } from "../../src/services/actor.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import { addLead, type NewLead } from "../../src/services/lead.service.js";
import { createTeam } from "../../src/services/team.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { createStore } from "../../src/store/store.js";
import type { PrismaClient } from "../../src/store/types.js";
import { failureText } from "../../src/views/failure.view.js";

/**
 * What services are given, over a test store (or a bare Prisma client, such as one a test
 * wrapped to fail on purpose) and a clock.
 */
export function serviceDeps(store: StoreHandle | PrismaClient, clock: Clock = systemClock): ServiceDeps {
  return { store: isHandle(store) ? store.store : createStore(store), clock };
}

const isHandle = (store: StoreHandle | PrismaClient): store is StoreHandle => "migrations" in store && "store" in store;

/** A controllable clock: tests move time instead of waiting for it. */
export function testClock(start = new Date("2026-06-01T09:00:00Z")) {
  let now = start;
  return {
    clock: () => now,
    set(at: Date) {
      now = at;
    },
    advanceDays(days: number) {
      now = new Date(now.getTime() + days * 86_400_000);
    },
  };
}

export interface TeamFixture {
  deps: ServiceDeps;
  /** The client under `deps.store`, for tests that set rows up or read them directly. */
  prisma: PrismaClient;
  teamId: number;
  manager: Actor;
  otherManager: Actor;
  rep: Actor;
  otherRep: Actor;
  time: ReturnType<typeof testClock>;
}

/** A team with the default rule set, two managers and two reps. */
export async function buildTeam(db: PrismaClient, options: { name?: string; timezone?: string } = {}): Promise<TeamFixture> {
  const time = testClock();
  const deps = serviceDeps(db, time.clock);
  const teamId = await deps.store.transaction((tx) => createTeam(tx, options.name ?? "Test Team", options.timezone ?? "UTC"));
  const member = async (name: string, role: Actor["role"]): Promise<Actor> => {
    const row = await db.member.create({ data: { teamId, platform: "console", externalId: name.toLowerCase(), displayName: name, role } });
    return { teamId, memberId: row.id, role, name };
  };
  return {
    deps,
    prisma: db,
    teamId,
    time,
    manager: await member("Mia Manager", "manager"),
    otherManager: await member("Max Manager", "manager"),
    rep: await member("Rita Rep", "rep"),
    otherRep: await member("Ron Rep", "rep"),
  };
}

let counter = 0;

/** Adds a lead through the real service, with sensible defaults. */
export async function buildLead(team: TeamFixture, overrides: Partial<NewLead> = {}) {
  counter += 1;
  const result = await addLead(team.deps, team.manager, {
    name: `Lead ${counter}`,
    email: `lead${counter}@example.com`,
    company: `Company ${counter}`,
    ...overrides,
  });
  if (!result.ok) throw new Error(`buildLead failed: ${failureText(result.error)}`);
  return result.value.lead;
}
