import { supergroupSuite } from "./supergroup-suite.js";

supergroupSuite("pglite");
