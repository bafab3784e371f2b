/**
 * The deployment files (Dockerfile, .dockerignore, docker-compose.yml, deploy/Caddyfile) agree
 * with the code: no Docker engine runs here, so nothing else would notice a variable the bot no
 * longer reads, a script renamed in package.json, or an instance the proxy does not know.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONFIG_VARIABLES, loadConfig, type Config } from "../../src/config.js";
import { SLACK_EVENTS_PATH } from "../../src/platforms/slack/slack.config.js";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

/** Variables docker-compose.yml substitutes that are not the bot's: the README's Deploy section explains each. */
const COMPOSE_ONLY = ["POSTGRES_PASSWORD", "BOT_DOMAIN"];
/** The path TELEGRAM_WEBHOOK_URL ends in, as the README's Deploy section tells people to set it. */
const TELEGRAM_WEBHOOK_PATH = "/telegram/webhook";

/** What an operator's .env might hold: everything set, both chat platforms on. */
const FULL_ENV: Record<string, string> = {
  POSTGRES_PASSWORD: "3f9a0c27d1b84e56",
  BOT_DOMAIN: "leads.example.com",
  SLACK_BOT_TOKEN: "xoxb-1-2-abc",
  SLACK_SIGNING_SECRET: "0123456789abcdef",
  TELEGRAM_BOT_TOKEN: "123456789:AAEabcdefghijklmnopqrstuvwxyz",
  TELEGRAM_WEBHOOK_URL: `https://leads.example.com${TELEGRAM_WEBHOOK_PATH}`,
};

// ---- Dockerfile ---------------------------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
  /** Index of the stage (FROM) it belongs to. */
  stage: number;
}

interface Stage {
  name: string | undefined;
  instructions: Instruction[];
}

/** The Dockerfile's instructions by stage: continuation lines joined, comments dropped. */
function parseDockerfile(text: string): Stage[] {
  const lines = text.split("\n").filter((line) => !/^\s*#/.test(line));
  const logical = lines.join("\n").replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter(Boolean);
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === "FROM") stages.push({ name: /\bAS\s+(\S+)/i.exec(args)?.[1], instructions: [] });
    const stage = stages.at(-1);
    if (stage) stage.instructions.push({ keyword: upper, args, stage: stages.length - 1 });
  }
  return stages;
}

/** A CMD/HEALTHCHECK/RUN argument as words: exec form (JSON) or shell form. */
function words(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith("[")) return JSON.parse(trimmed) as string[];
  return trimmed.split(/\s+/);
}

/** The npm scripts a command line runs: `npm start`, `npm test`, `npm run x`, `npm run-script x`. */
function npmScripts(command: string): string[] {
  return [...command.matchAll(/\bnpm\s+(?:(start|test|stop|restart)\b|run(?:-script)?\s+([\w:.-]+))/g)].map((m) => (m[1] ?? m[2])!);
}

/** Whether `.dockerignore` keeps `path` out of the build context (Docker's rules: last match wins, a match on a parent counts). */
function dockerIgnored(path: string, dockerignore: string): boolean {
  const toRegex = (glob: string) =>
    new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*/g, "\0").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]").replace(/\0/g, ".*")}$`);
  const parts = path.split("/");
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
  let ignored = false;
  for (const raw of dockerignore.split("\n").map((l) => l.trim())) {
    if (!raw || raw.startsWith("#")) continue;
    const negated = raw.startsWith("!");
    const pattern = toRegex(raw.slice(negated ? 1 : 0).replace(/^\/+|\/+$/g, ""));
    if (candidates.some((c) => pattern.test(c))) ignored = !negated;
  }
  return ignored;
}

// ---- docker-compose.yml -------------------------------------------------------------------------

interface Service {
  build?: unknown;
  image?: string;
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown };
  volumes?: Array<string | { source?: string; target?: string }>;
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

/** A service's environment as name → raw value (null: passed through from the host, unset there). */
function environmentOf(service: Service): Record<string, string | null> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => (entry.includes("=") ? [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)] : [entry, null])));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? null : String(v)]));
}

const SUBSTITUTION = /\$\$|\$\{([A-Za-z_]\w*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_]\w*)/g;

