import { adminCommand } from "./admin.js";
import { digestCommand } from "./digest.js";
import { helpCommand } from "./help.js";
import { leadCommand } from "./lead.js";
import { logCommand } from "./log.js";
import { qualifyCommand } from "./qualify.js";
import { teamCommand } from "./team.js";
import type { CommandDefinition } from "./types.js";
import { weightsCommand } from "./weights.js";

export const COMMANDS: CommandDefinition[] = [
  leadCommand,
  qualifyCommand,
  logCommand,
  weightsCommand,
  digestCommand,
  teamCommand,
  adminCommand,
];
COMMANDS.push(helpCommand(() => COMMANDS));

export type { CommandContext, CommandDefinition } from "./types.js";
