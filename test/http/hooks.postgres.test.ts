import { describe } from "vitest";
import { postgresAvailable } from "../support/db.js";
import { hooksSuite } from "./hooks-suite.js";

// The same suite as on PGlite, against the real server in a schema of its own.
describe.runIf(await postgresAvailable())("PostgreSQL server", () => hooksSuite("postgres"));