/** Compose's variable substitution: ${VAR}, $VAR, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $$. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(SUBSTITUTION, (whole, braced?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
    if (whole === "$$") return "$";
    const name = (braced ?? bare)!;
    const current = vars[name];
    const isSet = current !== undefined && (colon !== ":" || current !== "");
    if (op === "-") return isSet ? current! : (arg ?? "");
    if (op === "?") {
      if (!isSet) throw new Error(`${name}: ${arg}`);
      return current!;
    }
    return current ?? "";
  });
}

/** Every variable substituted anywhere in the (parsed) compose file. */
function substitutedVariables(node: unknown): string[] {
  if (typeof node === "string") return [...node.matchAll(SUBSTITUTION)].map((m) => m[1] ?? m[5]).filter((v): v is string => v !== undefined);
  if (Array.isArray(node)) return node.flatMap(substitutedVariables);
  if (node && typeof node === "object") return Object.values(node).flatMap(substitutedVariables);
  return [];
}

/** A bot service's environment as the bot would see it, given an operator's .env. */
function botEnvironment(service: Service, dotEnv: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, raw] of Object.entries(environmentOf(service))) {
    const value = raw === null ? dotEnv[name] : interpolate(raw, dotEnv);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

// ---- deploy/Caddyfile ---------------------------------------------------------------------------

/** Each `handle <path>` block's reverse_proxy upstreams, e.g. { "/slack/events": ["bot-1:3001", "bot-2:3001"] }. */
function caddyRoutes(caddyfile: string): Record<string, string[]> {
  const routes: Record<string, string[]> = {};
  for (const m of caddyfile.matchAll(/^\s*handle\s+(\S+)\s*\{\s*\n\s*reverse_proxy\s+([^{\n]+)/gm)) {
    routes[m[1]!] = m[2]!.trim().split(/\s+/);
  }
  return routes;
}

// ---- the files ----------------------------------------------------------------------------------

const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
const dockerfile = parseDockerfile(read("Dockerfile"));
const runtime = dockerfile.at(-1)!;
const dockerignore = read(".dockerignore");
const compose = parse(read("docker-compose.yml"), { merge: true }) as Compose;
const caddyfile = read("deploy/Caddyfile");
const readme = read("README.md");
const deploySection = /^## Deploy\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? "";

/** The bot's instances: the services built from this repository. */
const bots = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);
/** The first instance's configuration given a full .env (a getter: a mistake fails the tests that use it, not the file). */
let parsed: Config | undefined;
const fullConfig = (): Config => (parsed ??= loadConfig(botEnvironment(bots[0]![1], FULL_ENV)));

describe("Dockerfile", () => {
  const all = dockerfile.flatMap((stage) => stage.instructions);
  const inRuntime = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword);

  it("is multi-stage", () => {
    expect(dockerfile.length).toBeGreaterThanOrEqual(2);
  });

  it("runs the bot as a user that is not root", () => {
    const user = inRuntime("USER").at(-1)?.args.trim();
    expect(user, "the last stage needs a USER").toBeDefined();
    expect(user!.split(":")[0]).not.toMatch(/^(root|0)$/);
  });

  it("has a health check on /healthz that needs no curl or wget", () => {
    const [healthcheck] = inRuntime("HEALTHCHECK");
    expect(healthcheck, "the last stage needs a HEALTHCHECK").toBeDefined();
    const command = /\bCMD\s+(.*)$/.exec(healthcheck!.args)?.[1] ?? "";
    expect(command).toContain("/healthz");
    expect(words(command)[0]).not.toMatch(/^(curl|wget)$/);
  });

  it("installs the runtime's node_modules with npm ci --omit=dev", () => {
    // node_modules comes from the stage named in COPY --from=<stage> … node_modules, or is installed in place.
    const copied = inRuntime("COPY").find((i) => /--from=\S+/.test(i.args) && /node_modules/.test(i.args));
    const from = copied && /--from=(\S+)/.exec(copied.args)![1];
    const source = from === undefined ? runtime : dockerfile.find((s, i) => s.name === from || String(i) === from);
    expect(source, `no stage named ${from}`).toBeDefined();
    // Each npm command of each RUN (split at && ; |) that installs anything.
    const installs = source!.instructions
      .filter((i) => i.keyword === "RUN")
      .flatMap((i) => i.args.split(/&&|\|\||;|\|/).map((c) => c.trim()))
      .filter((c) => /^npm\s+(ci|install|i|add|clean-install|install-clean)\b/.test(c));
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install).toMatch(/^npm ci\b.*\s--omit=dev\b/);
  });

  it("runs only npm scripts that package.json has", () => {
    const commands = all.filter((i) => ["RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"].includes(i.keyword)).map((i) => words(i.args).join(" "));
    for (const script of commands.flatMap(npmScripts)) expect(Object.keys(pkg.scripts), `npm script "${script}"`).toContain(script);
  });

  it("starts what `npm start` starts", () => {
    const cmd = words(inRuntime("CMD").at(-1)?.args ?? "[]");
    if (cmd.join(" ") === "npm start") return;
    // `npm start` runs TypeScript through tsx (`tsx <entry>` or `node --import tsx <entry>`); the image must too, on the same entry.
    const start = pkg.scripts.start!.split(/\s+/);
    expect(start[0] === "tsx" || start.join(" ").startsWith("node --import tsx "), `npm start is "${pkg.scripts.start}"`).toBe(true);
    const entry = start.at(-1);
    const loadsTsx = cmd[0] === "tsx" || cmd.join(" ").includes("--import tsx");
    expect(loadsTsx, `CMD ${JSON.stringify(cmd)} does not run TypeScript through tsx`).toBe(true);
    expect(cmd.at(-1)).toBe(entry);
    // The same Node flags (the young generation's size, say): the image runs what was measured.
    if (start[0] === "node") expect(cmd).toEqual(start);
  });

  it("sets only variables the bot reads", () => {
    const names = inRuntime("ENV").flatMap((i) => [...i.args.matchAll(/(?:^|\s)([A-Za-z_]\w*)=/g)].map((m) => m[1]!));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(CONFIG_VARIABLES, `ENV ${name}`).toContain(name);
  });

  it("exposes every port the bot listens on in docker-compose.yml", () => {
    const config = fullConfig();
    const exposed = inRuntime("EXPOSE").flatMap((i) => i.args.split(/\s+/).map((p) => Number(p.split("/")[0])));
    expect(config.slack?.mode).toBe("http");
    expect(config.telegram?.mode).toBe("webhook");
    const ports = [config.PORT, config.slack?.mode === "http" ? config.slack.port : -1, config.telegram?.webhook?.port ?? -1];
    for (const port of ports) expect(exposed).toContain(port);
  });

  it("copies files that exist and that .dockerignore lets through, and leaves secrets and local data out", () => {
    const sources = all
      .filter((i) => (i.keyword === "COPY" || i.keyword === "ADD") && !/--from=/.test(i.args))
      .flatMap((i) => words(i.args.replace(/--\S+/g, "")).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(new URL(source, root)), `COPY ${source}: no such file`).toBe(true);
      expect(dockerIgnored(source.replace(/^\.\/|\/$/g, ""), dockerignore), `COPY ${source}: excluded by .dockerignore`).toBe(false);
    }
    for (const local of [".env", "node_modules", "data", "exports", ".git", "src/store/generated"]) {
      expect(dockerIgnored(local, dockerignore), `${local} reaches the build context`).toBe(true);
    }
  });
});

