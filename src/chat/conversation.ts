/**
 * One receive pipeline for every platform: given who spoke, where, and what they did (an
 * Inbound), it works out who is speaking for which team, whether they may act, and runs what
 * they asked as them, returning what to show. It never knows which platform it serves: each
 * platform turns its update into an Inbound and shows the outcome its own way (Slack's
 * response_url and modals, Telegram's replies and pop-ups).
 *
 * - A place that is a team (a Slack workspace, a Telegram group) creates the team on first use,
 *   with the first person as its admin; later people join as the team allows (identity.service).
 * - A private chat acts for one of the person's teams (private-chat.service); nobody joins a
 *   team from one.
 * - Someone the team removed hears so wherever they try; a newcomer waiting for an admin's
 *   approval is told to wait, and on their first try the admins get their request.
 * - A team's first use brings the setup message, shown before the first answer.
 */
import type { Logger } from "pino";
import type { Actor } from "../services/actor.js";
import type { ServiceDeps } from "../services/deps.js";
import { admit, admitAt, firstUse, teamName, type Admission, type Person as MemberPerson } from "../services/identity.service.js";
import { choosePrivateChatTeam, openPrivateChat, privateChatTeam, teamsOf } from "../services/private-chat.service.js";
import { canonicalTimezone } from "../services/team-admin.service.js";
import { teamSettings } from "../services/team-settings.service.js";
import {
  chooseTeamNotice,
  groupIntroNotice,
  linkedNotice,
  noTeamNotice,
  removedHereNotice,
  teamChosenNotice,
} from "../views/private-chat.view.js";
import { joinRequestReply, removedReply, waitingReply, welcomeReply } from "../views/team.view.js";
import { DEFAULT_LANGUAGE, languageOfTag, translator, type Translator } from "../i18n/index.js";
import type { AnswerLanguages, CommandContext, PrivateReach } from "./command-context.js";
import type { Inbound, Input, Person, Place } from "./inbound.js";
import { noticeOf, type Notice } from "./notice.js";
import type { Reply } from "./reply.js";
import type { Router } from "./router.js";

export interface ConversationOptions {
  deps: ServiceDeps;
  log: Logger;
  /** Runs a line as someone: the registry's router (commands/index.ts), handed in so this layer imports no command. */
  route: Router;
  /** The time zone a new team starts in when its founder's is unknown. */
  timezone: string;
}

/** Whether the person may act here: as whom, or what to tell them instead. */
export type Standing =
  | {
      ok: true;
      actor: Actor;
      /** The setup message, due on the team's first use: show it before anything else. */
      welcome?: Reply;
    }
  | {
      ok: false;
      notice: Notice;
      /** They just asked to join a team that wants approval: this goes to the chat, for its admins to decide. */
      joinRequest?: Reply;
    };

/** What to show for one input: the refusal, or the answer (and, first, the setup message). */
export type Outcome = Extract<Standing, { ok: false }> | (Extract<Standing, { ok: true }> & { reply: Reply });

/** What only the platform can tell a command about reaching the person. */
export interface RunOptions {
  /**
   * Whether a private answer can reach them now (a Telegram group: only if they started the
   * bot). `t`: the words of the answer its hint goes into.
   */
  privateReach?: (t: Translator) => Promise<PrivateReach>;
}

export class Conversation {
  constructor(private readonly options: ConversationOptions) {}

  /**
   * Receives one input: who is speaking, whether they may, and their command's answer. A
   * newcomer waiting for approval has their command held, to run once an admin approves them;
   * a file cannot wait, so they share it again then.
   */
  async receive(inbound: Inbound, options: RunOptions = {}): Promise<Outcome> {
    const { place, person, input } = inbound;
    const standing = await this.identify(place, person, input.kind === "file" ? {} : { hold: lineOf(input) });
    if (!standing.ok) return standing;
    return { ...standing, reply: await this.run(standing.actor, place, input, options) };
  }

  /**
   * Who is speaking at `place`, and whether they may act. `hold`: the line to keep for a newcomer
   * who must wait for an admin's approval (a team place only; nobody joins from a private chat).
   */
  async identify(place: Place, person: Person, options: { hold?: string } = {}): Promise<Standing> {
    if (place.team === null) return this.inPrivateChat(place, person);
    const { deps } = this.options;
    const held = options.hold;
    const admitted = await admitAt(
      deps,
      {
        platform: place.platform,
        externalId: place.team.externalId,
        name: place.team.name,
        // A new team starts in its founder's time zone when the platform tells it; /team timezone changes it.
        timezone: (person.timezone ? canonicalTimezone(person.timezone) : null) ?? this.options.timezone,
        ...(place.team.alertsHere ? { alertsHere: true } : {}),
      },
      memberOf(person),
      held === undefined ? undefined : { line: held, channelId: place.chatId },
    );
    const standing = refusal(admitted, held ?? null, person, place.shared && !place.privateAnswers);
    if (!standing.ok || admitted.kind !== "member") return standing;
    const welcome = await this.welcome(place, admitted.actor);
    return welcome ? { ...standing, welcome } : standing;
  }

  /** Runs an input as `actor`, already identified: the command's answer. */
  async run(actor: Actor, place: Place, input: Input, options: RunOptions = {}): Promise<Reply> {
    const { deps, log, route } = this.options;
    const languages = answerLanguages(actor, place);
    const reach = options.privateReach;
    const ctx: CommandContext = {
      deps,
      actor,
      ...(place.chatId !== null ? { place: { platform: place.platform, channelId: place.chatId } } : {}),
      ...(input.kind === "file" ? { files: input.files } : {}),
      ...(reach ? { privateReach: () => reach(translator(languages.answer)) } : {}),
      languages,
    };
    return route(lineOf(input), ctx, log);
  }

