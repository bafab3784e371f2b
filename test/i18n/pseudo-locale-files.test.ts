/**
 * Lead files (/lead export, /lead import and why a file cannot be read), /admin and /hooks
 * rendered in the pseudo-locale en-XA: any plain English left is a word no catalog said.
 */
import { describe, expect, it } from "vitest";
import { adminCommand } from "../../commands/admin.js";
import { hooksCommand } from "../../commands/hooks.js";
import { leadCommand } from "../../commands/lead.js";
import type { CommandContext } from "../../src/chat/command-context.js";
import { parseLine } from "../../src/chat/parse.js";
import { reply, type Reply } from "../../src/chat/reply.js";
import { PSEUDO_LOCALE, translator } from "../../src/i18n/index.js";
import type { ApiKeyView } from "../../src/services/api-key.service.js";
import type { HookSourceView } from "../../src/services/hook.service.js";
import type { FileProblem } from "../../src/services/lead-file.js";
import type { ExportedFile, ImportSummary } from "../../src/services/lead-transfer.service.js";
import type { OutboxStatus } from "../../src/services/outbox.service.js";
import type { Failure } from "../../src/services/result.js";
import * as admin from "../../src/views/admin.view.js";
import { failureReply } from "../../src/views/failure.view.js";
import * as hooks from "../../src/views/hooks.view.js";
import * as leadFile from "../../src/views/lead-file.view.js";
import { CASES } from "../views/failure-cases.js";
import { DATA, shown } from "./pseudo-fixtures.js";
import { untranslatedEnglish } from "./untranslated.js";

const t = translator(PSEUDO_LOCALE);
const text = (words: string): Reply => reply([{ type: "text", text: words }]);
/** A reply with its private fallback (the words shown when the private message fails) as blocks. */
const withFallback = (r: Reply): Reply => reply([...r.blocks, ...(r.privateFallback ?? [])]);
const pseudoCtx = (more: Partial<CommandContext> = {}) => ({ languages: { answer: PSEUDO_LOCALE, channel: PSEUDO_LOCALE, private: PSEUDO_LOCALE }, ...more }) as CommandContext;

// ---- lead files -----------------------------------------------------------------------------

