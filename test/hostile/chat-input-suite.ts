import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { renderText } from "../../src/chat/text.render.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });

/** Chat arguments get the same limits as the API: a clear answer, and nothing written. */
export function chatInputSuite(kind: "pglite" | "postgres") {
  describe(`hostile chat input on ${kind}`, () => {
    let store: StoreHandle;
    let team: TeamFixture;
    const say = async (text: string) => {
      const reply = await handleLine(text, { deps: team.deps, actor: team.manager }, log);
      return { reply, text: renderText(reply).text };
    };
    const footprint = async () =>
      JSON.stringify(
        await Promise.all([
          store.prisma.event.count(),
          store.prisma.callLog.count(),
          store.prisma.qualification.count(),
          store.prisma.pendingRuleChange.count(),
          store.prisma.rule.findMany({ orderBy: { id: "asc" } }),
          store.prisma.lead.findMany({ orderBy: { id: "asc" } }),
        ]),
      );

    beforeAll(async () => {
      store = await createTestStore(kind);
    });
    afterAll(async () => store?.close());
    beforeEach(async () => {
      team = await buildTeam(store.prisma);
      await buildLead(team, { name: "Jana Novak", company: "Acme Logistics", email: "jana@acme.example" });
    });

    it.each([
      ["a NUL in /lead add", "/lead add Ja\u0000ne email=jane@example.com", /character I can't store/],
      ["half an emoji in a call note", '/log jana connected "call back \ud83d"', /character I can't store/],
      ["a 20,000-character name", `/lead add ${"N".repeat(20_000)} email=n@example.com`, /20,0\d\d characters long; I read at most 8,000/],
      ["a 300-character name", `/lead add ${"N".repeat(300)} email=n@example.com`, /name is 300 characters long; at most 200 fit/],
      ["a 2,500-character call note", `/log jana connected "${"n".repeat(2_500)}"`, /note is 2,500 characters long; at most 2,000 fit/],
      ["a 2,500-character answer note", `/qualify jana budget="yes: ${"n".repeat(2_500)}"`, /budget note is 2,500 characters long/],
      ["a purchase in year 0", "/lead add Old email=old@example.com last_purchase=0000-01-01", /last purchase is before 1970/],
      ["a buying cycle longer than the API allows", "/lead add Cyc email=cyc@example.com cycle_days=5000", /cycle_days is a whole number of days from 1 to 3,650/],
      ["a buying cycle too long to store", "/lead add Cyc email=cyc@example.com cycle_days=99999999999", /cycle_days is a whole number of days from 1 to 3,650/],
      ["101 attributes", `/lead add Wide email=w@example.com ${Array.from({ length: 101 }, (_, i) => `k${i}=${i}`).join(" ")}`, /at most 100 attributes/],
      ["max 0 in plain words", "/weights website visits max 0", /counts at least once/],
      ["max 0 in the strict form", "/weights website_visit 10 max=0", /counts at least once|max=0 should be a whole number/],
      ["a 150-character rule label", `/weights add trade_show 20 label="${"L".repeat(150)}"`, /label is 1 to 100 characters/],
    ])("answers %s with a clear reason and writes nothing", async (_, line, expected) => {
      const before = await footprint();
      const { reply, text } = await say(line);
      expect(reply.tone).not.toBe("ok");
      expect(text).toMatch(expected);
      expect(text).not.toMatch(/something went wrong/);
      expect(await footprint()).toBe(before);
    });

    it("reads % and _ in a lead search as themselves, not as wildcards", async () => {
      await buildLead(team, { name: "Fifty Percent Ltd", company: "500 Club", email: "club@example.com" });
      expect((await say("/lead status 50%")).text).toMatch(/No lead matches "50%"/);
      expect((await say("/lead status Jan_")).text).toMatch(/No lead matches "Jan_"/);
      await buildLead(team, { name: "50% Off Store", email: "off@example.com" });
      expect((await say("/lead status 50%")).text).toMatch(/50% Off Store/);
    });
  });
}
