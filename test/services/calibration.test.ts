import { calibrationSuite } from "./calibration-suite.js";

calibrationSuite("pglite");