describe("the pseudo-locale finds no English left in lead files, /lead export and /lead import", () => {
  const problems: FileProblem[] = [
    { kind: "too_large", bytes: 7_340_032, limit: 5_242_880 },
    { kind: "too_large", limit: 1_024 },
    { kind: "empty", filename: "leads.csv" },
    { kind: "empty" },
    { kind: "archive", filename: "photos.zip" },
    { kind: "archive" },
    { kind: "old_excel" },
    { kind: "not_a_spreadsheet", filename: "leads.pdf" },
    { kind: "not_a_spreadsheet" },
    { kind: "csv_encoding_unknown" },
    { kind: "csv_row_too_long", row: 2, max: 262_144 },
    { kind: "csv_row_too_long", max: 262_144 },
    { kind: "csv_unreadable", line: 3, detail: "Invalid Closing Quote" },
    { kind: "csv_unreadable", detail: "Invalid Closing Quote" },
    { kind: "xlsx_unsafe" },
    { kind: "xlsx_damaged" },
    { kind: "no_rows", workbook: true },
    { kind: "no_rows", workbook: false },
    { kind: "too_many_rows", rows: 10_001, atLeast: true, max: 10_000 },
    { kind: "too_many_rows", rows: 3, atLeast: false, max: 2 },
    { kind: "too_many_rows_read", read: 50_000, empty: 49_999 },
    { kind: "no_identity_column" },
    { kind: "no_leads_under_header" },
  ];
  const file = (count: number, more: Partial<ExportedFile> = {}): ExportedFile => ({
    filename: "leads-hot-2026-06-01.csv",
    contentType: "text/csv",
    data: new Uint8Array(),
    count,
    total: count,
    omittedAttributeColumns: 0,
    unreadable: [],
    ...more,
  });
  const summary = (more: Partial<ImportSummary> = {}): ImportSummary => ({
    filename: "leads.csv",
    format: "csv",
    encoding: "utf-8",
    rows: 9,
    created: 1,
    updated: 2,
    rejected: 7,
    results: [
      { row: 2, status: "rejected", reason: "the lead needs an email, a phone or an external id", code: "no_identity" },
      { row: 3, status: "rejected", reason: "Bad cell", code: "unreadable_row", cell: { column: "cycle_days", typed: "soon" } },
      { row: 4, status: "rejected", reason: "Bad cell", code: "unreadable_row", cell: { column: "last_purchase", typed: "soon" } },
      ...Array.from({ length: 4 }, (_, i) => ({ row: i + 5, status: "rejected" as const, reason: "Bad cell", code: "unreadable_row" as const })),
    ],
    notes: [{ kind: "ignored_columns", rows: 2, maxColumns: 200 }],
    ...more,
  });
  // Typed and data: column names, file names, file types and filters, the parser's and the ingest API's words, addresses.
  const DATA_HERE = [
    ...DATA,
    ...["name, email, phone, company, title, external id", "external id", "email", "phone"],
    ...["leads.csv", "photos.zip", "leads.pdf", "leads-hot-2026-06-01.csv", "Invalid Closing Quote", "Bad cell", "CSV", "XLSX", "POST"],
    ...["csv, xlsx", "hot, warm, cold, mine, unclaimed", "nope", "soon", "stored JSON unreadable"],
  ];

  it.each(problems.map((p) => [JSON.stringify(p), p] as const))("in the file problem %s", (_name, problem) => {
    expect(untranslatedEnglish(fileProblemTextOf(problem), DATA_HERE)).toEqual([]);
  });

  it.each((CASES.file_unreadable as Array<[Failure, string]>).map(([f]) => [JSON.stringify(f), f] as const))("in the failure %s", (_name, failure) => {
    expect(untranslatedEnglish(shown(failureReply(failure, t, (id) => `/lead status #${id}`)), DATA_HERE)).toEqual([]);
  });

  it.each([
    ["an ignored-columns note", () => text(leadFile.fileNote({ kind: "ignored_columns", rows: 1, maxColumns: 200 }, t))],
    ...(["utf-16le", "windows-1251", "windows-1250", "windows-1252"] as const).map((e): [string, () => Reply] => [`the ${e} note`, () => text(leadFile.encodingNote(e, t)!)]),
    ["a cut-short import of one row", () => text(leadFile.incompleteMessage({ firstRow: 6, lastRow: 6, notImported: 1 }, t))],
    ["a cut-short import of rows", () => text(leadFile.incompleteMessage({ firstRow: 6, lastRow: 8, notImported: 3 }, t))],
    ["a file too large to download", () => text(leadFile.tooLargeMessage(7_340_032, 5_242_880, t))],
    ...(["all", "mine", "hot", "warm", "cold", "unclaimed"] as const).flatMap((filter): Array<[string, () => Reply]> => [
      [`no ${filter} leads to export`, () => leadFile.exportedReply(file(0), filter, "csv", 500, t)],
      [`1 ${filter} lead exported`, () => leadFile.exportedReply(file(1), filter, "xlsx", 500, t)],
      [`6 ${filter} leads exported`, () => leadFile.exportedReply(file(6), filter, "csv", 500, t)],
    ]),
    [
      "an export cut short, without some columns and some attributes",
      () => leadFile.exportedReply(file(50_000, { total: 50_123, omittedAttributeColumns: 101, unreadable: ["stored JSON unreadable", "stored JSON unreadable"] }), "all", "csv", 500, t),
    ],
    ["an export without 1 column and 1 lead's attributes", () => leadFile.exportedReply(file(2, { omittedAttributeColumns: 1, unreadable: ["stored JSON unreadable"] }), "all", "csv", 500, t)],
    ["an unread word after /lead export", () => leadFile.exportUnreadReply("nope", "/lead export [csv|xlsx] [hot|warm|cold|mine|unclaimed]", t)],
    ...(["slack", "telegram", "console", undefined] as const).map((p): [string, () => Reply] => [`/lead import without a file (${p ?? "anywhere"})`, () => leadFile.importHowToReply(p, "/lead import", t)]),
    ["an import", () => reply([...leadFile.importSummaryBlocks(summary(), 5, t), leadFile.importedActions(t)])],
    ["an import of one lead, one row refused", () => reply(leadFile.importSummaryBlocks(summary({ created: 1, updated: 0, rejected: 1, results: summary().results.slice(0, 1), notes: [] }), 5, t))],
    ["an import cut short, read as Windows-1251", () => reply(leadFile.importSummaryBlocks(summary({ incomplete: { firstRow: 6, lastRow: 8, notImported: 3 }, encoding: "windows-1251" }), 5, t))],
    ["an import with one row more than shown", () => reply(leadFile.importSummaryBlocks(summary(), 6, t))],
  ] as Array<[string, () => Reply]>)("in %s", (_name, render) => {
    expect(untranslatedEnglish(shown(render()), DATA_HERE)).toEqual([]);
  });

  it("in the title of an exported file", () => {
    const title = leadFile.exportedReply(file(6), "hot", "csv", 500, t).attachments?.[0]?.title ?? "";
    expect(title).not.toBe("");
    expect(untranslatedEnglish(title, DATA_HERE)).toEqual([]);
  });

  it.each([
    ["/lead export with a word it does not read", () => leadCommand.run(parseLine("/lead export csv nope")!, pseudoCtx())],
    ["/lead import without a file, on Telegram", () => leadCommand.run(parseLine("/lead import")!, pseudoCtx({ place: { platform: "telegram", channelId: "-100" } }))],
  ] as Array<[string, () => Promise<Reply>]>)("through the command: %s", async (_name, run) => {
    const answer = await run();
    expect(answer.tone).toBe("usage");
    expect(untranslatedEnglish(shown(answer), DATA_HERE)).toEqual([]);
  });

  function fileProblemTextOf(problem: FileProblem): string {
    return leadFile.fileProblemText(problem, t);
  }
});

