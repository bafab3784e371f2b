/**
 * Slack as a ChatPlatform: Bolt over HTTP or Socket Mode (slack.app.ts), replies as Block Kit
 * (block-kit.render.ts), outbox messages posted by a client of the worker's own (slack.outbox.ts).
 */
import type { ChatPlatform, DeliveringPlatform } from "../contract.js";
import { renderBlockKit, type SlackMessage } from "./block-kit.render.js";
import { slackConfigFrom, slackEnv, type SlackConfig } from "./slack.config.js";

export const slackPlatform: ChatPlatform<SlackConfig, SlackMessage, DeliveringPlatform> = {
  name: "slack",
  config: { env: slackEnv, neighbours: ["PORT"], from: slackConfigFrom, seeAlso: `See the README's "Connect to Slack" section.` },
  render: renderBlockKit,
  async start({ config, deps, log, timezone }) {
    // Loaded when it starts: src/config.ts reads this file (through the registry) for the config part alone.
    const [{ startSlack }, { createSlackDeliveryClient, slackSender }] = await Promise.all([import("./slack.app.js"), import("./slack.outbox.js")]);
    const slack = await startSlack({ deps, log, config, timezone });
    // The worker's own client: Bolt's waits out 429s in place, which would stall the queue.
    const sender = slackSender(createSlackDeliveryClient({ token: config.botToken, ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}) }));
    return { stop: () => slack.stop(), sender };
  },
};
