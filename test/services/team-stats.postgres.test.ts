import { describe } from "vitest";
import { postgresAvailable } from "../support/db.js";
import { teamStatsSuite } from "./team-stats-suite.js";

// The same fixtures against the real server (CI starts it; without one this is skipped).
describe.runIf(await postgresAvailable())("PostgreSQL server", () => teamStatsSuite("postgres"));
