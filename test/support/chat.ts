/**
 * Running a typed line as someone, through the command registry as the chat does, for tests of
 * what a reader sees: the reply and its words as plain text.
 */
import pino from "pino";
import { handleLine } from "../../commands/index.js";
import type { AnswerLanguages, CommandContext } from "../../src/chat/command-context.js";
import type { Reply } from "../../src/chat/reply.js";
import { renderText } from "../../src/chat/text.render.js";
import type { LanguageCode } from "../../src/i18n/index.js";
import type { Actor } from "../../src/services/actor.js";
import type { StoreHandle } from "../../src/store/client.js";
import type { TeamFixture } from "./builders.js";

const log = pino({ level: "silent" });

/** Who reads an answer in which language: `answer` the person (and a private answer), `channel` what everyone reads. */
export const readers = (answer: LanguageCode, channel: LanguageCode = answer): AnswerLanguages => ({ answer, channel, private: answer });

/** `text` run as `actor` on `team`; `languages` absent: the command works them out as a console chat would. */
export async function sayAs(
  team: TeamFixture,
  actor: Actor,
  text: string,
  languages?: AnswerLanguages,
  more: Partial<CommandContext> = {},
): Promise<{ reply: Reply; text: string }> {
  const reply = await handleLine(text, { deps: team.deps, actor, ...(languages ? { languages } : {}), ...more }, log);
  return { reply, text: renderText(reply).text };
}

/** A third kind of person on the fixture's team: Ada, its admin. */
export async function addAdmin(store: StoreHandle, team: TeamFixture): Promise<Actor> {
  const row = await store.prisma.member.create({ data: { teamId: team.teamId, platform: "console", externalId: "ada", displayName: "Ada Admin", role: "admin" } });
  return { teamId: team.teamId, memberId: row.id, role: "admin", name: "Ada Admin" };
}
