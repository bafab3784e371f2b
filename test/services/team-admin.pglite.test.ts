import { teamAdminSuite } from "./team-admin-suite.js";

teamAdminSuite("pglite");
