import { adminCommand } from "./admin.js";
import { digestCommand } from "./digest.js";
import { helpCommand } from "./help.js";
import { hooksCommand } from "./hooks.js";
import { leadCommand } from "./lead.js";
import { logCommand } from "./log.js";
import { meCommand } from "./me.js";
import { qualifyCommand } from "./qualify.js";
import { sourcesCommand } from "./sources.js";
import { teamCommand } from "./team.js";
import { commandRouter, type Router } from "../src/chat/router.js";
import type { CommandDefinition } from "./types.js";
import { weightsCommand } from "./weights.js";

export const COMMANDS: CommandDefinition[] = [
  leadCommand,
  qualifyCommand,
  logCommand,
  weightsCommand,
  sourcesCommand,
  digestCommand,
  teamCommand,
  adminCommand,
  hooksCommand,
  meCommand,
];
COMMANDS.push(helpCommand(() => COMMANDS));

export type { CommandContext, CommandDefinition } from "./types.js";

/**
 * Runs a typed line over the registry: what every platform, the console and the tests call. The
 * router itself (src/chat/router.ts) knows no command; this is where it gets the list.
 */
export const handleLine: Router = commandRouter(COMMANDS);
