import { describe } from "vitest";
import { postgresAvailable } from "../support/db.js";
import { hostileIngestSuite } from "./hostile-ingest-suite.js";

describe.runIf(await postgresAvailable())("PostgreSQL server", () => hostileIngestSuite("postgres"));
