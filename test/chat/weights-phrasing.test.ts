import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Action, Reply } from "../../src/chat/reply.js";
import { handleLine } from "../../commands/index.js";
import { renderText } from "../../src/chat/text.render.js";
import type { Actor } from "../../src/services/actor.js";
import { recordEvent } from "../../src/services/lead.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { loadTeamContext } from "../../src/services/team-context.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });
const actionsOf = (reply: Reply): Action[] => reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []));

describe("/weights in plain words", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  let warm: { id: number };
  const say = async (actor: Actor, text: string) => {
    const reply = await handleLine(text, { deps: team.deps, actor }, log);
    return { reply, text: renderText(reply).text, actions: actionsOf(reply) };
  };
  const config = async () => (await loadTeamContext(store.store.db, team.teamId)).config;
  /** Everything a weights change could write for this team: rules, tiers, scores, pending and applied changes. */
  const footprint = async () =>
    JSON.stringify(
      await Promise.all([
        config(),
        store.prisma.pendingRuleChange.count({ where: { teamId: team.teamId } }),
        store.prisma.ruleChange.count({ where: { teamId: team.teamId } }),
        store.prisma.lead.findMany({ where: { teamId: team.teamId }, orderBy: { id: "asc" } }),
      ]),
    );
  /** Runs the Confirm button of a preview. */
  const confirm = async (reply: Reply) => {
    const command = actionsOf(reply).find((a) => a.label === "Confirm")?.command;
    if (!command) throw new Error(`no Confirm button in ${renderText(reply).text}`);
    return say(team.manager, command);
  };

  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    team = await buildTeam(store.prisma);
    // 55 points (demo request 40 + pricing page 15): warm, 5 short of hot.
    warm = await buildLead(team, { name: "Jana Novak", company: "Acme Logistics" });
    await recordEvent(team.deps, team.rep, `#${warm.id}`, { type: "demo_request" });
    await recordEvent(team.deps, team.rep, `#${warm.id}`, { type: "pricing_page" });
  });

  it.each([
    ["/weights make demo requests worth 45", "/weights demo_request 45"],
    ["/weights demo requets = 45 pts", "/weights demo_request 45"],
    ["/weights careers page −15", "/weights careers_page -15"],
    ["/weights pricing valid for 6 weeks", "/weights pricing_page valid=42d"],
    ["/weights count website visits at most 3 times", "/weights website_visit max=3"],
    ["/weights make hot 55", "/weights thresholds hot=55"],
  ])("previews %j exactly as %j does", async (loose, strict) => {
    const a = await say(team.manager, loose);
    const b = await say(team.manager, strict);
    const withoutId = (text: string) => text.replace(/(confirm|cancel) [0-9a-f]{8}/g, "$1 <id>");
    expect(a.text).toMatch(/^Preview: /);
    expect(withoutId(a.text)).toBe(withoutId(b.text));
    expect(a.actions.map((x) => x.label)).toEqual(["Confirm", "Cancel"]);
  });

  it("shows a loose change's effect on the leads and applies it only on confirm", async () => {
    const before = await footprint();
    const preview = await say(team.manager, "/weights make demo requests worth 45");
    expect(preview.text).toMatch(/Preview: Demo request \(demo_request\): \+40 → \+45 points/);
    expect(preview.text).toMatch(/Moving up a tier:\n\s+• #\d+ Jana Novak: warm 55 → hot 60/);
    expect((await config()).rules.find((r) => r.key === "demo_request")?.points).toBe(40);
    expect(await store.prisma.pendingRuleChange.count({ where: { teamId: team.teamId } })).toBe(1);
    expect(await footprint()).not.toBe(before);
    const done = await confirm(preview.reply);
    expect(done.text).toMatch(/Scoring changed by Mia Manager: Demo request/);
    expect(await store.prisma.lead.findUniqueOrThrow({ where: { id: warm.id } })).toMatchObject({ score: 60, tier: "hot" });
  });

  it.each([
    ["/weights what if demo requests were 45?", /What if: Demo request \(demo_request\): \+40 → \+45 points/, "/weights demo_request 45"],
    ["/weights demo 45?", /What if: Demo request/, "/weights demo_request 45"],
    ["/weights what would happen if hot were 55", /What if: Thresholds: hot 60 → 55/, "/weights thresholds hot=55"],
  ])("answers %j with the effect and changes nothing", async (text, header, makeIt) => {
    const before = await footprint();
    const answer = await say(team.manager, text);
    expect(answer.text).toMatch(header);
    expect(answer.text).toMatch(/Moving up a tier:\n\s+• #\d+ Jana Novak: warm 55 → hot/);
    expect(answer.text).toMatch(/Nothing was changed; this is only a what-if/);
    expect(answer.actions).toEqual([{ label: "Make this change", command: makeIt, style: "primary" }]);
    expect(await footprint()).toBe(before);
    // The button asks for the change for real: a normal preview waiting for confirmation.
    const preview = await say(team.manager, makeIt);
    expect(preview.text).toMatch(/^Preview: /);
    expect(preview.actions.map((a) => a.label)).toEqual(["Confirm", "Cancel"]);
  });

  it("asks back on an ambiguous rule with one button per rule, writing nothing", async () => {
    const before = await footprint();
    const answer = await say(team.manager, "/weights page 20");
    expect(answer.text).toMatch(/"page" could be several rules\. Did you mean one of these\?/);
    expect(answer.actions.map((a) => a.command).sort()).toEqual(["/weights careers_page 20", "/weights pricing_page 20"]);
    expect(answer.actions.map((a) => a.label)).toContain("Viewed the pricing page (pricing_page)");
    expect(await footprint()).toBe(before);
    const chosen = await say(team.manager, "/weights pricing_page 20");
    expect(chosen.text).toMatch(/Preview: Viewed the pricing page \(pricing_page\): \+15 → \+20 points/);
  });

  it("keeps an ambiguous what-if a what-if once a rule is chosen", async () => {
    const before = await footprint();
    const answer = await say(team.manager, "/weights what if request 30?");
    const commands = answer.actions.map((a) => a.command).sort();
    expect(commands).toEqual(["/weights what if demo_request 30", "/weights what if quote_request 30"]);
    const chosen = await say(team.manager, commands[0]!);
    expect(chosen.text).toMatch(/What if: Demo request \(demo_request\): \+40 → \+30 points/);
    expect(await footprint()).toBe(before);
  });

  it("answers words it cannot read with usage and examples, writing nothing", async () => {
    const before = await footprint();
    const answer = await say(team.manager, "/weights frobnicate the widgets 20");
    expect(answer.reply.tone).toBe("usage");
    expect(answer.text).toMatch(/There is no rule like "frobnicate widgets"/);
    expect(answer.text).toMatch(/Usage: \/weights <rule> <points>[\s\S]*Or in words: \/weights make demo requests worth 50/);
    expect((await say(team.manager, "/weights demo")).text).toMatch(/How many points for Demo request/);
    expect(await footprint()).toBe(before);
  });

  it("refuses a rep's what-if like any other change", async () => {
    const before = await footprint();
    const answer = await say(team.rep, "/weights what if demo requests were 45?");
    expect(answer.reply.tone).toBe("refused");
    expect(await footprint()).toBe(before);
  });

  it("undoes a loose change back to the exact previous rule set and scores", async () => {
    const original = await config();
    const scoreBefore = await store.prisma.lead.findUniqueOrThrow({ where: { id: warm.id } });
    await confirm((await say(team.manager, "/weights pricing page 20 valid 45 days")).reply);
    await confirm((await say(team.manager, "/weights set the hot threshold to 58")).reply);
    const changed = await config();
    expect(changed.rules.find((r) => r.key === "pricing_page")).toMatchObject({ points: 20, validityDays: 45 });
    expect(changed.tiers[0]).toMatchObject({ key: "hot", min: 58 });
    expect(await store.prisma.lead.findUniqueOrThrow({ where: { id: warm.id } })).toMatchObject({ score: 60, tier: "hot" });

    await confirm((await say(team.manager, "/weights undo")).reply);
    await confirm((await say(team.manager, "/weights undo")).reply);
    expect(await config()).toEqual(original);
    expect(await store.prisma.lead.findUniqueOrThrow({ where: { id: warm.id } })).toMatchObject({ score: scoreBefore.score, tier: scoreBefore.tier });
  });

  it("removes a rule named loosely, and asks which one when several fit", async () => {
    expect((await say(team.manager, "/weights remove careers")).text).toMatch(/Preview: Remove rule Visited the careers page \(careers_page/);
    const ambiguous = await say(team.manager, "/weights remove page");
    expect(ambiguous.actions.map((a) => a.command).sort()).toEqual(["/weights remove careers_page", "/weights remove pricing_page"]);
  });
});
