import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALICE, PhonePage, collectPageErrors, waitForHydration } from "./fixtures/phone_page";
import { SimPhone } from "./fixtures/sim_phone";
import { Softphone } from "./fixtures/softphone";

// The installable app: manifest, service worker, offline page, tel: links and the CSP (issue 7).

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

/** Waits until a service worker controls `page` (the first load only registers it). */
async function controlledBySw(page: Page): Promise<string> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await waitForHydration(page);
  return page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? "");
}

/** Every URL path in every Cache Storage cache of the page's origin. */
function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
    }
    return paths;
  });
}

/** Records CSP violations from the first script on, in every page of `context`. */
async function recordCspViolations(context: BrowserContext) {
  await context.addInitScript(() => {
    const seen: string[] = ((globalThis as any).__cspViolations = []);
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
}

function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as any).__cspViolations ?? []);
}

test("the manifest is served, complete and parsed by Chromium without errors", async ({ page, request }) => {
  const response = await request.get("/manifest.webmanifest");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/manifest+json");
  const manifest = await response.json();
  expect(manifest).toMatchObject({
    name: "Softphone",
    short_name: "Softphone",
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: "#1a7f37",
    // A tel: link reuses the running app window instead of opening a second, offline one.
    launch_handler: { client_mode: ["navigate-existing", "auto"] },
  });
  expect(manifest.shortcuts.map((s: { name: string; url: string }) => [s.name, s.url])).toEqual([
    ["Dial pad", "/"],
    ["Recent calls", "/#recents"],
  ]);
  expect(manifest.protocol_handlers).toEqual([
    { protocol: "tel", url: "/?dial=%s" },
    { protocol: "web+softphone", url: "/?dial=%s" },
  ]);
  // Each icon is a PNG of the size it claims (width and height from the IHDR chunk).
  for (const icon of [...manifest.icons, { src: "/icons/apple-touch-icon.png", sizes: "180x180" }]) {
    const png = await (await request.get(icon.src)).body();
    expect(png.subarray(1, 4).toString(), icon.src).toBe("PNG");
    expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
  }
  expect(manifest.icons.map((i: { purpose: string }) => i.purpose)).toContain("maskable");

  await page.goto("/login");
  const cdp = await page.context().newCDPSession(page);
  const parsed = await cdp.send("Page.getAppManifest");
  expect(parsed.url).toBe(`${baseURL}/manifest.webmanifest`);
  expect(parsed.errors).toEqual([]);
});

