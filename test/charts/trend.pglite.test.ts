import { trendSuite } from "./trend-suite.js";

trendSuite("pglite");
