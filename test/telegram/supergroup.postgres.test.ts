import { describe } from "vitest";
import { postgresAvailable } from "../support/db.js";
import { supergroupSuite } from "./supergroup-suite.js";

describe.runIf(await postgresAvailable())("PostgreSQL server", () => {
  supergroupSuite("postgres");
});
