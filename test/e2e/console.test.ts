import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = mkdtempSync(join(tmpdir(), "leadbot-console-"));

/** Runs the real entry point the way `printf … | npm start --silent` does. */
function runBot(input: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "warn", DATABASE_URL: "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(input);
  });
}

/** The reply printed after the echoed command. */
function replyTo(stdout: string, command: string): string {
  const start = stdout.indexOf(`› ${command}\n`);
  if (start === -1) throw new Error(`no reply to ${command} in:\n${stdout}`);
  const rest = stdout.slice(start + command.length + 3);
  const end = rest.indexOf("\n› ");
  return end === -1 ? rest : rest.slice(0, end);
}

describe("console chat (npm start with piped input)", () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("seeds the demo, answers commands, and keeps changes across a restart", async () => {
    const first = await runBot(
      [
        "/lead list hot",
        "/lead status jana",
        "/qualify jana budget=yes authority=yes need=yes",
        '/log jana meeting_booked "Tue 10:00"',
        "/weights",
        "/weights demo_request 45",
        "1",
        "/weights demo abc",
        "/qualify x budget=maybe",
        "/lead status",
        "/nonsense",
      ].join("\n") + "\n",
    );
    expect(first.code).toBe(0);
    const out = first.stdout;
    expect(replyTo(out, "/lead list hot")).toMatch(/Hot leads \(\d+ of \d+\)[\s\S]*Jana Novak/);
    const status = replyTo(out, "/lead status jana");
    expect(status).toMatch(/Score\s+\d+ · Hot/);
    expect(status).toMatch(/Stage\s+MQL/);
    expect(status).toMatch(/Next action\s+Call today/);
    expect(status).toMatch(/\+40 {2}Demo request.*expires \d+ \w+ \(in \d+ days\)/);
    expect(replyTo(out, "/qualify jana budget=yes authority=yes need=yes")).toMatch(/3\/4 positive[\s\S]*Stage is now SQL/);
    expect(replyTo(out, '/log jana meeting_booked "Tue 10:00"')).toMatch(/Logged meeting booked for #1 Jana Novak\. Score \d+ → \d+/);
    expect(replyTo(out, "/weights")).toMatch(/demo_request · Demo request · \+40 \(valid 60d\)/);
    expect(replyTo(out, "/weights demo_request 45")).toMatch(/Preview: Demo request \(demo_request\): \+40 → \+45 points[\s\S]*\[1\] Confirm/);
    expect(out).toMatch(/› \/weights confirm [0-9a-f]{8}\nScoring changed by You/);
    expect(replyTo(out, "/weights demo abc")).toMatch(/"abc" is not a number of points\.\n\s+Usage: \/weights/);
    expect(replyTo(out, "/qualify x budget=maybe")).toMatch(/"maybe" is not an answer[\s\S]*Usage: \/qualify/);
    expect(replyTo(out, "/lead status")).toMatch(/Which lead\?[\s\S]*Usage: \/lead status <lead>/);
    expect(replyTo(out, "/nonsense")).toMatch(/I don't know \/nonsense/);
    expect(out).not.toMatch(/at .*\.ts:\d+|Error:/);

    const second = await runBot("/lead status jana\n/weights history\n/weights undo\n1\n/weights\n");
    expect(second.code).toBe(0);
    const after = second.stdout;
    expect(replyTo(after, "/lead status jana")).toMatch(/Stage\s+SQL[\s\S]*\+45 {2}Demo request[\s\S]*\+25 {2}Meeting booked[\s\S]*BANT 3\/4/);
    expect(replyTo(after, "/weights history")).toMatch(/You · Demo request \(demo_request\): \+40 → \+45 points/);
    expect(after).toMatch(/Scoring changed by You: Undo: Demo request/);
    expect(replyTo(after, "/weights")).toMatch(/demo_request · Demo request · \+40/);
  }, 120_000);
});
