import { hostileTrackingSuite } from "./hostile-tracking-suite.js";

hostileTrackingSuite("pglite");
