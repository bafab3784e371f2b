/**
 * Files in the console chat: attachments a reply carries are saved to a directory and their
 * path printed; `/lead import <path>` reads a file from disk as if it had been attached.
 */
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import type { Attachment, IncomingFile } from "../../chat/reply.js";
import { CONTENT_TYPES, DEFAULT_IMPORT_LIMITS } from "../../services/lead-file.js";
import { tooLargeMessage } from "../../views/lead-file.view.js";

/** Saves an attachment under `dir` (created if missing) without overwriting; returns the path. */
export async function saveAttachment(dir: string, attachment: Attachment): Promise<string> {
  await mkdir(dir, { recursive: true });
  const safe = basename(attachment.filename).replace(/[^\w.-]+/g, "_").replace(/^\.+/, "") || "file";
  const ext = extname(safe);
  const stem = safe.slice(0, safe.length - ext.length);
  for (let n = 0; ; n++) {
    const path = resolve(join(dir, n === 0 ? safe : `${stem}-${n}${ext}`));
    try {
      // "wx" fails if the file exists, so two exports on the same day both survive.
      await writeFile(path, attachment.data, { flag: "wx" });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

const IMPORT_LINE = /^\/(lead|hooks)\s+import\s+(.+)$/i;

/**
 * `/lead import ./leads.csv` (or `/hooks import ./hooks.yaml`) → the line `/lead import` with
 * the file attached, or a message when the file cannot be read. Any other line is left alone (null).
 */
export async function fileFromLine(line: string): Promise<{ line: string; files: IncomingFile[] } | { message: string } | null> {
  const match = IMPORT_LINE.exec(line.trim());
  if (!match) return null;
  const command = `/${match[1]!.toLowerCase()} import`;
  const path = match[2]!.trim().replace(/^(["'])(.*)\1$/, "$2");
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { message: `${path} is not a file.` };
    size = info.size;
  } catch {
    return { message: `I can't find ${path}. Give the path of a .csv or .xlsx file, e.g. /lead import ./leads.csv` };
  }
  if (size > DEFAULT_IMPORT_LIMITS.maxBytes) return { message: tooLargeMessage(size, DEFAULT_IMPORT_LIMITS.maxBytes) };
  const data = new Uint8Array(await readFile(path));
  const ext = extname(path).toLowerCase();
  const contentType = ext === ".xlsx" ? CONTENT_TYPES.xlsx : ext === ".csv" ? CONTENT_TYPES.csv : undefined;
  return { line: command, files: [{ filename: basename(path), data, ...(contentType ? { contentType } : {}) }] };
}
