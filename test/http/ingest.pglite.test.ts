import { ingestSuite } from "./ingest-suite.js";

ingestSuite("pglite");
