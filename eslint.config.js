import js from "@eslint/js";
import tseslint from "typescript-eslint";

// ---- layer rules ------------------------------------------------------------------------------
// Data flows one way (README, "Architecture"): transport → chat router → command → service →
// domain/store → view → reply model → transport renderer. These rules keep it so; `npm run
// check` fails on a violation and test/architecture/layers.test.ts proves that it does.

/** What a layer may be forbidden to import, matched against the import as written. */
export const FORBIDDEN = {
  store: {
    regex: "(^|/)store(/|$)|^@prisma/|^prisma(/|$)|^pg$|^@electric-sql/|^pglite-prisma-adapter$",
    message: "Only src/store talks to the database; go through a service (README, Architecture).",
  },
  // What the store keeps to itself: the Prisma client and its types, raw SQL, drivers. Services
  // and the layers beside them reach the database through src/store/store.ts (Store, Db), the
  // repositories and the store's errors, nothing else.
  database: {
    regex:
      "(^|/)store/(?![\\w-]+\\.repository(\\.js)?$|store(\\.js)?$|errors(\\.js)?$)|^@prisma/|^prisma(/|$)|^pg$|^@electric-sql/|^pglite-prisma-adapter$",
    message: "Services get a Store and repositories, never the Prisma client, its types or raw SQL (src/store/store.ts; README, Architecture).",
  },
  services: {
    regex: "(^|/)services(/|$)",
    message: "The domain is pure scoring and calls no use case (README, Architecture).",
  },
  // src/delivery is the outbox worker, which sends through the platforms. src/platforms/names.ts
  // is allowed: the Platform name type that the store and services share.
  platforms: {
    regex: "(^|/)platforms(/(?!names(\\.js)?$)|$)|(^|/)delivery(/|$)|^@slack/|^telegraf(/|$)",
    message: "Chat platforms stay in src/platforms; return data or a reply model instead (README, Architecture).",
  },
  rendering: {
    regex: "(^|/)views/|(^|/)chat/[\\w.-]+\\.render(\\.js)?$",
    message: "Services return data; views and renderers turn it into messages (README, Architecture).",
  },
  io: {
    regex:
      "^(node:)?(fs|net|http|https|http2|child_process|dgram|dns|tls|cluster|worker_threads|readline)(/|$)|^(node-cron|pino|proper-lockfile)$|(^|/)(http|jobs|chat|views|charts)/|^(\\.\\./)+(src/)?commands/|(^|/)(app|main|config|logger)(\\.js)?$",
    message: "The domain is pure functions over plain data: no I/O, no clock, nothing from the layers above (README, Architecture).",
  },
};

/** Each layer and what it must not import. */
export const LAYERS = [
  { name: "domain", files: ["src/domain/**/*.ts"], forbid: ["store", "services", "platforms", "io"] },
  { name: "commands", files: ["commands/**/*.ts"], forbid: ["store", "platforms"] },
  { name: "views", files: ["src/views/**/*.ts"], forbid: ["store", "platforms"] },
  { name: "platforms", files: ["src/platforms/**/*.ts"], forbid: ["store"] },
  { name: "services", files: ["src/services/**/*.ts"], forbid: ["platforms", "rendering", "database"] },
  { name: "http", files: ["src/http/**/*.ts"], forbid: ["database"] },
  { name: "jobs", files: ["src/jobs/**/*.ts"], forbid: ["database"] },
];

/**
 * Not yet moved (issue 12): files that break a layer rule today. Each keeps only the import
 * named here, and only until it moves; the list can only shrink (the layers test fails on an
 * entry whose file no longer needs it). Never add to it: move the code instead.
 */
export const NOT_YET_MOVED = [
  {
    file: "src/platforms/telegram/team-link.ts",
    allows: "store",
    why: "who is speaking, which team, binding a private chat: becomes the platform-neutral identity service (issue 12, point 1)",
  },
  {
    file: "src/platforms/telegram/qualify.flow.ts",
    allows: "store",
    why: "the step-by-step form engine keeps its progress in chat_flow: moves to src/chat for every platform (issue 12, point 1)",
  },
  {
    file: "src/platforms/telegram/callback-data.ts",
    allows: "store",
    why: "stored button payloads (chat_callback): move to src/chat for every platform (issue 12, point 1)",
  },
];

const restrict = (groups) => ["error", { patterns: groups.map((group) => ({ ...FORBIDDEN[group] })) }];

const layerRules = [
  ...LAYERS.map((layer) => ({ files: layer.files, rules: { "no-restricted-imports": restrict(layer.forbid) } })),
  // Later entries win for the same rule: an allowlisted file gets its layer's rules less the one group.
  ...NOT_YET_MOVED.map((entry) => {
    const layer = LAYERS.find((l) => l.files.some((glob) => entry.file.startsWith(glob.split("*")[0])));
    return { files: [entry.file], rules: { "no-restricted-imports": restrict(layer.forbid.filter((g) => g !== entry.allows)) } };
  }),
];

export default tseslint.config(
  { ignores: ["node_modules", "src/store/generated", "data", "coverage", "tmp"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["scripts/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
  ...layerRules,
  {
    // Configuration is parsed once (src/config.ts) and passed down; main.ts hands it process.env.
    files: ["src/**/*.ts", "commands/**/*.ts"],
    ignores: ["src/main.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration from loadConfig's result (src/config.ts), passed down." }],
    },
  },
);
