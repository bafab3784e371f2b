import { describe } from "vitest";
import { postgresAvailable } from "../support/db.js";
import { teamAdminSuite } from "./team-admin-suite.js";

describe.runIf(await postgresAvailable())("PostgreSQL server", () => teamAdminSuite("postgres"));