// ---- /admin ---------------------------------------------------------------------------------

describe("the pseudo-locale finds no English left in /admin", () => {
  const now = new Date("2026-06-10T12:00:00.000Z");
  const day = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const key = (more: Partial<ApiKeyView> = {}): ApiKeyView => ({
    id: 4,
    teamId: 1,
    name: "website-tracking",
    prefix: "lsk_ab12",
    createdAt: day(3),
    lastUsedAt: null,
    revokedAt: null,
    kind: "secret",
    origins: [],
    ...more,
  });
  const publicKey = key({ kind: "public", name: "website-form", prefix: "lpk_cd34", origins: ["https://www.acme.example", "https://*.acme.example"] });
  const usage: admin.AdminUsage = {
    create: "/admin apikey create <name>",
    list: "/admin apikey list",
    revoke: "/admin apikey revoke <prefix-or-id>",
    publicCreate: "/admin publickey create <name> <origin> [origin…]",
    publicOrigins: "/admin publickey origins <prefix-or-id> <origin> [origin…]",
    outbox: "/admin outbox [retry <id>]",
  };
  const outbox = (failed: OutboxStatus["failed"]): OutboxStatus => ({ counts: { pending: 1, sending: 0, sent: 12, failed: failed.length }, failed });
  const failed = (id: number, error: string | null, attempts: number) => ({ id, kind: "alert", platform: "slack", channel: "C123", attempts, error, createdAt: day(2), failedAt: day(1) });
  const problems: admin.AdminProblem[] = [
    { kind: "publicName", example: "/admin publickey create website https://www.acme.example" },
    { kind: "publicOrigins", example: "/admin publickey origins #4 https://www.acme.example" },
    { kind: "publicAction", action: "nope" },
    { kind: "publicAction" },
    { kind: "apiKeyName", example: "/admin apikey create website-tracking" },
    { kind: "whichKey" },
    { kind: "apiKeyAction", action: "nope" },
    { kind: "apiKeyAction" },
    { kind: "whichMessage" },
    { kind: "outboxAction", action: "nope" },
    { kind: "area", area: "nope" },
    { kind: "area" },
  ];
  // Key names, prefixes, origins, platforms, chats, outbox kinds, delivery errors and the platform's hint are data; so is the snippet's HTML.
  const DATA_HERE = [
    ...DATA,
    ...["lsk_ab12", "lpk_cd34", "lsk_live_secret", "lpk_live_public", "slack", "C123", "alert", "channel_not_found", "Open a chat with me first", "nope"],
    // The snippet's HTML (its </script> and /t.js read as command lines).
    ...["'Authorization: Bearer <key>'", "POST", '<script async src="https://<', "data-key"],
  ];

  it.each([
    ...problems.map((p): [string, () => Reply] => [`the problem ${JSON.stringify(p)}`, () => admin.adminUsageReply(p, usage, Object.values(usage).join("\n"), t)]),
    ["/admin apikey list, none", () => admin.apiKeysReply([], now, usage, t)],
    [
      "/admin apikey list",
      () => admin.apiKeysReply([key(), key({ lastUsedAt: day(1) }), key({ lastUsedAt: day(0), revokedAt: day(0) }), publicKey], now, usage, t),
    ],
    ["no private chat for a new key", () => admin.noPrivateChatReply("Open a chat with me first", t)],
    ["a new API key, and its fallback", () => withFallback(admin.apiKeyCreatedReply("lsk_live_secret", key(), t))],
    ["a key revoked", () => admin.apiKeyRevokedReply(key(), t)],
    ["a new public key", () => admin.publicKeyCreatedReply("lpk_live_public", publicKey, usage, t)],
    ["a public key's websites", () => admin.publicOriginsReply(publicKey, t)],
    ["a message queued again", () => admin.requeuedReply(12, t)],
    ["the outbox, nothing failed", () => admin.outboxReply(outbox([]), now, t)],
    ["the outbox with failures", () => admin.outboxReply(outbox([failed(1, "channel_not_found", 5), failed(2, null, 1)]), now, t)],
  ] as Array<[string, () => Reply]>)("in %s", (_name, render) => {
    expect(untranslatedEnglish(shown(render()), DATA_HERE)).toEqual([]);
  });

  it.each(["/admin", "/admin nope", "/admin apikey", "/admin apikey nope", "/admin apikey create", "/admin apikey revoke", "/admin publickey", "/admin publickey create", "/admin publickey origins", "/admin outbox retry", "/admin outbox nope"])(
    "through the command: %s",
    async (line) => {
      const answer = await adminCommand.run(parseLine(line)!, { ...pseudoCtx(), deps: { clock: () => now } } as CommandContext);
      expect(answer.tone).toBe("usage");
      expect(untranslatedEnglish(shown(answer), DATA_HERE)).toEqual([]);
    },
  );
});

