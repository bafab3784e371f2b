import { hooksSuite } from "./hooks-suite.js";

hooksSuite("pglite");
