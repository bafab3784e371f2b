import { describe } from "vitest";
import { postgresAvailable } from "../support/db.js";
import { trackingSuite } from "./tracking-suite.js";

describe.runIf(await postgresAvailable())("PostgreSQL server", () => trackingSuite("postgres"));
