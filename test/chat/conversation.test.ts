import { serviceDeps } from "../support/builders.js";
/**
 * The one receive pipeline (src/chat/conversation.ts), with no platform at all: who is
 * speaking at a place, whether they may act, and what to show, on a real PGlite store.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { Conversation, type Outcome } from "../../src/chat/conversation.js";
import type { Inbound, Input, Person, Place } from "../../src/chat/inbound.js";
import { renderText } from "../../src/chat/text.render.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import { memberLeft } from "../../src/services/team-admin.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { testClock } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });
let store: StoreHandle;
let deps: ServiceDeps;
let conversation: Conversation;

beforeAll(async () => {
  store = await createTestStore("pglite");
  deps = serviceDeps(store, testClock().clock);
  conversation = new Conversation({ deps, log, route: handleLine, timezone: "UTC" });
});
afterAll(async () => store?.close());

let next = 0;
/** A group chat that is a team, new for each test so tests never share a team. */
function newGroup(): Place {
  next += 1;
  return { platform: "telegram", team: { externalId: `-100${next}`, name: `Group ${next}`, alertsHere: true }, chatId: `-100${next}`, shared: true };
}
const person = (id: string, name: string, extra: Partial<Person> = {}): Person => ({ platform: "telegram", externalId: id, displayName: name, ...extra });
const dmWith = (who: Person): Place => ({ platform: "telegram", team: null, chatId: who.externalId, shared: false });
const typed = (line: string): Input => ({ kind: "command", line });
const say = (place: Place, who: Person, input: Input): Promise<Outcome> => conversation.receive({ place, person: who, input } satisfies Inbound);
const words = (outcome: Outcome): string => renderText(outcome.ok ? outcome.reply : outcome.notice.reply).text;

