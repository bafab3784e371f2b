import { describe } from "vitest";
import { postgresAvailable } from "../support/db.js";
import { trendSuite } from "./trend-suite.js";

// The same suite as on PGlite, against the real server, in a schema of its own (skipped on a
// laptop without PostgreSQL; CI always runs it).
describe.runIf(await postgresAvailable())("PostgreSQL server", () => trendSuite("postgres"));
