import { serviceSuite } from "./service-suite.js";

serviceSuite("pglite");
