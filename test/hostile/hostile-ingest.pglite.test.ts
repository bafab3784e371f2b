import { hostileIngestSuite } from "./hostile-ingest-suite.js";

hostileIngestSuite("pglite");
