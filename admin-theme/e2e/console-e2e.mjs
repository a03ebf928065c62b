// The admin console, end to end, in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core; nothing is downloaded). Run by AdminConsoleIT against the real Keycloak it started:
//
//   node e2e/console-e2e.mjs   with env  KC_URL, REALM, ADMIN_USER, ADMIN_PASSWORD, SHOTS (directory),
//                              RESULT (file), UPSTREAM_CONFIG (JSON config of a working Databricks upstream),
//                              BROKEN_ENDPOINT (a token endpoint the server must refuse), FULL_AUDIT_REALM (a
//                              realm whose audit trail holds as many records as the search scans), CHROMIUM (optional)
//
// Each step leaves a screenshot NN-step.png in SHOTS and a line in RESULT ({"steps":[{name, ok, detail}]});
// the Java test asserts them. The first failing step ends the run (exit code 1). The browser's launch
// and the step record are the integration tests' shared browser-script.mjs.
import { writeFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { openChromium, Steps } from "../../integration-tests/src/test/browser/browser-script.mjs";

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const KC = env("KC_URL").replace(/\/$/, "");
const REALM = env("REALM", "acme");
const SHOTS = env("SHOTS");
const RESULT = env("RESULT");
const UPSTREAM_CONFIG = JSON.parse(env("UPSTREAM_CONFIG"));
const BROKEN_ENDPOINT = env("BROKEN_ENDPOINT");
const ALIAS = env("UPSTREAM_ALIAS", "console-databricks");
const FULL_AUDIT_REALM = env("FULL_AUDIT_REALM");
const TIMEOUT = 30_000;

const steps = new Steps(SHOTS);
const browser = await openChromium(chromium, { timeout: TIMEOUT });
const { page } = browser;

const console_ = `${KC}/admin/master/console/`;
const go = (path) => page.goto(`${console_}#/${REALM}/${path}`);
const byTestId = (id) => page.locator(`[data-testid="${id}"]`);

// A step's body returns what it saw; the screenshot shows `focus` (the console's main area scrolls
// by itself, so a full-page shot would not).
let focus;
async function step(name, body) {
  focus = undefined;
  const { ok, detail } = await steps.run(name, body, {
    page,
    beforeShot: () => focus?.scrollIntoViewIfNeeded().catch(() => undefined),
  });
  if (!ok) throw new Error(`${name}: ${detail}`);
}

async function fillUpstream(config) {
  const folded = page.locator('[data-testid^="group-"] button[aria-expanded="false"]');
  while ((await folded.count()) > 0) await folded.first().click();
  for (const [name, values] of Object.entries(config)) {
    const field = byTestId(`field-${name}`);
    if ((await field.count()) === 0) continue;
    const value = values.join(",");
    const tag = await field.evaluate((el) => el.tagName.toLowerCase() + ":" + (el.getAttribute("type") ?? ""));
    if (tag.startsWith("select")) await field.selectOption(value);
    else if (tag === "input:checkbox") {
      if ((await field.isChecked()) !== (value === "true")) await field.click({ force: true });
    } else await field.fill(value);
  }
}

async function dryRun({ execute }) {
  await go("token-broker/dry-run");
  await byTestId("dry-user").fill("alice");
  await byTestId("dry-agent").fill("claude-desktop");
  await byTestId("dry-requestingClient").fill("mcp-gateway");
  await byTestId("dry-tool").fill("databricks_mcp.query");
  await byTestId("dry-server").fill("https://mcp.acme.test/analytics");
  await byTestId("dry-target").fill(ALIAS);
  await byTestId(execute ? "run-for-real" : "dry-run-button").click();
  await byTestId("dry-run-result").or(byTestId("error-alert")).first().waitFor();
}

let failure;
try {
  await step("sign-in", async () => {
    // Straight to a page of the realm: keycloak-js comes back to this URL after the login form.
    await page.goto(`${console_}#/${REALM}/clients`);
    await page.locator("#username").fill(env("ADMIN_USER"));
    await page.locator("#password").fill(env("ADMIN_PASSWORD"));
    await page.locator("#kc-login").click();
    await byTestId("nav-token-broker").waitFor();
    await page.getByRole("link", { name: "claude-desktop", exact: true }).first().waitFor();
    return page.url();
  });

  await step("token-broker-section", async () => {
    await byTestId("nav-token-broker").getByRole("link", { name: "Upstreams" }).click();
    await byTestId("upstreams-table").waitFor();
    const groups = await page.locator(".pf-v5-c-nav__section-title").allInnerTexts();
    return `nav sections: ${groups.map((g) => g.trim()).join(" | ")}`;
  });

  await step("upstream-field-error", async () => {
    await byTestId("create-upstream").click();
    await byTestId("field-type").selectOption("databricks");
    await byTestId("field-alias").fill(ALIAS);
    await fillUpstream({ ...UPSTREAM_CONFIG, "token.endpoint": [BROKEN_ENDPOINT] });
    await byTestId("save-upstream").click();
    const error = byTestId("error-token.endpoint");
    await error.waitFor();
    focus = error;
    return `token.endpoint: ${await error.innerText()}`;
  });

  await step("upstream-fixed-and-saved", async () => {
    await byTestId("field-token.endpoint").fill(UPSTREAM_CONFIG["token.endpoint"].join(","));
    await byTestId("save-upstream").click();
    const row = byTestId(`upstream-row-${ALIAS}`);
    await row.waitFor();
    return await row.innerText();
  });

  await step("dry-run-claims", async () => {
    await dryRun({ execute: false });
    const outcome = await byTestId("decision-outcome").innerText();
    const claims = await byTestId("dry-run-claims").innerText();
    focus = byTestId("dry-run-result");
    if (outcome !== "allow") throw new Error(`decision ${outcome}`);
    if ((await byTestId("execution-result").count()) !== 0) throw new Error("a dry run performed the exchange");
    return claims.replace(/\s+/g, " ");
  });

  await step("run-for-real", async () => {
    await dryRun({ execute: true });
    const status = byTestId("execution-status");
    await status.waitFor();
    const code = await status.innerText();
    if (code !== "200") throw new Error(`upstream status ${code}: ${await byTestId("execution-result").innerText()}`);
    focus = byTestId("execution-result");
    return (await byTestId("execution-answer").innerText()).replace(/\s+/g, " ");
  });

  await step("audit-record", async () => {
    await go("token-broker/audit");
    await byTestId("audit-filter-agent").fill("claude-desktop");
    await byTestId("audit-filter-upstream").fill(ALIAS);
    await byTestId("audit-search").click();
    const chain = byTestId("audit-chain").first();
    await chain.waitFor();
    return await byTestId("audit-row").first().innerText();
  });

  await step("agent-suspended", async () => {
    await go("token-broker/agents");
    await byTestId("suspend-claude-desktop").click();
    await byTestId("suspend-reason").fill("console e2e");
    await byTestId("confirm-suspend").click();
    await byTestId("resume-claude-desktop").waitFor();
    return await byTestId("agent-row-claude-desktop").innerText();
  });

  await step("next-exchange-refused", async () => {
    await dryRun({ execute: true });
    const status = byTestId("execution-status");
    await status.waitFor();
    const code = await status.innerText();
    const result = await byTestId("execution-result").innerText();
    focus = byTestId("execution-result");
    if (code === "200") throw new Error("the suspended agent's exchange went through");
    return `${code} ${result.replace(/\s+/g, " ").slice(0, 400)}`;
  });

  await step("policy-page", async () => {
    await go("token-broker/policy");
    const engine = byTestId("realm-policy-engine");
    await engine.waitFor();
    return `realm default engine: ${(await engine.inputValue()) || "(not set)"}`;
  });

  await step("delegation-settings", async () => {
    await go("token-broker/agents");
    await byTestId("agent-row-claude-desktop").getByRole("link", { name: "settings" }).click();
    await byTestId("delegation-save").waitFor();
    return await page.locator("h1").first().innerText();
  });

  await step("stock-clients", async () => {
    await go("clients");
    await page.getByRole("link", { name: "claude-desktop", exact: true }).first().waitFor();
    return await page.locator("h1").first().innerText();
  });

  await step("stock-users", async () => {
    await go("users");
    await page.getByRole("link", { name: "alice", exact: true }).first().waitFor();
    return await page.locator("h1").first().innerText();
  });

  await step("stock-realm-settings", async () => {
    await go("realm-settings");
    await page.locator("#kc-realm-name, [data-testid='realmName'], input[name='realm']").first().waitFor();
    return await page.locator("h1").first().innerText();
  });

  // The audit page of the full realm: its newest records fill the first page, so nothing was cut short.
  await step("audit-complete", async () => {
    // The console picks its realm up from pushState only, so a realm typed into the address bar takes
    // a load, as when an admin opens a bookmark.
    await page.goto(`${console_}#/${FULL_AUDIT_REALM}/token-broker/audit`);
    await page.reload();
    await byTestId("audit-row").first().waitFor();
    // Rows and the truncation flag arrive with the same answer, so once rows show the alert would too.
    const rows = await byTestId("audit-row").count();
    const alert = (await byTestId("audit-truncated").count()) > 0;
    return `${rows} records; truncation alert shown: ${alert}`;
  });

  // A filter none of its records match: the scan reached its bound without filling the page.
  await step("audit-cut-short", async () => {
    await byTestId("audit-filter-agent").fill("claude-desktop");
    await byTestId("audit-search").click();
    const alert = byTestId("audit-truncated");
    await alert.waitFor();
    await page.getByText("No records match.").waitFor();
    focus = alert;
    return (await alert.innerText()).replace(/\s+/g, " ");
  });
} catch (e) {
  failure = e;
} finally {
  writeFileSync(RESULT, JSON.stringify({ steps, consoleErrors: browser.consoleErrors }, null, 2));
  await browser.close();
}
if (failure) {
  console.error(String(failure));
  process.exit(1);
}
