import { publicKeySuite } from "./public-key-suite.js";

publicKeySuite("pglite");
