import { describe, expect, it } from "vitest";
import { daysToCron, describeDays, digestDaySet, digestDue, localClock, parseDigestTime, previousDate } from "../../src/domain/digest-schedule.js";

const weekdays = { timezone: "UTC", digestTime: "09:00", digestDays: "1-5" };

describe("digest schedule", () => {
  it.each([
    ["08:30", "08:30"],
    ["8:30", "08:30"],
    ["23:59", "23:59"],
    ["24:00", null],
    ["09:60", null],
    ["0830", null],
    ["nine", null],
  ])("reads the time %s as %s", (text, expected) => {
    expect(parseDigestTime(text)).toBe(expected);
  });

  it.each([
    ["1-5", "1-5", "Mon–Fri"],
    ["mon-fri", "1-5", "Mon–Fri"],
    ["Monday-Friday", "1-5", "Mon–Fri"],
    ["mon,wed,fri", "1,3,5", "Mon, Wed, Fri"],
    ["0,6", "0,6", "Sun, Sat"],
    ["7", "0", "Sun"],
    ["fri-mon", "0,1,5,6", "Sun, Mon, Fri, Sat"],
    ["*", "*", "every day"],
    ["daily", "*", "every day"],
    ["weekdays", "1-5", "Mon–Fri"],
  ])("reads the days %s as cron %s (%s)", (text, cron, described) => {
    const days = digestDaySet(text);
    expect(days).not.toBeNull();
    expect(daysToCron(days!)).toBe(cron);
    expect(describeDays(cron)).toBe(described);
  });

  it.each([["someday"], ["mo"], ["1-2-3"], [""], ["8"]])("rejects %j as days", (text) => {
    expect(digestDaySet(text)).toBeNull();
  });

  it("reads the local date, weekday and time through Intl, across a day boundary", () => {
    // Sunday 2026-05-31 23:30 UTC is Monday 08:30 in Tokyo.
    const at = new Date("2026-05-31T23:30:00Z");
    expect(localClock(at, "UTC")).toEqual({ date: "2026-05-31", weekday: 0, minutes: 23 * 60 + 30 });
    expect(localClock(at, "Asia/Tokyo")).toEqual({ date: "2026-06-01", weekday: 1, minutes: 8 * 60 + 30 });
  });

  it("is due from the digest time on a digest day, and late well after it", () => {
    expect(digestDue(weekdays, new Date("2026-06-01T08:59:00Z"))).toEqual({ localDate: "2026-06-01", due: false, late: false });
    expect(digestDue(weekdays, new Date("2026-06-01T09:00:00Z"))).toEqual({ localDate: "2026-06-01", due: true, late: false });
    expect(digestDue(weekdays, new Date("2026-06-01T09:10:00Z")).late).toBe(false);
    expect(digestDue(weekdays, new Date("2026-06-01T11:00:00Z"))).toEqual({ localDate: "2026-06-01", due: true, late: true });
  });

  it("is not due on weekends by default", () => {
    expect(digestDue(weekdays, new Date("2026-06-06T10:00:00Z")).due).toBe(false); // Saturday
    expect(digestDue(weekdays, new Date("2026-06-07T10:00:00Z")).due).toBe(false); // Sunday
    expect(digestDue({ ...weekdays, digestDays: "*" }, new Date("2026-06-06T10:00:00Z")).due).toBe(true);
  });

  it("follows the team's time zone, daylight saving included", () => {
    const tokyo = { ...weekdays, timezone: "Asia/Tokyo" };
    expect(digestDue(tokyo, new Date("2026-06-01T00:00:00Z"))).toMatchObject({ localDate: "2026-06-01", due: true });
    expect(digestDue(weekdays, new Date("2026-06-01T00:00:00Z")).due).toBe(false);
    // Berlin is UTC+2 in summer and UTC+1 in winter: 09:00 local moves in UTC.
    const berlin = { ...weekdays, timezone: "Europe/Berlin" };
    expect(digestDue(berlin, new Date("2026-06-01T07:00:00Z")).due).toBe(true);
    expect(digestDue(berlin, new Date("2026-11-23T07:00:00Z")).due).toBe(false);
    expect(digestDue(berlin, new Date("2026-11-23T08:00:00Z")).due).toBe(true);
  });

  it("steps back a calendar day across months and years", () => {
    expect(previousDate("2026-03-01")).toBe("2026-02-28");
    expect(previousDate("2026-01-01")).toBe("2025-12-31");
  });
});
