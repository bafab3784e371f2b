import { describe } from "vitest";
import { postgresAvailable } from "../support/db.js";
import { serviceSuite } from "./service-suite.js";

// The same suite as on PGlite, against the real server, in a schema of its own. CI always
// runs it (.ci/run starts the server); a laptop without PostgreSQL skips it.
describe.runIf(await postgresAvailable())("PostgreSQL server", () => serviceSuite("postgres"));
