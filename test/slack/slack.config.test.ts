import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

/** Slack's part of the one configuration. */
const loadSlackConfig = (env: Record<string, string>) => loadConfig(env).slack;

const http = { SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_SIGNING_SECRET: "0123456789abcdef" };

describe("Slack configuration", () => {
  it("is off when no Slack variable is set (empty values count as unset)", () => {
    expect(loadSlackConfig({})).toBeNull();
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: "", SLACK_APP_TOKEN: "" })).toBeNull();
  });

  it("uses HTTP mode on its own port with a bot token and signing secret", () => {
    expect(loadSlackConfig(http)).toEqual({ mode: "http", botToken: http.SLACK_BOT_TOKEN, signingSecret: http.SLACK_SIGNING_SECRET, port: 3001 });
    expect(loadSlackConfig({ ...http, SLACK_PORT: "8080", SLACK_API_URL: "http://127.0.0.1:9999/api" })).toMatchObject({
      port: 8080,
      apiUrl: "http://127.0.0.1:9999/api/",
    });
  });

  it("uses Socket Mode when an app token is set", () => {
    expect(loadSlackConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1-A1-abc" })).toEqual({ mode: "socket", botToken: "xoxb-1", appToken: "xapp-1-A1-abc" });
  });

  it.each([
    [{ SLACK_SIGNING_SECRET: "0123456789abcdef" }, /SLACK_BOT_TOKEN: set it too/],
    [{ SLACK_BOT_TOKEN: "xoxb-1" }, /SLACK_SIGNING_SECRET: required for HTTP mode/],
    [{ ...http, SLACK_BOT_TOKEN: "xoxp-user-token" }, /SLACK_BOT_TOKEN is the Bot User OAuth Token/],
    [{ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xoxb-1" }, /SLACK_APP_TOKEN is an app-level token/],
    [{ ...http, SLACK_PORT: "3000" }, /SLACK_PORT: 3000 is already the HTTP API's PORT/],
    [{ ...http, SLACK_API_URL: "slack.com" }, /SLACK_API_URL must be a URL/],
  ])("refuses a half-done setup %#, naming the variable", (env, message) => {
    expect(() => loadSlackConfig(env)).toThrow(ConfigError);
    expect(() => loadSlackConfig(env)).toThrow(message);
  });
});
