import { describe } from "vitest";
import { postgresAvailable } from "../support/db.js";
import { chatInputSuite } from "./chat-input-suite.js";

describe.runIf(await postgresAvailable())("PostgreSQL server", () => chatInputSuite("postgres"));
