import { deliveryProblemSuite } from "./delivery-problem-suite.js";

deliveryProblemSuite("pglite");