describe("the conversation at a team's place", () => {
  it("makes the first person the admin, shows the setup message once, and runs their command", async () => {
    const group = newGroup();
    const ada = person("1", "Ada Admin");
    const first = await say(group, ada, typed("/lead add Jana Novak"));
    expect(first.ok && first.actor.role).toBe("admin");
    expect(first.ok && first.welcome && renderText(first.welcome).text).toMatch(/Welcome! This chat is now the team “Group \d+”/);
    expect(words(first)).toMatch(/Jana Novak/);
    const second = await say(group, ada, typed("/lead list all"));
    expect(second.ok && second.welcome).toBeUndefined();
    expect(words(second)).toMatch(/Jana Novak/);
  });

  it("offers the chat for alerts in the setup message only where the team can see it", async () => {
    const workspace = (id: string, chatId: string, shared: boolean): Place => ({ platform: "slack", team: { externalId: id, name: id }, chatId, shared });
    const inChannel = await say(workspace("T-channel", "C1", true), { ...person("U1", "Ada"), platform: "slack" }, typed("/help"));
    const inDm = await say(workspace("T-dm", "D1", false), { ...person("U2", "Bo"), platform: "slack" }, typed("/help"));
    const labels = (outcome: Outcome) => (outcome.ok && outcome.welcome ? outcome.welcome.blocks.flatMap((b) => (b.type === "actions" ? b.actions.map((a) => a.label) : [])) : []);
    expect(labels(inChannel)).toContain("Send alerts here");
    expect(labels(inDm)).not.toContain("Send alerts here");
  });

  it("starts a new team in its founder's time zone when the platform tells it", async () => {
    const place: Place = { platform: "slack", team: { externalId: "T-kyiv", name: "kyiv" }, chatId: "C1", shared: true };
    const first = await say(place, { ...person("U1", "Ada", { timezone: "europe/kyiv" }), platform: "slack" }, typed("/help"));
    const team = await store.prisma.team.findUniqueOrThrow({ where: { id: first.ok ? first.actor.teamId : -1 } });
    expect(team.timezone).toBe("Europe/Kyiv");
  });

  it("tells a removed member so, wherever they try, and runs nothing", async () => {
    const group = newGroup();
    const ada = person("1", "Ada Admin");
    const rita = person("3", "Rita Rep");
    const founded = await say(group, ada, typed("/help"));
    await say(group, rita, typed("/help"));
    await memberLeft(deps, founded.ok ? founded.actor.teamId : -1, { platform: "telegram", externalId: "3" }, "left the group");

    const refused = await say(group, rita, typed("/lead add Ghost Lead"));
    expect(refused.ok).toBe(false);
    expect(words(refused)).toMatch(/You are no longer on team “Group \d+”/);
    expect(!refused.ok && refused.notice.popup).toMatch(/no longer on team/);
    expect(await store.prisma.lead.count({ where: { name: "Ghost Lead" } })).toBe(0);
    const pressed = await say(group, rita, { kind: "button", command: "/lead add Ghost Lead" });
    expect(words(pressed)).toMatch(/no longer on team/);
  });

  it("keeps a waiting newcomer's first command, asks the admins once, and releases it on approval", async () => {
    const group = newGroup();
    const ada = person("1", "Ada Admin");
    const newcomer = person("4", "Nina New");
    await say(group, ada, typed("/team join approval"));

    const first = await say(group, newcomer, typed("/lead add Held Lead"));
    expect(words(first)).toMatch(/You asked to join team “Group \d+”\. An admin needs to approve you first/);
    expect(!first.ok && first.joinRequest && renderText(first.joinRequest).text).toMatch(/Nina New wants to join the team\. Their first command, \/lead add Held Lead, runs once approved/);
    const again = await say(group, newcomer, typed("/lead list all"));
    expect(!again.ok && again.joinRequest).toBeUndefined(); // the admins were asked already
    expect(await store.prisma.lead.count({ where: { name: "Held Lead" } })).toBe(0);

    const waiting = await store.prisma.member.findFirstOrThrow({ where: { externalId: "4", displayName: "Nina New" }, orderBy: { id: "desc" } });
    const approved = await say(group, ada, { kind: "button", command: `/team approve #${waiting.id}` });
    expect(approved.ok && approved.reply.followUp).toMatchObject({ line: "/lead add Held Lead", channelId: group.chatId, person: { platform: "telegram", externalId: "4" } });
  });

  it("asks a Ukrainian team's admins in Ukrainian, and tells a Polish newcomer to wait in the language of who reads it", async () => {
    const group = newGroup();
    const ada = person("1", "Ada Admin");
    await say(group, ada, typed("/team join approval"));
    await say(group, ada, typed("/team language uk"));
    const first = await say(group, person("6", "Piotr Nowak", { language: "pl" }), typed("/lead add Held Lead"));
    // The whole group reads the notice: the team's language.
    expect(words(first)).toMatch(/^Ви попросилися до команди «Group \d+»/);
    // In a Slack channel only the newcomer sees it (an ephemeral answer): theirs.
    const channel: Place = { platform: "slack", team: { externalId: "T-uk", name: "Slack team" }, chatId: "C-uk", shared: true, privateAnswers: true };
    const slackAda = { ...ada, platform: "slack" as const };
    await say(channel, slackAda, typed("/team join approval"));
    await say(channel, slackAda, typed("/team language uk"));
    const slackFirst = await say(channel, { ...person("7", "Ola Nowak", { language: "pl-PL" }), platform: "slack" }, typed("/lead list"));
    expect(words(slackFirst)).toMatch(/^Poprosiłeś\(-aś\) o dołączenie do zespołu „Slack team”/);
    const request = !first.ok && first.joinRequest;
    expect(request && renderText(request).text).toMatch(/^Piotr Nowak хоче приєднатися до команди\. Перша команда, \/lead add Held Lead, виконається після схвалення\./);
    expect(request && request.blocks.flatMap((b) => (b.type === "actions" ? b.actions.map((a) => a.label) : []))).toEqual(["Схвалити", "Відхилити"]);
  });

  it("holds nothing for a newcomer who sent a file: it cannot wait for the approval", async () => {
    const group = newGroup();
    await say(group, person("1", "Ada Admin"), typed("/team join approval"));
    const file: Input = { kind: "file", line: "/lead import", files: [{ filename: "leads.csv", data: new TextEncoder().encode("name\nJana\n") }] };
    const refused = await say(group, person("5", "Finn File"), file);
    expect(!refused.ok && refused.joinRequest && renderText(refused.joinRequest).text).toMatch(/^Finn File wants to join the team\.\n/);
    expect(!refused.ok && refused.joinRequest && renderText(refused.joinRequest).text).not.toMatch(/first command/);
  });
});

