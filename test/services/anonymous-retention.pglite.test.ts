import { anonymousRetentionSuite } from "./anonymous-retention-suite.js";

anonymousRetentionSuite("pglite");
