import { leadTransferSuite } from "./lead-transfer-suite.js";

leadTransferSuite("pglite");