describe("docker-compose.yml", () => {
  it("runs two bot instances, bot-1 and bot-2", () => {
    expect(bots.map(([name]) => name)).toEqual(expect.arrayContaining(["bot-1", "bot-2"]));
  });

  it("sets only variables the bot reads on the bot services", () => {
    for (const [name, service] of bots) {
      const keys = Object.keys(environmentOf(service));
      expect(keys.length, name).toBeGreaterThan(0);
      for (const key of keys) expect(CONFIG_VARIABLES, `${name}: ${key}`).toContain(key);
    }
  });

  it("sets the other services' variables for their images only (POSTGRES_*) or as documented in the README", () => {
    for (const [name, service] of Object.entries(compose.services).filter(([, s]) => s.build === undefined)) {
      for (const key of Object.keys(environmentOf(service))) {
        expect(key.startsWith("POSTGRES_") || COMPOSE_ONLY.includes(key), `${name}: ${key}`).toBe(true);
      }
    }
  });

  it("substitutes only the bot's variables and the documented compose-only ones", () => {
    for (const variable of new Set(substitutedVariables(compose))) {
      expect([...CONFIG_VARIABLES, ...COMPOSE_ONLY], `\${${variable}}`).toContain(variable);
    }
    for (const variable of COMPOSE_ONLY) expect(deploySection, `the README's Deploy section explains ${variable}`).toContain(variable);
  });

  it("configures the same bot on every instance: PostgreSQL, Slack over HTTP, Telegram by webhook, no console", () => {
    const config = fullConfig();
    for (const [name, service] of bots) {
      const instance = loadConfig(botEnvironment(service, FULL_ENV));
      expect(instance, name).toEqual(config);
    }
    expect(config.DATABASE_URL).toMatch(/^postgres(ql)?:\/\//);
    expect(config.console).toBeNull(); // CONSOLE=off
    expect(config.slack?.mode).toBe("http");
    expect(config.telegram).toMatchObject({ mode: "webhook", webhook: { url: FULL_ENV.TELEGRAM_WEBHOOK_URL, path: TELEGRAM_WEBHOOK_PATH } });
  });

  it("starts with nothing but POSTGRES_PASSWORD set (Slack and Telegram off), and refuses to start without it", () => {
    const minimal = loadConfig(botEnvironment(bots[0]![1], { POSTGRES_PASSWORD: FULL_ENV.POSTGRES_PASSWORD! }));
    expect(minimal.slack).toBeNull();
    expect(minimal.telegram).toBeNull();
    expect(() => botEnvironment(bots[0]![1], {})).toThrow(/POSTGRES_PASSWORD/);
  });

  it("starts the bots once PostgreSQL is healthy, and keeps its data in a volume", () => {
    const config = fullConfig();
    const host = new URL(config.DATABASE_URL!).hostname;
    const postgres = compose.services[host];
    expect(postgres, `DATABASE_URL names ${host}, which is no service`).toBeDefined();
    expect(postgres!.healthcheck?.test).toBeDefined();
    const volume = postgres!.volumes?.map((v) => (typeof v === "string" ? v : `${v.source}:${v.target}`)).find((v) => v.split(":")[1] === "/var/lib/postgresql/data");
    expect(volume, "a volume on /var/lib/postgresql/data").toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume!.split(":")[0]);
    for (const [name, service] of bots) {
      expect(service.depends_on, name).toMatchObject({ [host]: { condition: "service_healthy" } });
    }
  });
});

