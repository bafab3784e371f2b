/**
 * The team's settings in one place, for `/team settings` and the first-use setup message:
 * where alerts and the digest go, when the digest goes out, the time zone and who may join.
 */
import { describeDays } from "../domain/digest-schedule.js";
import type { OutboxPlatform, Platform } from "../platforms/names.js";
import { digestSettings } from "../store/digest.repository.js";
import { teamJoinMode, type JoinModeName } from "../store/team-admin.repository.js";
import type { Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { ok, type Result } from "./result.js";

export interface TeamSettings {
  name: string;
  timezone: string;
  digestTime: string;
  /** In words: "Monday to Friday". */
  digestDays: string;
  joinMode: JoinModeName;
  channel: { platform: OutboxPlatform; id: string; here: boolean } | null;
  /** Whether the chat asked from could take alerts (a Slack channel or Telegram group, not the console). */
  canPostHere: boolean;
}

export async function teamSettings(
  deps: ServiceDeps,
  actor: Actor,
  place?: { platform: Platform; channelId: string },
): Promise<Result<TeamSettings>> {
  const [settings, joinMode] = await Promise.all([
    digestSettings(deps.store.db, actor.teamId),
    teamJoinMode(deps.store.db, actor.teamId),
  ]);
  const here = !!settings.channel && !!place && place.platform === settings.channel.platform && place.channelId === settings.channel.id;
  return ok({
    name: settings.name,
    timezone: settings.timezone,
    digestTime: settings.digestTime,
    digestDays: describeDays(settings.digestDays),
    joinMode,
    channel: settings.channel ? { ...settings.channel, here } : null,
    canPostHere: !!place && place.platform !== "console",
  });
}