// ---- /hooks ---------------------------------------------------------------------------------

describe("the pseudo-locale finds no English left in /hooks", () => {
  const now = new Date("2026-06-10T12:00:00.000Z");
  const source = (more: Partial<HookSourceView> = {}): HookSourceView => ({
    id: 1,
    teamId: 1,
    name: "website-form",
    mapping: { email: "/email", name: ["/first_name", "/last_name"], type: "demo_request" },
    createdAt: now,
    updatedAt: now,
    lastReceivedAt: null,
    ...more,
  });
  const full = source({
    name: "hubspot",
    lastReceivedAt: new Date("2026-06-08T12:00:00.000Z"),
    mapping: {
      items: "/events",
      email: "/contact/email",
      phone: "/contact/phone",
      name: "/contact/name",
      company: "/contact/company",
      title: "/contact/title",
      leadId: "/contact/id",
      leadIdPrefix: "hubspot-",
      type: "newsletter_signup",
      typeFrom: "/subscriptionType",
      types: { "contact.creation": "newsletter_signup" },
      id: "/eventId",
      occurredAt: "/occurredAt",
    },
  });
  const fromOnly = source({ mapping: { email: "/email", typeFrom: "/event" } });
  const broken = source({ name: "pipedrive", mapping: null });
  const usage: hooks.HooksUsage = { list: "/hooks", show: "/hooks show <source>", set: "/hooks set <source> email=/email type=demo_request", remove: "/hooks remove <source>", import: "/hooks import" };
  // Source names, pointers, event types, type values and addresses are typed data; so is the file's shape.
  const DATA_HERE = [
    ...DATA,
    ...["hubspot", "pipedrive", "hubspot-{/contact/id}", "contact.creation", "POST", "hooks.yaml", "nope"],
    // The mapping file's JSON keys (its pointers read as command lines).
    ...['"sources"', '"email"', '"type"'],
  ];

  it.each([
    ["/hooks, none yet", () => hooks.sourcesListReply([], now, usage, t)],
    ["/hooks", () => hooks.sourcesListReply([source(), full, broken], now, usage, t)],
    ["/hooks show", () => hooks.sourceReply(full, usage.set, t)],
    ["/hooks show with the type read from the item", () => hooks.sourceReply(fromOnly, usage.set, t)],
    ["/hooks show of a mapping that no longer reads", () => hooks.sourceReply(broken, usage.set, t)],
    ["/hooks set, added", () => hooks.sourceSavedReply(source(), true, usage, t)],
    ["/hooks set, updated", () => hooks.sourceSavedReply(full, false, usage, t)],
    ["/hooks remove", () => hooks.sourceRemovedReply("website-form", t)],
    ["/hooks import without a file", () => hooks.hooksImportHowToReply("/hooks import", t)],
    [
      "/hooks import",
      () => reply([hooks.hookFileImportedBlock("hooks.yaml", ["website-form"], ["hubspot", "pipedrive"], t), hooks.hookFileImportedBlock("hooks.yaml", [], ["hubspot"], t), hooks.hooksListAction(t)]),
    ],
    ...(["whichSource", "setWhat"] as const).map((kind): [string, () => Reply] => [`the problem ${kind}`, () => hooks.hooksUsageReply({ kind }, usage.show, t)]),
    ["a word /hooks does not know", () => hooks.hooksUsageReply({ kind: "unknown", word: "nope" }, hooks.allHooksUsage(usage, t), t)],
  ] as Array<[string, () => Reply]>)("in %s", (_name, render) => {
    expect(untranslatedEnglish(shown(render()), DATA_HERE)).toEqual([]);
  });

  it.each(["/hooks nope", "/hooks show", "/hooks remove", "/hooks set website-form", "/hooks import"])("through the command: %s", async (line) => {
    const answer = await hooksCommand.run(parseLine(line)!, pseudoCtx());
    expect(answer.tone).toBe("usage");
    expect(untranslatedEnglish(shown(answer), DATA_HERE)).toEqual([]);
  });
});
