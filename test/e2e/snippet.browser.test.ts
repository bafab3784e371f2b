/**
 * The website snippet in a real browser: Debian's Chromium, driven by playwright-core, loads a
 * page served by this test on its own localhost port with GET /t.js from the bot. Page views and
 * a form submit reach the bot and make a scored lead; a site the team's public key does not list
 * is refused and stores nothing; a page that says no to consent sends nothing.
 *
 * Skipped, with the reason in its name, only where no Chromium is installed; .ci/run installs
 * Debian's `chromium`, so CI runs it.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_HTTP_CONFIG } from "../../src/http/http.config.js";
import { startHttpServer, type HttpHandle } from "../../src/http/server.js";
import { createTeamApiKey } from "../../src/services/api-key.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { failureText } from "../../src/views/failure.view.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) => existsSync(path));
/** What keeps Chromium from stalling on a machine without network (and from writing a profile of its own). */
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** The bot's log lines: how it answered each request ("HTTP answered", with path and status). */
const answers: Array<{ path?: string; status?: number }> = [];
const log = pino({ level: "debug" }, { write: (line: string) => void answers.push(JSON.parse(line) as { path?: string; status?: number }) });
const refusedBatches = () => answers.filter((a) => a.path === "/v1/batch" && a.status === 403).length;

interface Site {
  server: Server;
  origin: string;
  /** The snippet's tag, put on every page: it names the key, made once the site's origin is known. */
  tag: string;
}

