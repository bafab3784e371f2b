/**
 * /team audit in the reader's language: what each administrative change did is stored as data
 * and worded for whoever reads it; a row stored as English words before that shows as stored.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AnswerLanguages } from "../../src/chat/command-context.js";
import type { Actor } from "../../src/services/actor.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { addAdmin, readers, sayAs } from "../support/chat.js";

const UKRAINIAN = readers("uk");
const ENGLISH = readers("en");
const DAY = 86_400_000;

describe("/team audit in the reader's language", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  let admin: Actor;
  const say = (actor: Actor, text: string, languages: AnswerLanguages) => sayAs(team, actor, text, languages);

  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    team = await buildTeam(store.prisma);
    admin = await addAdmin(store, team);
    // A row written before summaries were data: its English words.
    const before = new Date(team.deps.clock().getTime() - 2 * DAY);
    await store.prisma.auditEntry.create({ data: { teamId: team.teamId, memberId: admin.memberId, action: "join_mode", summary: "joining: approval", createdAt: before } });
    const lead = await buildLead(team, { name: "Jana Novak" });
    await store.prisma.lead.update({ where: { id: lead.id }, data: { ownerId: team.rep.memberId } });
    await say(admin, `/team role #${team.rep.memberId} manager`, UKRAINIAN);
    await say(admin, `/team give #${team.rep.memberId} #${team.otherRep.memberId}`, UKRAINIAN);
  });

  it("shows a Ukrainian admin a role change and a lead hand-over in Ukrainian, and an old English row as stored", async () => {
    const { text } = await say(admin, "/team audit", UKRAINIAN);
    expect(text).toMatch(/^Журнал змін команди \(записів: 3\)/);
    expect(text).toMatch(/ · Ada Admin · роль: Rita Rep: менеджер з продажу → менеджер$/m);
    expect(text).toMatch(/ · Ada Admin · передача лідів: Rita Rep → Ron Rep: передано 1 відкритий лід$/m);
    expect(text).toMatch(/ · Ada Admin · приєднання новачків: joining: approval$/m);

    const csv = (await say(admin, "/team audit csv", UKRAINIAN)).reply.attachments?.[0];
    const rows = new TextDecoder().decode(csv!.data).replace(/^\uFEFF/, "").split("\r\n").slice(1).filter((row) => row !== "");
    // After the time: who, what, and the detail (the two changes of this test may share a time).
    expect(rows.map((row) => row.split(",").slice(1).join(",")).sort()).toEqual([
      "Ada Admin,передача лідів,Rita Rep → Ron Rep: передано 1 відкритий лід",
      "Ada Admin,приєднання новачків,joining: approval",
      "Ada Admin,роль,Rita Rep: менеджер з продажу → менеджер",
    ]);
  });

  it("shows an English admin the same rows in the words they always had", async () => {
    const { text } = await say(admin, "/team audit", ENGLISH);
    expect(text).toMatch(/ · Ada Admin · role: Rita Rep: rep → manager$/m);
    expect(text).toMatch(/ · Ada Admin · leads: 1 open lead of Rita Rep given to Ron Rep$/m);
    expect(text).toMatch(/ · Ada Admin · joining: joining: approval$/m);
  });
});
