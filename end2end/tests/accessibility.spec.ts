import { expect, test, type Page } from "@playwright/test";
import { seriousViolations, type Violation } from "./fixtures/axe";
import { DEMO_SHOW, openConsole } from "./fixtures/console";
import { ALICE, BOB, DJ, SCREENER, signIn, waitForHydration } from "./fixtures/phone_page";
import { SimPhone } from "./fixtures/sim_phone";
import { Softphone, closeOpened, openAs } from "./fixtures/softphone";

// axe-core on every page and state, light and dark: no serious or critical violation.

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

// axe is injected as an inline script, which the app's CSP (rightly) forbids.
test.use({ bypassCSP: true });
test.describe.configure({ mode: "serial" });
test.afterEach(closeOpened);

/** Checks one state in both colour schemes; reports every state, fails at the end. */
async function check(page: Page, state: string, seen: Record<string, Violation[]>) {
  const found = await seriousViolations(page);
  seen[state] = found;
  for (const v of found) console.log(`  ${v.scheme} ${v.id}: ${v.targets.join(", ")} — ${v.summary}`);
  console.log(`axe ${state}: ${found.length} serious/critical (light ${found.filter((v) => v.scheme === "light").length}, dark ${found.filter((v) => v.scheme === "dark").length})`);
}

function expectClean(seen: Record<string, Violation[]>) {
  const failures = Object.entries(seen).flatMap(([state, vs]) =>
    vs.map((v) => `${state} [${v.scheme}] ${v.impact} ${v.id}: ${v.targets.join(", ")} — ${v.summary}`),
  );
  expect(failures, failures.join("\n")).toEqual([]);
}

test("login page, fresh and after a wrong password", async ({ page }) => {
  const seen: Record<string, Violation[]> = {};
  await page.goto("/login");
  await waitForHydration(page);
  await check(page, "/login", seen);
  await signIn(page, { ...BOB, password: "not-the-password" });
  await expect(page.locator("#login-error")).not.toBeEmpty();
  await check(page, "/login wrong password", seen);
  expectClean(seen);
});

test("phone page: offline with a key hovered, ready, typed number, device activity", async ({ page }) => {
  const seen: Record<string, Violation[]> = {};
  const phone = new Softphone(page);
  await phone.open(ALICE);
  await phone.key("2").hover();
  await check(page, "/ offline, key 2 hovered", seen);
  await page.mouse.move(0, 0);
  await phone.goOnlineAndWaitReady();
  await check(page, "/ ready", seen);
  await page.locator("body").click({ position: { x: 2, y: 2 } });
  await page.keyboard.type(BOB.number);
  await expect(phone.verdict).toContainText("bob");
  await check(page, "/ typed number with verdict", seen);
  await page.getByText("Device activity").click();
  await expect(page.getByRole("list", { name: "Device activity log" })).toBeVisible();
  await check(page, "/ device activity open", seen);
  expectClean(seen);
});

test("call dialogs: outgoing ringing, incoming, in call with the keypad open", async ({ browser }) => {
  const seen: Record<string, Violation[]> = {};
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  await bob.dial(ALICE.number);
  await expect(alice.incoming).toBeVisible({ timeout: 10_000 });
  await expect(bob.inCall.locator(".call-dialog__phase")).toHaveText("Ringing…");
  await check(bob.page, "outgoing ringing dialog", seen);
  await check(alice.page, "incoming dialog", seen);
  await alice.incoming.getByRole("button", { name: "Accept" }).click();
  await expect(alice.inCall.locator(".call-dialog__phase")).toHaveText("In call", { timeout: 10_000 });
  await alice.inCall.getByRole("button", { name: "Keypad" }).click();
  await expect(alice.inCall.getByRole("group", { name: "Keypad" })).toBeVisible();
  await check(alice.page, "in call, keypad open", seen);
  await alice.inCall.getByRole("button", { name: "Hang up" }).click();
  expectClean(seen);
});

test("a show's console: empty, a caller waiting with the card open, screening in the browser", async ({ browser }) => {
  test.setTimeout(90_000);
  const seen: Record<string, Violation[]> = {};
  const host = await openConsole(browser, baseURL, DJ);
  const screener = await openConsole(browser, baseURL, SCREENER);
  await check(host.page, "console (host)", seen);
  const context = await browser.newContext({ baseURL });
  try {
    const caller = new SimPhone(await context.newPage(), "+442079460975");
    await caller.switchOn();
    await caller.call(DEMO_SHOW.hotline);
    await expect(screener.line("+44 20 7946 0975")).toContainText("Waiting", { timeout: 10_000 });
    await screener.line("+44 20 7946 0975").getByText("Card and flags").click();
    await check(screener.page, "console (screener), a caller waiting, card open", seen);
    await screener.phone.goOnlineAndWaitReady();
    await expect(caller.page.locator("#log")).toContainText("in line", { timeout: 15_000 });
    await screener.press("Screen", "+44 20 7946 0975");
    await screener.phone.incoming.getByRole("button", { name: "Accept" }).click();
    await expect(host.line("+44 20 7946 0975")).toContainText("Screening", { timeout: 10_000 });
    await check(screener.page, "console (screener), screening in the browser", seen);
    await check(host.page, "console (host), a caller being screened", seen);
    await caller.hangUp();
  } finally {
    await context.close();
  }
  expectClean(seen);
});

