/**
 * Tests speak strictly: a message missing from a catalog fails the test that renders it,
 * where a running bot would say it in English (src/i18n/translator.ts).
 */
import { setMissingKeyPolicy } from "../../src/i18n/index.js";

setMissingKeyPolicy("throw");
