/**
 * Every catalog says every English message, with the same placeholders and the same
 * plural/select structure, and plurals with every form its language has.
 */
import { describe, expect, it } from "vitest";
import { en } from "../../src/i18n/catalogs/en.js";
import { LANGUAGES, type MessageKey } from "../../src/i18n/index.js";
import { messageShape } from "./catalog-shape.js";

const KEYS = Object.keys(en) as MessageKey[];
const TRANSLATIONS = LANGUAGES.filter((l) => l.code !== "en");

describe("message catalogs", () => {
  it("English messages all parse as ICU MessageFormat", () => {
    for (const key of KEYS) expect(() => messageShape(en[key]), key).not.toThrow();
  });

  it.each(TRANSLATIONS.map((l) => [l.code, l] as const))("%s has every English key and no other", (_code, language) => {
    const catalog = language.catalog as Record<string, string | undefined>;
    expect(KEYS.filter((key) => catalog[key] === undefined)).toEqual([]);
    expect(Object.keys(catalog).filter((key) => !(key in en))).toEqual([]);
  });

  it.each(TRANSLATIONS.map((l) => [l.code, l] as const))("%s uses the same placeholders, selects and plurals as English", (_code, language) => {
    const catalog = language.catalog as Record<string, string | undefined>;
    const categories = new Intl.PluralRules(language.intl).resolvedOptions().pluralCategories as string[];
    const problems: string[] = [];
    for (const key of KEYS) {
      const text = catalog[key];
      if (text === undefined) continue;
      let shape;
      try {
        shape = messageShape(text);
      } catch (error) {
        problems.push(`${key}: does not parse (${String(error)})`);
        continue;
      }
      const source = messageShape(en[key]);
      const args = (s: typeof shape) => [...s.args].map(([name, kind]) => `${name}:${kind}`).sort();
      if (args(shape).join() !== args(source).join()) problems.push(`${key}: placeholders ${args(shape).join(", ")} ≠ English ${args(source).join(", ")}`);
      for (const [name, options] of source.selects) {
        if (shape.selects.get(name)?.join() !== options.join()) problems.push(`${key}: select ${name} options ${shape.selects.get(name)?.join(", ")} ≠ English ${options.join(", ")}`);
      }
      for (const [name, options] of shape.plurals) {
        const missing = categories.filter((c) => !options.includes(c));
        if (missing.length > 0) problems.push(`${key}: plural ${name} lacks the ${missing.join(", ")} form(s) of ${language.code}`);
        const unknown = options.filter((o) => !o.startsWith("=") && !categories.includes(o));
        if (unknown.length > 0) problems.push(`${key}: plural ${name} has ${unknown.join(", ")}, which ${language.code} does not use`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("English plurals have the one and other forms", () => {
    for (const key of KEYS) {
      for (const [name, options] of messageShape(en[key]).plurals) expect(options, `${key} ${name}`).toEqual(expect.arrayContaining(["one", "other"]));
    }
  });
});
