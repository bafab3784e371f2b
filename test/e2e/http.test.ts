import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";

describe("HTTP health endpoints", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "leadbot-http-"));
  let app: App;
  const url = (path: string) => `http://127.0.0.1:${app.http.port}${path}`;

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", SEED_DEMO: "false" });
    app = await startApp(config, pino({ level: "silent" }));
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("reports healthy and ready while the database answers", async () => {
    expect((await fetch(url("/healthz"))).status).toBe(200);
    const ready = await fetch(url("/readyz"));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("answers unknown paths with 404", async () => {
    expect((await fetch(url("/nope"))).status).toBe(404);
  });
});

describe("configuration", () => {
  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(() => loadConfig({ PORT: "http" })).toThrow(/PORT/);
    expect(() => loadConfig({ DEFAULT_TIMEZONE: "Mars/Olympus" })).toThrow(/IANA time zone/);
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(loadConfig({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });
});
