import { serviceSuite } from "./service-suite.js";

// CI always has the server (.ci/run starts it); the same suite as on PGlite, in its own schema.
serviceSuite("postgres");