/** A tiny website: /pricing (a contact form and the snippet), /thanks (where the form goes), /no-consent. */
async function startSite(): Promise<Site> {
  const site = { tag: "" } as Site;
  const pages = (tag: string): Record<string, string> => ({
    "/pricing": `<!doctype html><html><head><meta charset="utf-8"><title>Pricing</title></head><body>
<h1>Pricing</h1>
<form action="/thanks" method="post">
  <input name="first_name"> <input name="last_name"> <input type="email" name="email"> <input name="company"> <input type="password" name="secret">
  <button type="submit">Book a demo</button>
</form>
${tag}
</body></html>`,
    "/thanks": `<!doctype html><html><head><title>Thanks</title></head><body>Thanks!</body></html>`,
    "/no-consent": `<!doctype html><html><head><title>No consent</title><script>window.leadbotConsent = false;</script></head><body>${tag}</body></html>`,
  });
  site.server = createServer((req, res) => {
    req.resume();
    const page = pages(site.tag)[(req.url ?? "/").split("?")[0]!];
    res.writeHead(page ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(page ?? "not found");
  });
  await new Promise<void>((resolve) => site.server.listen(0, "127.0.0.1", resolve));
  site.origin = `http://127.0.0.1:${(site.server.address() as AddressInfo).port}`;
  return site;
}

/** Polls `check` until it holds (the snippet sends in the background), or fails with its last answer. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  let value = await read();
  while (!check(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

describe("the website snippet in Chromium", () => {
  if (!CHROMIUM) {
    it.skip("skipped: no Chromium at /usr/bin/chromium (apt-get install chromium; .ci/run installs it)", () => {});
    return;
  }

  let store: StoreHandle;
  let team: TeamFixture;
  let bot: HttpHandle;
  let allowed: Site;
  let other: Site;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    store = await createTestStore("pglite");
    team = await buildTeam(store.prisma);
    bot = await startHttpServer({ log, services: team.deps, config: DEFAULT_HTTP_CONFIG, checkDatabase: async () => {} }, 0, "127.0.0.1");
    allowed = await startSite();
    other = await startSite();
    // The key lists the allowed site alone; both sites carry the same snippet.
    const created = await createTeamApiKey(team.deps, team.teamId, "website", null, { kind: "public", origins: [allowed.origin] });
    if (!created.ok) throw new Error(failureText(created.error));
    allowed.tag = other.tag = `<script async src="http://127.0.0.1:${bot.port}/t.js" data-key="${created.value.key}"></script>`;
    profile = mkdtempSync(join(tmpdir(), "leadbot-chromium-"));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await new Promise((resolve) => (allowed?.server ? allowed.server.close(resolve) : resolve(undefined)));
    await new Promise((resolve) => (other?.server ? other.server.close(resolve) : resolve(undefined)));
    await bot?.close();
    await store?.close();
  });

  const batchAnswers = (page: Page) => {
    const statuses: number[] = [];
    page.on("response", (response) => {
      if (response.url().endsWith("/v1/batch")) statuses.push(response.status());
    });
    return statuses;
  };

  it("sends the page view and the form's sign-up from an allowed site, and the bot scores the lead", async () => {
    const page = await context.newPage();
    const statuses = batchAnswers(page);
    await page.goto(`${allowed.origin}/pricing`);
    await eventually(
      () => store.prisma.anonymousEvent.count({ where: { teamId: team.teamId } }),
      (n) => n === 1,
    );
    const anonymousId = await page.evaluate(() => window.localStorage.getItem("leadbot_anonymous_id"));
    expect(anonymousId).toMatch(/^[0-9a-f-]{36}$/);

    await page.fill("input[name=first_name]", "Jana");
    await page.fill("input[name=last_name]", "Novak");
    await page.fill("input[name=email]", "jana@acme.example");
    await page.fill("input[name=company]", "Acme");
    await page.fill("input[name=secret]", "hunter2");
    await Promise.all([page.waitForURL(`${allowed.origin}/thanks`), page.click("button[type=submit]")]);

    const lead = await eventually(
      () => store.prisma.lead.findFirst({ where: { teamId: team.teamId, email: "jana@acme.example" }, include: { events: true } }),
      (found) => found !== null && found.events.length > 0,
    );
    expect(lead).toMatchObject({ name: "Jana Novak", company: "Acme" });
    // The page view made before the sign-up is the lead's now, mapped by the team's defaults.
    expect(lead!.events.map((e) => e.type)).toContain("pricing_page");
    expect(lead!.score).toBeGreaterThanOrEqual(15);
    expect(await store.prisma.leadAlias.findFirst({ where: { teamId: team.teamId, kind: "anonymous", value: anonymousId! } })).toMatchObject({ leadId: lead!.id });
    expect(JSON.stringify(lead!.attributes ?? {})).not.toContain("hunter2");
    expect(await context.cookies()).toEqual([]);
    expect(statuses.every((s) => s === 200)).toBe(true);
    await page.close();
  }, 60_000);

  it("is refused from a site the key does not list, and nothing is stored", async () => {
    const before = {
      anonymous: await store.prisma.anonymousEvent.count({ where: { teamId: team.teamId } }),
      events: await store.prisma.event.count({ where: { teamId: team.teamId } }),
    };
    const refusedBefore = refusedBatches();
    const page = await context.newPage();
    // The bot answers 403 without Access-Control-Allow-Origin, so the browser fails the request too.
    const failed = page.waitForEvent("requestfailed", (request) => request.url().endsWith("/v1/batch"));
    await page.goto(`${other.origin}/pricing`);
    await failed;
    expect(await eventually(async () => refusedBatches(), (n) => n === refusedBefore + 1)).toBe(refusedBefore + 1);
    expect(await store.prisma.anonymousEvent.count({ where: { teamId: team.teamId } })).toBe(before.anonymous);
    expect(await store.prisma.event.count({ where: { teamId: team.teamId } })).toBe(before.events);
    await page.close();
  }, 60_000);

  it("sends nothing where the page withholds consent", async () => {
    const page = await context.newPage();
    const sent: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/v1/")) sent.push(request.url());
    });
    await page.goto(`${allowed.origin}/no-consent`);
    await page.waitForFunction(() => typeof (window as unknown as { leadbot?: { version?: string } }).leadbot?.version === "string");
    await page.waitForTimeout(500);
    expect(sent).toEqual([]);
    await page.close();
  }, 60_000);
});