test("Chromium reports the app installable, with no errors", async ({ playwright }, testInfo) => {
  // Playwright's usual contexts are incognito, which Chromium never offers to install from.
  const profile = mkdtempSync(join(tmpdir(), "softphone-install-"));
  const context = await playwright.chromium.launchPersistentContext(profile, {
    ...testInfo.project.use.launchOptions,
    baseURL,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto("/login");
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test("the service worker controls the phone after a reload and never stores per-user answers", async ({ page }) => {
  await new PhonePage(page).open(ALICE);
  expect(await controlledBySw(page)).toMatch(new RegExp(`^${baseURL}/sw\\.js\\?shell=`));
  const cached = await cachedPaths(page);
  expect(cached).toContain("/offline.html");
  expect(cached.some((path) => path.startsWith("/pkg/softphone"))).toBe(true);
  // The SDK is not part of the shell (it loads with "Go online"), and is kept once it has.
  expect(cached.some((path) => path.startsWith("/vendor/twilio-voice-"))).toBe(false);
  await page.getByRole("button", { name: "Go online" }).click();
  await expect(page.locator("p.status")).toHaveAttribute("data-state", "ready", { timeout: 15_000 });
  await expect
    .poll(async () => (await cachedPaths(page)).some((path) => path.startsWith("/vendor/twilio-voice-")))
    .toBe(true);
  for (const path of cached) {
    expect(path, "pages are per-user").not.toMatch(/^\/(login)?$/);
    expect(path).not.toMatch(/^\/(api|twilio|sim|2010-04-01)\/|^\/healthz/);
  }
});

test("offline, the app opens to a clear 'server unreachable' page, and comes back by itself", async ({
  page,
  context,
}) => {
  const phone = new PhonePage(page);
  await phone.open(ALICE);
  await controlledBySw(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Server unreachable");
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("link", { name: "Try again now" })).toBeVisible();

  await context.setOffline(false);
  // The page noticed the network is back, found the server and reloaded the real phone.
  await expect(phone.numberField).toBeVisible({ timeout: 10_000 });
  await waitForHydration(page);
});

test("the offline page speaks the language chosen in the app", async ({ page, context }) => {
  const phone = new PhonePage(page);
  await phone.open(ALICE);
  await controlledBySw(page);
  await page.getByRole("combobox", { name: "Language" }).selectOption("ja");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("サーバーに接続できません");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByRole("link", { name: "今すぐ再試行" })).toBeVisible();
  await context.setOffline(false);
  // Back online, the real phone returns in the same language.
  await expect(page.getByRole("button", { name: "ログアウト" })).toBeVisible({ timeout: 10_000 });
});

test("a new release offers a reload, and only reloads when asked", async ({ page }) => {
  await new PhonePage(page).open(ALICE);
  const current = await controlledBySw(page);
  // What the next release's page would do: register a worker under a new URL.
  await page.evaluate((url) => navigator.serviceWorker.register(url, { scope: "/" }), `${current}&release=next`);
  const bar = page.getByRole("status").filter({ hasText: "A new version is ready." });
  await expect(bar).toBeVisible();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(current);

  await Promise.all([page.waitForEvent("load"), bar.getByRole("button", { name: "Reload" }).click()]);
  await waitForHydration(page);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${current}&release=next`);
});

test("a tel: link fills the dial pad with the number, formatted, and does not dial", async ({ page }) => {
  const phone = new Softphone(page);
  await phone.open(ALICE);
  await page.goto("/?dial=tel:+44%2020%207946%200958");
  await waitForHydration(page);
  await phone.expectNumber("+44 20 7946 0958");
  await expect(phone.verdict).toContainText("+44 20 7946 0958");
  await expect(phone.inCall).toBeHidden();
});

test("a whole call under the Content-Security-Policy: no violation, no console error", async ({ browser }) => {
  const context = await browser.newContext({ baseURL, permissions: ["microphone"] });
  const simContext = await browser.newContext({ baseURL, permissions: ["microphone"] });
  try {
    await recordCspViolations(context);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const alice = new Softphone(page);
    const sim = new SimPhone(await simContext.newPage(), "+442079460977");
    await sim.switchOn();
    await alice.open(ALICE);
    expect((await page.request.get("/login")).headers()["content-security-policy"]).toContain("'nonce-");

    await alice.goOnlineAndWaitReady();
    await alice.dial("+44 20 7946 0977");
    await expect(sim.page.locator("#incoming")).toBeVisible({ timeout: 10_000 });
    await sim.answer();
    await expect(alice.inCall.locator(".call-dialog__phase")).toHaveText("In call", { timeout: 10_000 });
    await sim.expectAudioBothWays();
    await alice.inCall.getByRole("button", { name: "Hang up" }).click();
    await expect(alice.inCall).toBeHidden();

    expect(await cspViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await simContext.close();
  }
});

test("a tel: link opened while signed out is still there after signing in", async ({ page }) => {
  await page.goto("/?dial=tel:+44%2020%207946%200958");
  await expect(page).toHaveURL(/\/login\?dial=/);
  await waitForHydration(page);
  await page.getByLabel("Name").fill(ALICE.name);
  await page.getByLabel("Password").fill(ALICE.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/\?dial=/);
  await waitForHydration(page);
  const phone = new Softphone(page);
  await phone.expectNumber("+44 20 7946 0958");
  await expect(phone.inCall).toBeHidden();
});
