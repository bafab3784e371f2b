import { trackingSuite } from "./tracking-suite.js";

trackingSuite("pglite");
