import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";

const KEEP = 12;
const TEXT_CHARS = 1_200;

/**
 * What a page did that a failed step may hinge on: responses with an error status, console errors and
 * uncaught exceptions, the last few of each. CI keeps only the end of its log, so a failing browser test
 * must say there what the screen showed, or the failure cannot be chased.
 */
export function recordPage(page: Page) {
  const events: string[] = [];
  const keep = (line: string) => {
    events.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (events.length > KEEP) events.shift();
  };
  page.on("response", (res) => {
    if (res.status() >= 400) keep(`${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`);
  });
  page.on("requestfailed", (req) =>
    keep(`failed ${req.method()} ${new URL(req.url()).pathname}: ${req.failure()?.errorText}`),
  );
  page.on("console", (msg) => {
    if (msg.type() === "error") keep(`console: ${msg.text().slice(0, 300)}`);
  });
  page.on("pageerror", (err) => keep(`pageerror: ${err.message.slice(0, 300)}`));

  return async function describe(): Promise<string> {
    if (page.isClosed()) return "(closed)";
    const text = await page
      .locator("body")
      .innerText({ timeout: 2_000 })
      .then((t) => t.replace(/\s+/g, " ").trim().slice(0, TEXT_CHARS))
      .catch((err: Error) => `(text unreadable: ${err.message.split("\n")[0]})`);
    return [
      `url: ${page.url()}`,
      `text: ${text}`,
      ...(events.length > 0 ? ["events:", ...events.map((e) => `  ${e}`)] : []),
    ].join("\n");
  };
}

/** The last warnings and errors of the run's server (global-setup.ts appends them to `file`). */
export function serverLogTail(file: string, lines = 15): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    // Nothing logged yet: the server writes the file with its first line.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "(no warnings or errors)";
    return `(unreadable: ${(error as Error).message})`;
  }
  return text
    .trimEnd()
    .split("\n")
    .slice(-lines)
    .map((line) => `  ${line.slice(0, 400)}`)
    .join("\n");
}