test("contacts page with an import report, and the phone with recent calls and contact matches", async ({ page }) => {
  const seen: Record<string, Violation[]> = {};
  const phone = new Softphone(page);
  await phone.open(BOB);
  await page.goto("/contacts");
  await waitForHydration(page);
  await check(page, "/contacts", seen);
  await page.getByLabel("A vCard (.vcf) or CSV file, up to 1 MB").setInputFiles({
    name: "a11y.vcf",
    mimeType: "text/vcard",
    buffer: Buffer.from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nTEL:020 7946 0990\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nobody\r\nEND:VCARD\r\n"),
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported" })).toBeVisible();
  await check(page, "/contacts after an import with a skipped card", seen);
  await page.getByRole("link", { name: "Back to the phone" }).click();
  await waitForHydration(page);
  await page.getByRole("searchbox", { name: "Search contacts" }).fill("grace");
  await expect(page.getByRole("button", { name: /Call Grace Hopper/ })).toBeVisible();
  await page.getByRole("region", { name: "Recent calls" }).getByRole("button", { name: "Missed", exact: true }).click();
  await check(page, "/ contact matches, recent calls filtered", seen);
  expectClean(seen);
});

test("the admin page, and the phone with a voicemail message", async ({ browser }) => {
  const seen: Record<string, Violation[]> = {};
  const alice = await openAs(browser, baseURL, ALICE);
  await alice.goOnlineAndWaitReady();
  const context = await browser.newContext();
  try {
    // A phone alice declines leaves a short message.
    const phone = new SimPhone(await context.newPage(), "+442079460984");
    await phone.switchOn();
    await phone.call(ALICE.number);
    await expect(alice.incoming).toBeVisible({ timeout: 10_000 });
    await alice.incoming.getByRole("button", { name: "Reject" }).click();
    await expect(phone.page.locator("#log")).toContainText("Recording after the tone", { timeout: 10_000 });
    await phone.page.waitForTimeout(1_500);
    await phone.hangUp();
    await phone.expectStatus("ready");
  } finally {
    await context.close();
  }
  await alice.page.reload();
  await waitForHydration(alice.page);
  const message = alice.page.locator("li.voicemail__message", { hasText: "+44 20 7946 0984" }).first();
  await expect(message).toBeVisible({ timeout: 10_000 });
  await message.getByRole("button", { name: /^Delete the message/ }).click();
  await check(alice.page, "/ with a voicemail message, delete being confirmed", seen);
  await message.getByRole("button", { name: "Keep" }).click();
  await alice.page.getByRole("link", { name: "Admin", exact: true }).click();
  await waitForHydration(alice.page);
  await expect(alice.page.getByRole("heading", { name: /^Users \(\d+\)$/ })).toBeVisible();
  await check(alice.page, "/admin", seen);
  expectClean(seen);
});

test("a listener's call-in page", async ({ page }) => {
  const seen: Record<string, Violation[]> = {};
  await page.goto(`/call/${DEMO_SHOW.name}`);
  await waitForHydration(page);
  await check(page, "/call/call-in", seen);
  expectClean(seen);
});

test("the simulated phone page", async ({ page }) => {
  const seen: Record<string, Violation[]> = {};
  await page.goto("/sim/phone");
  await check(page, "/sim/phone", seen);
  expectClean(seen);
});

test("the not-found page", async ({ page }) => {
  const seen: Record<string, Violation[]> = {};
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await check(page, "404", seen);
  expectClean(seen);
});

test("the check itself finds a serious violation when there is one", async ({ page }) => {
  await page.goto("/login");
  await waitForHydration(page);
  await page.evaluate(() => {
    const key = document.createElement("button");
    key.setAttribute("aria-label", "2");
    key.textContent = "2 ABC";
    const faint = document.createElement("p");
    faint.textContent = "faint words";
    faint.style.color = "#999";
    faint.style.background = "#fff";
    document.querySelector("main")!.append(key, faint);
  });
  const ids = (await seriousViolations(page, ["light"])).map((v) => v.id);
  expect(ids).toContain("color-contrast");
  expect(ids).toContain("label-content-name-mismatch");
});
