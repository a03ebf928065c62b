// What every browser script of the integration tests shares, whatever page it drives: Debian's
// Chromium launched the same way, and the steps recorded as BrowserScript (it/support) reads them.
// The scripts import it by relative path. It imports no playwright: each script passes the
// `chromium` of its own package's playwright-core (the console's and the Inspector's node_modules
// are apart, and the Inspector's script runs under another Node).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const firstLine = (e) => String(e?.message ?? e).split("\n")[0];

/**
 * Headless Chromium (env CHROMIUM, else /usr/bin/chromium; nothing is downloaded) on a fresh profile
 * directory, and its one page with `timeout` as default; the page's console errors are collected.
 * close() ends the browser and removes the profile.
 */
export async function openChromium(chromium, { timeout }) {
  const profile = mkdtempSync(join(tmpdir(), "tokenbroker-chromium-"));
  const removeProfile = () => rmSync(profile, { recursive: true, force: true });
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      headless: true,
      viewport: { width: 1440, height: 1000 },
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    });
  } catch (e) {
    removeProfile();
    throw e;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(timeout);
  const consoleErrors = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text().slice(0, 300)));
  page.on("pageerror", (e) => consoleErrors.push(String(e).slice(0, 300)));
  return {
    context,
    page,
    consoleErrors,
    async close() {
      await context.close().catch(() => undefined);
      removeProfile();
    },
  };
}

/**
 * The steps of a run, as RESULT's "steps": [{name, ok, detail, screenshot}]. A step's body returns
 * what it saw (its detail) or throws (its first line is the detail); then the page, if there is one
 * yet, leaves a screenshot NN-name.png in `shots`.
 */
export class Steps {
  constructor(shots) {
    this.shots = shots;
    this.list = [];
    this.shot = 0;
    mkdirSync(shots, { recursive: true });
  }

  /** Runs one step; `beforeShot` (e.g. scrolling what the step is about into view) runs after its body. */
  async run(name, body, { page, beforeShot } = {}) {
    let ok = false;
    let detail = "";
    try {
      detail = (await body()) ?? "";
      ok = true;
    } catch (e) {
      detail = firstLine(e);
    }
    let screenshot;
    if (page) {
      await beforeShot?.();
      this.shot += 1;
      screenshot = `${String(this.shot).padStart(2, "0")}-${name}.png`;
      await page.screenshot({ path: join(this.shots, screenshot) }).catch(() => undefined);
    }
    const step = { name, ok, detail: String(detail), screenshot };
    this.list.push(step);
    return step;
  }

  /** A failure outside any step (the script's own), reported as a failed step `name`. */
  failed(name, error) {
    this.list.push({ name, ok: false, detail: firstLine(error) });
  }

  toJSON() {
    return this.list;
  }
}
