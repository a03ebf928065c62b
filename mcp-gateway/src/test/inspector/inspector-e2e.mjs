// The MCP Inspector's web UI against the reference gateway, in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core; nothing is downloaded). Run by McpInspectorIT:
//
//   node inspector-e2e.mjs   with env  CONFIG (the Inspector's server file, one server), SERVER (its name),
//                            INSPECTOR_PORT, SANDBOX_PORT, APP_ORIGIN_PORT (free ports), KC_URL,
//                            USERNAME, PASSWORD, TOOL, EXPECT (text the tool's result must show),
//                            SHOTS (directory), RESULT (file), CHROMIUM (optional)
//
// It starts the Inspector as its README says (`mcp-inspector --web --config <file>`, its own API token
// kept on, a throw-away HOME for its secrets), opens the page, connects, signs the user in on
// Keycloak's login page, lists the tools and runs one. Each step leaves a screenshot NN-step.png in
// SHOTS and a line in RESULT ({"steps":[{name, ok, detail}], "authorizationRequest", "browserCalls"});
// the Java test asserts them. The first failing step ends the run (exit code 1). The browser's launch
// and the step record are the integration tests' shared browser-script.mjs.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { openChromium, Steps } from "../../../../integration-tests/src/test/browser/browser-script.mjs";

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const here = dirname(fileURLToPath(import.meta.url));
const CONFIG = env("CONFIG");
const SERVER = env("SERVER");
const PORT = env("INSPECTOR_PORT");
const KC = new URL(env("KC_URL")).origin;
const SHOTS = env("SHOTS");
const RESULT = env("RESULT");
const TOOL = env("TOOL");
const EXPECT = env("EXPECT");
const TIMEOUT = 30_000;
// Where the Inspector says it runs ("MCP Inspector Web is up and running at: http://127.0.0.1:6274?…"):
// it binds 127.0.0.1, and the page's origin becomes its OAuth redirect URI.
const PAGE = `http://127.0.0.1:${PORT}`;

const steps = new Steps(SHOTS);
const home = mkdtempSync(join(tmpdir(), "tokenbroker-inspector-home-"));
const apiToken = randomBytes(24).toString("hex");
const browserCalls = [];
let authorizationRequest = null;
let inspectorOutput = "";

// The Inspector under its own Node (22.19 or newer: the npm package `node` beside it).
const inspector = spawn(process.execPath, [
  join(here, "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js"),
  "--web", "--config", CONFIG,
], {
  env: {
    PATH: process.env.PATH,
    HOME: home,
    CLIENT_PORT: PORT,
    MCP_SANDBOX_PORT: env("SANDBOX_PORT"),
    MCP_APP_ORIGIN_PORT: env("APP_ORIGIN_PORT"),
    MCP_INSPECTOR_API_TOKEN: apiToken,
    MCP_AUTO_OPEN_ENABLED: "false",
    MCP_INSPECTOR_SECRET_STORE: "memory",
  },
  stdio: ["ignore", "pipe", "pipe"],
  detached: true,
});
const keep = (chunk) => { inspectorOutput = (inspectorOutput + chunk.toString()).slice(-20_000); };
inspector.stdout.on("data", keep);
inspector.stderr.on("data", keep);

let browser;
let page;
function report() {
  writeFileSync(RESULT, JSON.stringify({ steps, consoleErrors: browser?.consoleErrors ?? [], browserCalls, authorizationRequest,
    inspectorOutput: inspectorOutput.replaceAll(apiToken, "<api token>") }, null, 2));
}
async function finish(code) {
  report();
  await browser?.close();
  try { process.kill(-inspector.pid, "SIGTERM"); } catch { /* already gone */ }
  rmSync(home, { recursive: true, force: true });
  process.exit(code);
}

async function step(name, body) {
  // No screenshot before the browser is up (the Inspector's start).
  const { ok, detail } = await steps.run(name, body, { page });
  if (!ok) {
    console.error(`${name}: ${detail}`);
    await finish(1);
  }
}

try {
  await step("inspector-started", async () => {
    const url = `${PAGE}/`;
    for (let i = 0; i < 120; i += 1) {
      if (inspector.exitCode !== null) throw new Error(`the Inspector exited (${inspector.exitCode})`);
      const up = await fetch(url).then((r) => r.ok, () => false);
      if (up) return url;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error("the Inspector did not answer within 60 s");
  });

  browser = await openChromium(chromium, { timeout: TIMEOUT });
  page = browser.page;
  // What the browser itself sends to Keycloak: the CORS question is whether the page calls the
  // registration or token endpoint (it would need the Inspector's origin in a client's web origins).
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin !== KC) return;
    browserCalls.push(`${request.method()} ${url.pathname}`);
    if (url.pathname.endsWith("/protocol/openid-connect/auth") && !authorizationRequest) {
      authorizationRequest = Object.fromEntries(url.searchParams);
      delete authorizationRequest.code_challenge;
      delete authorizationRequest.state;
    }
  });

  const status = page.locator('[data-testid="connection-status"]');

  await step("server-list", async () => {
    await page.goto(`${PAGE}/?MCP_INSPECTOR_API_TOKEN=${apiToken}`);
    await page.getByText(SERVER, { exact: true }).first().waitFor();
    return await page.locator("body").innerText();
  });

  await step("keycloak-login-page", async () => {
    // The card's switch (a Mantine Switch: the input is hidden, its track is the label one clicks).
    const toggle = page.getByLabel(`Connect or disconnect "${SERVER}"`);
    const id = await toggle.getAttribute("id");
    const track = page.locator(`label[for="${id}"]`);
    if (id && (await track.count()) > 0) await track.first().click();
    else await toggle.click({ force: true });
    await page.waitForURL((url) => url.origin === KC, { timeout: TIMEOUT });
    await page.locator("#username").waitFor();
    return page.url().split("?")[0];
  });

  await step("signed-in-and-connected", async () => {
    await page.locator("#username").fill(env("USERNAME"));
    await page.locator("#password").fill(env("PASSWORD"));
    await page.locator("#kc-login").click();
    await page.waitForURL((url) => url.origin === PAGE, { timeout: TIMEOUT });
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 60_000 })
      .catch(async (e) => {
        throw new Error(`not connected: status ${await status.getAttribute("data-status").catch(() => "?")}, `
          + `error ${await status.getAttribute("data-error-message").catch(() => "?")} (${e.message.split("\n")[0]})`);
      });
    return await status.innerText();
  });

  await step("tools-listed", async () => {
    // The header's Servers | Tools switch (a segmented control: its labels are what one clicks).
    await page.locator("header").getByText("Tools", { exact: true }).click();
    await page.getByText(TOOL, { exact: true }).first().waitFor();
    return await page.locator("main").innerText().catch(() => page.locator("body").innerText());
  });

  await step("tool-called", async () => {
    await page.getByText(TOOL, { exact: true }).first().click();
    await page.getByRole("button", { name: "Execute Tool" }).click();
    await page.getByText(EXPECT, { exact: false }).first().waitFor({ timeout: 60_000 });
    return await page.locator("main").innerText().catch(() => page.locator("body").innerText());
  });
  await finish(0);
} catch (e) {
  console.error(e);
  steps.failed("script", e);
  await finish(1);
}
