import { webApi } from "@slack/bolt";
import pino from "pino";
import { describe, expect, it, vi } from "vitest";
import { SlackDirectory } from "../../src/platforms/slack/slack.users.js";

const log = pino({ level: "silent" });

/** A WebClient whose users.info answers with `answer` (or throws it), counting calls. */
function clientAnswering(answer: (userId: string) => Promise<unknown>) {
  const info = vi.fn(async (args: { user: string; include_locale?: boolean }) => answer(args.user));
  return { client: { users: { info } } as unknown as webApi.WebClient, info };
}

describe("SlackDirectory", () => {
  it("asks Slack once for a burst of requests from one person, with the locale", async () => {
    const { client, info } = clientAnswering(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { ok: true, user: { name: "Ola.N", real_name: "Ola Nordmann", tz: "Europe/Oslo", locale: "nb-NO" } };
    });
    const directory = new SlackDirectory(client, log);
    const profiles = await Promise.all([1, 2, 3].map(() => directory.profile("T1", "UOLA", "ola.n")));
    expect(info).toHaveBeenCalledTimes(1);
    expect(info).toHaveBeenCalledWith({ user: "UOLA", include_locale: true });
    expect(profiles[2]).toEqual({ name: "Ola Nordmann", username: "ola.n", timezone: "Europe/Oslo", locale: "nb-NO" });
  });

  it.each([
    ["the real name", { name: "ann", real_name: "Ann Admin", profile: { real_name: "Ann Admin", display_name: "annie" } }, "Ann Admin"],
    ["the display name when no real name is set", { name: "ann", real_name: "", profile: { real_name: "", display_name: "annie" } }, "annie"],
    ["the handle when the profile has no names", { name: "ann", profile: {} }, "ann"],
  ])("calls people by %s", async (_case, user, name) => {
    const { client } = clientAnswering(async () => ({ ok: true, user }));
    expect((await new SlackDirectory(client, log).profile("T1", "UANN", "ann")).name).toBe(name);
  });

  it("falls back to the request's handle when Slack fails, then asks again after the failure TTL", async () => {
    let fail = true;
    const { client, info } = clientAnswering(async () => {
      if (fail) throw Object.assign(new Error("An API error occurred: missing_scope"), { code: webApi.ErrorCode.PlatformError, data: { ok: false, error: "missing_scope" } });
      return { ok: true, user: { name: "bo", real_name: "Bo Berg" } };
    });
    let now = 1_000;
    const directory = new SlackDirectory(client, log, { failureTtlMs: 60_000, now: () => now });
    expect(await directory.profile("T1", "UBO", "bo")).toEqual({ name: "bo", username: "bo", timezone: null, locale: null });
    now += 59_000;
    expect(await directory.profile("T1", "UBO", "bo")).toMatchObject({ name: "bo" });
    expect(info).toHaveBeenCalledTimes(1);
    fail = false;
    now += 2_000;
    expect(await directory.profile("T1", "UBO", "bo")).toMatchObject({ name: "Bo Berg" });
    expect(info).toHaveBeenCalledTimes(2);
  });

  it("keeps no user id as a handle (message events carry only the id)", async () => {
    const { client } = clientAnswering(async () => Promise.reject(new Error("network down")));
    expect(await new SlackDirectory(client, log).profile("T1", "U0ABC123", "U0ABC123")).toEqual({ name: "U0ABC123", username: null, timezone: null, locale: null });
  });

  it("trusts a profile for an hour", async () => {
    const { client, info } = clientAnswering(async () => ({ ok: true, user: { name: "ann", real_name: "Ann" } }));
    let now = 1_000;
    const directory = new SlackDirectory(client, log, { now: () => now });
    await directory.profile("T1", "UANN", "ann");
    now += 59 * 60_000;
    await directory.profile("T1", "UANN", "ann");
    expect(info).toHaveBeenCalledTimes(1);
    now += 2 * 60_000;
    await directory.profile("T1", "UANN", "ann");
    expect(info).toHaveBeenCalledTimes(2);
  });

  it("forgets a profile, so the next request asks Slack again", async () => {
    const { client, info } = clientAnswering(async () => ({ ok: true, user: { name: "ann", real_name: "Ann" } }));
    const directory = new SlackDirectory(client, log);
    await directory.profile("T1", "UANN", "ann");
    directory.forget("T1", "UANN");
    await directory.profile("T1", "UANN", "ann");
    expect(info).toHaveBeenCalledTimes(2);
  });
});
