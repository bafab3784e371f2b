/**
 * Modules import one another one way: no module reaches itself again through what it imports
 * (commands/weights.ts and weights-suggest.ts once did, for the previews they shared). Type-only
 * imports are left out: they vanish when compiled and cannot leave a module half-initialised.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "generated" ? [] : sources(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** Each file's relative imports that stay at run time (import/export … from, not `import type`). */
function runtimeImports(file: string): string[] {
  const code = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of code.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?\sfrom\s+"(\.[^"]+)"/gm)) {
    if (match[1]) continue;
    found.push(resolve(dirname(file), match[2]!.replace(/\.js$/, ".ts")));
  }
  return found;
}

/** Every cycle met walking the graph, as "a → b → a". */
function cycles(graph: Map<string, string[]>): string[] {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (file: string) => {
    state.set(file, "visiting");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "visiting") found.push([...stack.slice(stack.indexOf(next)), next].join(" → "));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe("imports", () => {
  it("have no cycles in src/ and commands/", () => {
    const files = [...sources(join(ROOT, "src")), ...sources(join(ROOT, "commands"))];
    expect(cycles(new Map(files.map((f) => [relative(ROOT, f), runtimeImports(f).map((i) => relative(ROOT, i))])))).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const graph = new Map([
      ["commands/weights.ts", ["commands/weights-suggest.ts", "src/chat/reply.ts"]],
      ["commands/weights-suggest.ts", ["commands/weights.ts"]],
      ["src/chat/reply.ts", []],
    ]);
    expect(cycles(graph)).toEqual(["commands/weights.ts → commands/weights-suggest.ts → commands/weights.ts"]);
  });

  it("reads value imports and leaves type-only ones out", () => {
    const weights = join(ROOT, "commands/weights.ts");
    expect(runtimeImports(weights)).toContain(join(ROOT, "commands/weights-suggest.ts"));
    expect(runtimeImports(weights)).not.toContain(join(ROOT, "commands/types.ts")); // `import type { CommandContext, … }`
  });
});
