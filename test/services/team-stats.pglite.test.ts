import { teamStatsSuite } from "./team-stats-suite.js";

teamStatsSuite("pglite");
