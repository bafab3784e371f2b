import { describe } from "vitest";
import { postgresAvailable } from "../support/db.js";
import { hostileTrackingSuite } from "./hostile-tracking-suite.js";

describe.runIf(await postgresAvailable())("PostgreSQL server", () => hostileTrackingSuite("postgres"));
