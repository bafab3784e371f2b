/**
 * Who a Slack user is, as people know them: users.info's real name, handle, time zone and
 * locale, kept in memory for a while so a command does not cost a Web API call.
 */
import { webApi } from "@slack/bolt";
import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import { slackErrorCode } from "./slack.files.js";

type WebClient = webApi.WebClient;

export interface SlackProfile {
  /** The name people know them by: their real name, else their display name, else the handle. */
  name: string;
  /** Their handle (`name` in users.info), lower-case, without "@"; null if unknown. */
  username: string | null;
  /** Their IANA time zone as set in Slack ("Europe/Kyiv"); null if unknown. */
  timezone: string | null;
  /** Their Slack locale ("en-US"); null if unknown. */
  locale: string | null;
}

export interface SlackDirectoryOptions {
  /** How long a looked-up profile is trusted. Default 1 hour; user_change events refresh sooner. */
  ttlMs?: number;
  /** After a failed look-up, how long the handle stands in before asking Slack again. Default 1 minute. */
  failureTtlMs?: number;
  /** Profiles kept at most (the least recently used go first). Default 5000. */
  max?: number;
  /** Milliseconds on a monotonic clock (tests). Default performance.now. */
  now?: () => number;
}

/** users.info with what we read of it; anything else Slack sends is ignored. */
interface UsersInfoUser {
  name?: string;
  real_name?: string;
  tz?: string;
  locale?: string;
  profile?: { real_name?: string; display_name?: string };
}

/**
 * Profiles by workspace and user id. One look-up per person at a time: a burst of clicks from
 * one person waits for the same users.info call. A failure (no users:read scope, Slack down,
 * rate limited) falls back to the handle the request carried, so a command never waits long
 * for a name or fails for want of one.
 */
export class SlackDirectory {
  private readonly cache: LRUCache<string, SlackProfile, string>;

  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
    options: SlackDirectoryOptions = {},
  ) {
    const failureTtl = options.failureTtlMs ?? 60_000;
    this.cache = new LRUCache<string, SlackProfile, string>({
      max: options.max ?? 5000,
      ttl: options.ttlMs ?? 60 * 60_000,
      ...(options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {}),
      fetchMethod: async (key, _stale, { options: entry, context: handle }) => {
        const userId = key.slice(key.indexOf(":") + 1);
        try {
          const { user } = await this.client.users.info({ user: userId, include_locale: true });
          return profileOf((user ?? {}) as UsersInfoUser, handle);
        } catch (error) {
          this.log.warn({ slackError: slackErrorCode(error), err: slackErrorCode(error) ? undefined : error, slackUser: userId }, "could not look up a Slack user; using their handle");
          entry.ttl = failureTtl;
          return profileOf({}, handle);
        }
      },
    });
  }

  /** The person's profile; `handle` (the request's user name) stands in when Slack cannot say. */
  async profile(slackTeamId: string, userId: string, handle: string): Promise<SlackProfile> {
    return (await this.cache.fetch(`${slackTeamId}:${userId}`, { context: handle })) ?? profileOf({}, handle);
  }

  /** The profile we hold, without asking Slack; null when we hold none (words that must not wait). */
  known(slackTeamId: string, userId: string): SlackProfile | null {
    return this.cache.peek(`${slackTeamId}:${userId}`) ?? null;
  }

  /** Drops what we know of someone (their profile changed), so the next request asks Slack. */
  forget(slackTeamId: string, userId: string): void {
    this.cache.delete(`${slackTeamId}:${userId}`);
  }
}

/**
 * A client for look-ups only: a name is not worth waiting for, so one quick retry and a short
 * timeout, and a rate limit is a failure (the handle stands in) rather than a wait.
 */
export function directoryClient(token: string, options: { apiUrl?: string; logger?: webApi.Logger }): WebClient {
  return new webApi.WebClient(token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 1, minTimeout: 200, maxTimeout: 500 },
    timeout: 3000,
  });
}

function profileOf(user: UsersInfoUser, handle: string): SlackProfile {
  const handleName = (user.name || handle).trim();
  const name = user.profile?.real_name?.trim() || user.real_name?.trim() || user.profile?.display_name?.trim() || handleName;
  return {
    name,
    username: handleName && !/^[UW][A-Z0-9]+$/.test(handleName) ? handleName.replace(/^@/, "").toLowerCase() : null,
    timezone: user.tz || null,
    locale: user.locale || null,
  };
}