describe("the conversation in a private chat", () => {
  it("tells a stranger to start in their team's group, and creates nothing", async () => {
    const stranger = person("99", "Sam Stranger");
    const refused = await say(dmWith(stranger), stranger, typed("/lead list all"));
    expect(words(refused)).toBe(
      "I don't know your team yet. Add me to your team's Telegram group and send /start there; then come back here and send /start.",
    );
    expect(await store.prisma.member.count({ where: { externalId: "99" } })).toBe(0);
  });

  it("acts for the person's only team, with their role there", async () => {
    const group = newGroup();
    const ada = person("11", "Ada Admin");
    const rita = person("13", "Rita Rep");
    await say(group, ada, typed("/lead add Private Jana"));
    await say(group, rita, typed("/help"));
    const answered = await say(dmWith(rita), rita, typed("/lead list all"));
    expect(answered.ok && answered.actor.role).toBe("rep");
    expect(words(answered)).toMatch(/Private Jana/);
  });

  it("offers the choice to someone on several teams, and remembers the one they pick", async () => {
    const [one, two] = [newGroup(), newGroup()];
    const max = person("21", "Max Manager");
    await say(one, max, typed("/help"));
    const other = await say(two, max, typed("/help"));
    const asked = await say(dmWith(max), max, typed("/lead list all"));
    expect(!asked.ok && asked.notice.teamChoice?.map((t) => t.label)).toEqual([one.team!.name, two.team!.name]);
    expect(!asked.ok && asked.notice.popup).toMatch(/You are on 2 teams\. Send \/start here and pick/);

    const secondTeam = other.ok ? other.actor.teamId : -1;
    const chosen = await conversation.chooseTeam(dmWith(max), max, secondTeam);
    expect(chosen.toast).toBe(`Switched to ${two.team!.name}`);
    const after = await say(dmWith(max), max, typed("/lead list all"));
    expect(after.ok && after.actor.teamId).toBe(secondTeam);
    const reopened = await conversation.openPrivateChat(dmWith(max), max);
    expect(reopened.teamChoice?.map((t) => t.label)).toEqual([one.team!.name, `✓ ${two.team!.name}`]);
  });

  it("refuses choosing a team the person is not on", async () => {
    const stranger = person("98", "Sam Stranger");
    const chosen = await conversation.chooseTeam(dmWith(stranger), stranger, 1);
    expect(chosen.toast).toBe("You are not on that team.");
  });

  it("tells someone removed from the chat's team that they are still on another, and how to switch", async () => {
    const [one, two] = [newGroup(), newGroup()];
    const rita = person("31", "Rita Rep");
    const founded = await say(one, person("30", "Ada Admin"), typed("/help"));
    await say(one, rita, typed("/help"));
    await say(two, rita, typed("/help"));
    const teamOne = founded.ok ? founded.actor.teamId : -1;
    await conversation.chooseTeam(dmWith(rita), rita, teamOne);
    await memberLeft(deps, teamOne, { platform: "telegram", externalId: "31" }, "left the group");

    const refused = await say(dmWith(rita), rita, typed("/lead list all"));
    expect(words(refused)).toMatch(/You are no longer on team “Group \d+”[\s\S]*\nYou are still on another team: send \/start to pick it\.$/);
  });
});
