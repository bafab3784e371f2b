import type { CommandDefinition } from "../../../commands/types.js";
import { translator } from "../../i18n/index.js";
import { SLACK_EVENTS_PATH } from "./slack.config.js";

/** One entry of `features.slash_commands` in slack-app-manifest.yml, in the manifest's own words. */
export interface ManifestSlashCommand {
  command: string;
  url: string;
  description: string;
  usage_hint?: string;
  should_escape: boolean;
}

/** The placeholder the manifest's reader replaces with the bot's public address (see the manifest's header). */
export const MANIFEST_URL = `https://YOUR-BOT-HOST${SLACK_EVENTS_PATH}`;

/**
 * The manifest's slash commands, from the command registry: `npm run slack:manifest` writes them
 * into slack-app-manifest.yml, and a test fails while the two differ. In English: a Slack app
 * has one manifest, whatever its users' languages.
 */
export function manifestSlashCommands(commands: readonly Pick<CommandDefinition, "name" | "summary" | "menu" | "mentions">[]): ManifestSlashCommand[] {
  const t = translator("en");
  return commands.map((c) => ({
    command: `/${c.name}`,
    url: MANIFEST_URL,
    description: c.menu?.description ? t.t(c.menu.description) : t.t(c.summary).replace(/\.$/, ""),
    ...(c.menu?.hint ? { usage_hint: c.menu.hint } : {}),
    should_escape: c.mentions ?? false,
  }));
}