  /** The person opened their private chat with the bot (/start): which team it acts for, or the choice. */
  async openPrivateChat(place: Place, person: Person): Promise<Notice> {
    const opened = await openPrivateChat(this.options.deps, privateChatOf(place, person));
    if (opened.kind === "linked") return linkedNotice(opened.team, appT(person));
    if (opened.kind === "choose") return chooseTeamNotice(opened.teams, opened.current, appT(person));
    return noTeamNotice(place.platform, opened.former, appT(person));
  }

  /** The person picked a team for their private chat. `toast`: a few words for the pressed button. */
  async chooseTeam(place: Place, person: Person, teamId: number): Promise<{ notice: Notice; toast: string }> {
    const chosen = place.team === null ? await choosePrivateChatTeam(this.options.deps, privateChatOf(place, person), teamId) : null;
    return teamChosenNotice(place.platform, chosen, appT(person));
  }

  /** What the team's own chat is, and who the actor is in it (`/start` there). */
  async introduce(actor: Actor, botName: string): Promise<Notice> {
    // Said in the team's group, so in the team's language.
    return groupIntroNotice(await teamName(this.options.deps, actor.teamId), actor, botName, translator(actor.languages?.team));
  }

  /** A private chat speaks for the team it is bound to, or their only one; otherwise they hear why not. */
  private async inPrivateChat(place: Place, person: Person): Promise<Standing> {
    const { deps } = this.options;
    const chat = privateChatOf(place, person);
    const team = await privateChatTeam(deps, chat);
    if (team.kind === "none") return { ok: false, notice: noTeamNotice(place.platform, team.former, appT(person)) };
    if (team.kind === "choose") return { ok: false, notice: chooseTeamNotice(team.teams, null, appT(person)) };
    const admitted = await admit(deps, team.teamId, memberOf(person));
    if (admitted.kind !== "removed") return refusal(admitted, null, person, false);
    // Removed from this team, maybe still on others: say how to switch.
    const others = await teamsOf(deps, place.platform, person.externalId);
    return { ok: false, notice: removedHereNotice(admitted.teamName, others.length, appT(person)) };
  }

  /**
   * The setup message on a team's first use (where alerts and the digest go, when, in which time
   * zone, how to make managers), offering the chat for alerts when the team can see it there.
   */
  private async welcome(place: Place, actor: Actor): Promise<Reply | undefined> {
    const { deps } = this.options;
    if (!(await firstUse(deps, actor.teamId))) return undefined;
    // A direct message is no place for the team's alerts, so the message there offers none.
    const here = place.chatId !== null && place.shared ? { platform: place.platform, channelId: place.chatId } : undefined;
    const settings = await teamSettings(deps, actor, here);
    return settings.ok ? welcomeReply(settings.value, actor.name, translator(answerLanguages(actor, place).channel)) : undefined;
  }
}

/**
 * Which language an answer is written in (README, "Languages"): what only the person reads is
 * in theirs; what a shared chat reads, in the team's. A Telegram group reads every answer;
 * Slack shows a command's answer to the person alone unless it is posted to the channel.
 */
export function answerLanguages(actor: Actor, place: Pick<Place, "shared" | "privateAnswers">): AnswerLanguages {
  const person = actor.languages?.person ?? DEFAULT_LANGUAGE;
  const team = actor.languages?.team ?? DEFAULT_LANGUAGE;
  return { answer: place.shared && !place.privateAnswers ? team : person, channel: place.shared ? team : person, private: person };
}

/**
 * The words of someone whose standing on a team is not settled (no team, several, waiting,
 * removed): their app's language when the bot speaks it, else the default.
 */
const appT = (person: Person) => translator(languageOfTag(person.language) ?? DEFAULT_LANGUAGE);

/** The line an input runs: what was typed or submitted, or the command a button carries. */
export const lineOf = (input: Input): string => (input.kind === "button" ? input.command : input.line);

/**
 * What the person's standing on a team means for what they asked (`held`: their command, kept
 * for after an approval). Someone not (yet) on the team hears it in their app's language, unless
 * others read the answer too (`shared`: a Telegram group), which reads the team's.
 */
function refusal(admitted: Admission, held: string | null, person: Person, shared: boolean): Standing {
  // A shared chat reads the team's language, like every answer there; a private one the person's.
  const t = shared && admitted.kind !== "member" ? translator(admitted.teamLanguage) : appT(person);
  switch (admitted.kind) {
    case "member":
      return { ok: true, actor: admitted.actor };
    case "removed":
      return { ok: false, notice: noticeOf(removedReply(admitted.teamName, t)) };
    case "waiting":
      return {
        ok: false,
        notice: noticeOf(waitingReply(admitted.teamName, t)),
        // Their first try: the team's admins are asked now, once, in the team's language (the
        // request is posted where the team reads it).
        ...(admitted.isNew ? { joinRequest: joinRequestReply(admitted.name, admitted.memberId, held, translator(admitted.teamLanguage)) } : {}),
      };
  }
}

const memberOf = (person: Person): MemberPerson => ({
  platform: person.platform,
  externalId: person.externalId,
  displayName: person.displayName,
  username: person.username ?? null,
  language: person.language ?? null,
});

function privateChatOf(place: Place, person: Person) {
  // A private chat always has an id: it is where the person wrote.
  return { platform: place.platform, chatId: place.chatId ?? person.externalId, personId: person.externalId };
}
