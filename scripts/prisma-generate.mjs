// `prisma generate`, with one fallback for machines that cannot reach Prisma's binary host.
//
// Prisma's CLI fetches its native schema engine before any command, generate included, and
// fails when the download is impossible (offline CI, registries-only networks). Generate never
// runs that engine, so when the fetch fails and PRISMA_SCHEMA_ENGINE_BINARY is unset we retry
// with the variable pointing at an existing file (this script). A machine that can fetch the
// engine, or that already set the variable, runs plain `prisma generate` and nothing else.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const generate = (env) =>
  spawnSync(process.execPath, [cli, "generate", ...process.argv.slice(2)], {
    env,
    stdio: ["inherit", "inherit", "pipe"],
    encoding: "utf8",
  });

let run = generate(process.env);
const fetchFailed = /binaries\.prisma\.sh|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|request to .* failed/;
if (run.status !== 0 && !process.env.PRISMA_SCHEMA_ENGINE_BINARY && fetchFailed.test(run.stderr)) {
  console.warn("prisma-generate: schema engine cannot be downloaded; generating without it.");
  run = generate({ ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url) });
}
process.stderr.write(run.stderr ?? "");
process.exit(run.status ?? 1);
