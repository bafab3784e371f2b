/**
 * `npm run slack:manifest`: writes the command registry's slash commands into
 * slack-app-manifest.yml (names, descriptions, usage hints), keeping the rest of the file and
 * its comments. Run it after adding or changing a command; a test fails until you do.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { isMap, isSeq, parseDocument, type YAMLMap } from "yaml";
import { COMMANDS } from "../commands/index.js";
import { manifestSlashCommands } from "../src/platforms/slack/slack.manifest.js";

export const MANIFEST_FILE = fileURLToPath(new URL("../slack-app-manifest.yml", import.meta.url));

/** The manifest with `features.slash_commands` made to match the registry, in its order. */
export function syncManifest(text: string, commands = COMMANDS): string {
  const doc = parseDocument(text);
  const list = doc.getIn(["features", "slash_commands"], true);
  if (!isSeq(list)) throw new Error("slack-app-manifest.yml has no features.slash_commands list");
  const existing = new Map<unknown, YAMLMap>();
  for (const item of list.items) if (isMap(item)) existing.set(item.get("command"), item);

  list.items = manifestSlashCommands(commands).map((entry) => {
    // An entry already there keeps its comments and key order; only what changed is written.
    const node = existing.get(entry.command) ?? (doc.createNode({}) as YAMLMap);
    for (const [key, value] of Object.entries(entry)) if (node.get(key) !== value) node.set(key, value);
    if (entry.usage_hint === undefined) node.delete("usage_hint");
    return node;
  });
  return doc.toString({ lineWidth: 96 });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const before = await readFile(MANIFEST_FILE, "utf8");
  const after = syncManifest(before);
  if (after === before) {
    console.log("slack-app-manifest.yml already lists every command.");
  } else {
    await writeFile(MANIFEST_FILE, after);
    console.log("Updated slack-app-manifest.yml from the command registry. Paste it into your Slack app's manifest to apply it.");
  }
}
