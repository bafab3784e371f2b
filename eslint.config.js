import js from "@eslint/js";
import * as espree from "espree";
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
  // src/delivery is the outbox worker, which sends through the platforms. platforms/names.ts
  // is let through: it is the platforms' names (a type), which teams, people and chats store.
  platforms: {
    regex: "(^|/)platforms/(?!names(\\.js)?$)|(^|/)platforms$|(^|/)delivery(/|$)|^@slack/|^telegraf(/|$)",
    message: "Chat platforms stay in src/platforms; return data or a reply model instead (README, Architecture).",
  },
  // Commands sit above the chat layer, the services and the views: they are run through the
  // router the registry binds (commands/index.ts), never imported from below.
  commands: {
    regex: "(^|/)commands/",
    message: "Commands sit above this layer; run them through the router the registry binds (commands/index.ts) (README, Architecture).",
  },
  // A platform needs the registry (the router, and the command list for its menus and manifest)
  // and the command types, nothing of a single command.
  commandsButRegistry: {
    regex: "(^|/)commands/(?!(index|types)(\\.js)?$)",
    message: "A platform reaches commands only through the registry, commands/index.ts (README, Architecture).",
  },
  // The chat layer may name a platform (platforms/names.ts), and knows nothing else of one.
  platformCode: {
    regex: "(^|/)(platforms|delivery)/(?!names(\\.js)?$)|^@slack/|^telegraf(/|$)",
    message: "The chat layer is the same for every platform; platform code stays in src/platforms (README, Architecture).",
  },
  // src/metrics sits below every layer that records (chat, services, http, delivery, jobs): it
  // knows prom-client and nothing of the bot's code (but the config parts' shared helper).
  appCode: {
    regex: "^\\.\\./(?!config-part(\\.js)?$)",
    message: "src/metrics is below every layer that records metrics: it imports prom-client, its own files and config-part.ts only (README, Metrics).",
  },
  // One registry per process, owned by src/metrics: the layers record through its methods.
  promClient: {
    regex: "^prom-client$",
    message: "Record through deps.metrics (src/metrics/metrics.ts), which owns the registry (README, Metrics).",
  },
  rendering: {
    regex: "(^|/)views/|(^|/)chat/[\\w.-]+\\.render(\\.js)?$",
    message: "Services return data; views and renderers turn it into messages (README, Architecture).",
  },
  io: {
    regex:
      "^(node:)?(fs|net|http|https|http2|child_process|dgram|dns|tls|cluster|worker_threads|readline)(/|$)|^(node-cron|pino|proper-lockfile|prom-client)$|(^|/)(http|jobs|chat|views|charts|metrics)/|^(\\.\\./)+(src/)?commands/|(^|/)(app|main|config|logger|shutdown)(\\.js)?$",
    message: "The domain is pure functions over plain data: no I/O, no clock, nothing from the layers above (README, Architecture).",
  },
};

/** Each layer and what it must not import. */
export const LAYERS = [
  { name: "domain", files: ["src/domain/**/*.ts"], forbid: ["store", "services", "platforms", "io"] },
  { name: "commands", files: ["commands/**/*.ts"], forbid: ["store", "platforms", "promClient"] },
  { name: "chat", files: ["src/chat/**/*.ts"], forbid: ["store", "platformCode", "commands", "promClient"] },
  { name: "views", files: ["src/views/**/*.ts"], forbid: ["store", "platforms", "commands", "promClient"] },
  { name: "platforms", files: ["src/platforms/**/*.ts"], forbid: ["store", "commandsButRegistry", "promClient"] },
  { name: "services", files: ["src/services/**/*.ts"], forbid: ["platforms", "rendering", "commands", "database", "promClient"] },
  { name: "store", files: ["src/store/**/*.ts"], forbid: ["platforms", "promClient"] },
  { name: "http", files: ["src/http/**/*.ts"], forbid: ["database"] },
  { name: "jobs", files: ["src/jobs/**/*.ts"], forbid: ["database"] },
  { name: "metrics", files: ["src/metrics/**/*.ts"], forbid: ["appCode"] },
  // Message catalogs and the translator: pure, below the views and the chat layer that speak
  // through them (README, "Languages").
  { name: "i18n", files: ["src/i18n/**/*.ts"], forbid: ["store", "services", "platforms", "io", "promClient"] },
];

/**
 * Not yet moved: files that break a layer rule today, each as `{ file, allows, why }` (the one
 * forbidden group its file may still import, and the issue that moves it). Each keeps only the
 * import named, and only until it moves; the layers test fails on an entry whose file no
 * longer needs it. Empty since issue 12 moved the last three (identity, forms and stored
 * buttons became platform-neutral); never add to it: move the code instead.
 */
export const NOT_YET_MOVED = [];

// ---- no sentences in failures ----------------------------------------------------------------
// Services return a failure's reason and data; its words are in src/views (README, "Where
// messages are built"). The Failure type has no field for a sentence; this catches one smuggled
// into a data field: a text with a space, or a template, among a failure's arguments.
const FAILURE_CALL = "CallExpression[callee.name=/^(fail|invalid|forbidden|conflict)$/]";
export const NO_PROSE_IN_FAILURES = [
  { selector: `${FAILURE_CALL} Literal[value=/\\s/]`, message: "A failure carries a reason and data, not words: word it in src/views/failure.view.ts." },
  { selector: `${FAILURE_CALL} TemplateLiteral`, message: "A failure carries a reason and data, not words: word it in src/views/failure.view.ts." },
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
    // The website snippet (GET /t.js) runs as it is in visitors' browsers, old ones too: plain
    // ES5 in a script, with a browser's globals. ESLint's own parser at ecmaVersion 5 refuses
    // any later syntax (let, arrow functions, template literals, classes).
    files: ["src/http/snippet/**/*.js"],
    languageOptions: {
      parser: espree,
      ecmaVersion: 5,
      sourceType: "script",
      globals: { window: "readonly", document: "readonly", XMLHttpRequest: "readonly", Uint8Array: "readonly" },
    },
    // ES5 has no `catch {}` without a binding.
    rules: { "@typescript-eslint/no-unused-vars": ["error", { caughtErrors: "none" }] },
  },
  {
    files: ["scripts/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
  ...layerRules,
  {
    files: ["src/services/**/*.ts", "commands/**/*.ts"],
    rules: { "no-restricted-syntax": ["error", ...NO_PROSE_IN_FAILURES] },
  },
  {
    // Configuration is parsed once (src/config.ts) and passed down; main.ts hands it process.env.
    files: ["src/**/*.ts", "commands/**/*.ts"],
    ignores: ["src/main.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration from loadConfig's result (src/config.ts), passed down." }],
    },
  },
);