describe("deploy/Caddyfile", () => {
  const routes = caddyRoutes(caddyfile);
  const everyBot = (port: number | undefined) => bots.map(([name]) => `${name}:${port}`).sort();

  it("sends Slack, Telegram and the ingestion API to every instance, on the port each listens on", () => {
    const config = fullConfig();
    expect(routes[SLACK_EVENTS_PATH]?.slice().sort()).toEqual(everyBot(config.slack?.mode === "http" ? config.slack.port : undefined));
    expect(routes[TELEGRAM_WEBHOOK_PATH]?.slice().sort()).toEqual(everyBot(config.telegram?.webhook?.port));
    expect(routes["/api/*"]?.slice().sort()).toEqual(everyBot(config.PORT));
  });

  it("sends the website snippet and the tracking API it posts to to every instance, on PORT", () => {
    const config = fullConfig();
    expect(routes["/t.js"]?.slice().sort()).toEqual(everyBot(config.PORT));
    expect(routes["/v1/*"]?.slice().sort()).toEqual(everyBot(config.PORT));
  });

  it("checks the instances' health on PORT's /healthz", () => {
    const config = fullConfig();
    expect(caddyfile).toMatch(/^\s*health_uri \/healthz$/m);
    expect(caddyfile).toMatch(new RegExp(`^\\s*health_port ${config.PORT}$`, "m"));
  });

  it("is the URL the README tells people to give Telegram", () => {
    expect(deploySection).toMatch(new RegExp(`TELEGRAM_WEBHOOK_URL=https://\\S+${TELEGRAM_WEBHOOK_PATH}`));
  });
});
