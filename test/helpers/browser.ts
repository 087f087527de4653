/**
 * A real browser for the HTML outputs (issue 17 item 4): Debian's Chromium (/usr/bin/chromium,
 * `apt-get install -y chromium`) driven by playwright-core, which never downloads a browser.
 *
 * `openHtml` opens one local file with every request that is not `file:` aborted and recorded,
 * collects console errors and page errors, saves a full-page screenshot and hands the page to a
 * callback for assertions. When Chromium is missing, `chromiumMissing()` gives the reason and the
 * tests skip with it printed (never a silent pass); `.ci/run` installs Chromium, so CI runs them.
 *
 * Fonts: no font is fetched or embedded by the page; Chromium finds the CJK font through
 * fontconfig. The runs here add the Noto Sans SC that the PDFs embed (@embedpdf/fonts-sc) to
 * fontconfig's directories, so screenshots on a machine without CJK fonts show characters, as a
 * reader's machine with any CJK font would.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { fontDirectory } from "../../src/io/pdf/fonts.js";

export const CHROMIUM = process.env["AR_CHROMIUM"] ?? "/usr/bin/chromium";

/** Why the browser tests cannot run here, or undefined when they can. Printed loudly once per file. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set AR_CHROMIUM): the browser tests are SKIPPED`;
  console.warn(`\n*** ${reason} ***\n`);
  return reason;
}

/** The flags of issue 17: headless, no sandbox (CI runs as root), nothing phoning home. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Visit {
  /** Every request the page made, in order (file: ones included). */
  requests: string[];
  /** Requests aborted because they would have left the file system. */
  blocked: string[];
  /** console.error messages and uncaught page errors. */
  consoleErrors: string[];
  /** Requests that failed for another reason (a missing local file). */
  failed: string[];
}

export interface OpenOptions {
  /** Where to save a full-page PNG screenshot. */
  screenshot: string;
  viewport?: { width: number; height: number };
}

type Page = import("playwright-core").Page;

/** Opens `htmlFile` in a fresh Chromium profile, runs `check(page)`, closes everything. */
export async function openHtml<T>(htmlFile: string, options: OpenOptions, check: (page: Page, visit: Visit) => Promise<T>): Promise<{ visit: Visit; result: T }> {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(resolve(tmpdir(), "ar-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    offline: true,
    env: { ...process.env, FONTCONFIG_FILE: fontconfigWithDocumentFonts(profile) },
  });
  const visit: Visit = { requests: [], blocked: [], consoleErrors: [], failed: [] };
  try {
    await context.route("**/*", async (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      visit.blocked.push(url);
      return route.abort("blockedbyclient");
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("request", (r) => visit.requests.push(r.url()));
    page.on("requestfailed", (r) => {
      if (!visit.blocked.includes(r.url())) visit.failed.push(`${r.url()}: ${r.failure()?.errorText ?? "failed"}`);
    });
    page.on("console", (m) => {
      if (m.type() === "error") visit.consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => visit.consoleErrors.push(`uncaught: ${e.message}`));
    await page.goto(pathToFileURL(resolve(htmlFile)).href, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    mkdirSync(dirname(options.screenshot), { recursive: true });
    await page.screenshot({ path: options.screenshot, fullPage: true });
    const result = await check(page, visit);
    return { visit, result };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** A fontconfig file: the system's configuration plus the fonts the PDFs embed. */
function fontconfigWithDocumentFonts(profile: string): string {
  const file = resolve(profile, "fonts.conf");
  writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
      `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
      `  <dir>${fontDirectory()}</dir>\n  <cachedir>${resolve(profile, "fontconfig")}</cachedir>\n</fontconfig>\n`,
  );
  return file;
}
