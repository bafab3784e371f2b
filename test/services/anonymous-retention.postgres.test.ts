import { describe } from "vitest";
import { postgresAvailable } from "../support/db.js";
import { anonymousRetentionSuite } from "./anonymous-retention-suite.js";

// The same cases against the real server (CI starts it; without one this is skipped).
describe.runIf(await postgresAvailable())("PostgreSQL server", () => anonymousRetentionSuite("postgres"));
