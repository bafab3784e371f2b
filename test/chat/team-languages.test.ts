/**
 * /team stats, /team chart and the team's administration answer a Ukrainian or Polish reader
 * in their language: what only they read in theirs, what the team's chat reads in the team's.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AnswerLanguages } from "../../src/chat/command-context.js";
import type { Actor } from "../../src/services/actor.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { addAdmin, readers, sayAs } from "../support/chat.js";

const UKRAINIAN = readers("uk");
const POLISH = readers("pl");
/** A Polish reader in a shared chat whose team speaks Ukrainian. */
const POLISH_IN_UKRAINIAN_TEAM = readers("pl", "uk");

describe("/team stats, chart and administration in the reader's language", () => {
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
  });

  it("shows a Ukrainian manager /team stats in Ukrainian, and a wrong period too", async () => {
    const { reply, text } = await say(team.manager, "/team stats", UKRAINIAN);
    expect(text).toMatch(/^Статистика команди · останні 30 днів/);
    expect(text).toMatch(/Надіслано сповіщень «Гарячий»\s+0/);
    expect(text).toMatch(/Тиждень з \d+ \S+ \(поки що\): сповіщень не було/);
    expect(reply.blocks.flatMap((b) => (b.type === "actions" ? b.actions.map((a) => a.label) : []))).toContain("Графік");
    expect((await say(team.manager, "/team stats tydzień", POLISH)).text).toMatch(/^Statystyki zespołu · ten tydzień \(od /);
    expect((await say(team.manager, "/team stats 14d", UKRAINIAN)).text).toMatch(/^«14d» — не період\. Вкажіть 7d, 30d, 90d, week, month або quarter, напр\. \/team stats 7d\.\n\s*Як писати: \/team stats/);
  });

  it("answers a Polish manager's /team chart in Polish", async () => {
    const { reply, text } = await say(team.manager, "/team chart 4", POLISH);
    expect(text).toMatch(/^Leady „Gorący” w tym tygodniu, na razie: 0 \(w zeszłym: 0\)\./);
    expect(text).toMatch(/Tygodnie zaczynają się w poniedziałek, czas: UTC\./);
    expect(reply.attachments?.[0]?.title).toBe("Leady „Gorący” tydzień po tygodniu, ostatnie 4 tygodnie");
  });

  it("says /team give, join and timezone to a Ukrainian team's chat in Ukrainian, whatever the admin reads", async () => {
    const lead = await buildLead(team, { name: "Jana Novak" });
    await store.prisma.lead.update({ where: { id: lead.id }, data: { ownerId: team.rep.memberId } });
    expect((await say(admin, `/team give #${team.rep.memberId} #${team.otherRep.memberId}`, POLISH_IN_UKRAINIAN_TEAM)).text).toMatch(
      /^Rita Rep: 1 відкритий лід тепер веде Ron Rep\./,
    );
    expect((await say(admin, "/team join approval", POLISH_IN_UKRAINIAN_TEAM)).text).toMatch(/^Тепер новачки чекають на схвалення адміністратора[^]*\(змінив\(ла\) Ada Admin\)/);
    expect((await say(admin, "/team timezone Europe/Kyiv", POLISH_IN_UKRAINIAN_TEAM)).text).toMatch(/^Часовий пояс команди тепер Europe\/Kyiv/);
    // The usage answer is the admin's alone: in Polish.
    expect((await say(admin, "/team timezone", POLISH_IN_UKRAINIAN_TEAM)).text).toMatch(/^Jaka strefa czasowa\? Np\. \/team timezone Europe\/Kyiv/);
  });

  it("shows a Ukrainian admin the audit in Ukrainian, and its CSV with Ukrainian columns", async () => {
    await say(admin, "/team join approval", UKRAINIAN);
    await say(admin, "/team timezone Europe/Kyiv", UKRAINIAN);
    const { text } = await say(admin, "/team audit", UKRAINIAN);
    expect(text).toMatch(/^Журнал змін команди \(записів: 2\)/);
    expect(text).toMatch(/\(сьогодні\) · Ada Admin · часовий пояс: Europe\/Kyiv$/m);
    expect(text).toMatch(/\(сьогодні\) · Ada Admin · приєднання новачків: за схваленням адміністратора$/m);
    const csv = (await say(admin, "/team audit csv", UKRAINIAN)).reply.attachments?.[0];
    expect(new TextDecoder().decode(csv!.data).replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("коли,хто,що,деталі");
  });
});
