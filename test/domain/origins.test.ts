import { describe, expect, it } from "vitest";
import { normaliseOrigin, originAllowed } from "../../src/domain/origins.js";

describe("web origins of a public key", () => {
  it.each([
    ["https://www.acme.example", "https://www.acme.example"],
    ["https://www.acme.example/", "https://www.acme.example"],
    ["HTTPS://WWW.Acme.example:443", "https://www.acme.example"],
    ["http://localhost:8080", "http://localhost:8080"],
    ["https://*.acme.example", "https://*.acme.example"],
    ["https://acme.example/contact", null],
    ["acme.example", null],
    ["ftp://acme.example", null],
    ["https://*.com", null],
    ["https://user:pw@acme.example", null],
    ["https://acme.example?x=1", null],
  ])("reads %s as %s", (typed, stored) => {
    expect(normaliseOrigin(typed)).toBe(stored);
  });

  it.each([
    ["https://www.acme.example", true],
    ["https://shop.acme.example", true],
    ["https://a.b.acme.example", true],
    ["https://acme.example", false],
    ["http://shop.acme.example", false],
    ["https://acme.example.evil.example", false],
    ["https://evilacme.example", false],
    ["null", false],
  ])("takes a request from %s: %s", (origin, allowed) => {
    // The apex is not under its own wildcard; http is not https.
    expect(originAllowed(origin, ["https://www.acme.example", "https://*.acme.example"])).toBe(allowed);
  });
});
