import { describe } from "vitest";
import { postgresAvailable } from "../support/db.js";
import { calibrationSuite } from "./calibration-suite.js";

// The same calibration tests against the real server; a machine without PostgreSQL skips them.
describe.runIf(await postgresAvailable())("PostgreSQL server", () => calibrationSuite("postgres"));
