import { expect, test } from "@playwright/test";
import { ALICE, BOB, signIn, waitForHydration } from "./fixtures/phone_page";
import { Softphone } from "./fixtures/softphone";

// Keyboard only: Enter activates what has focus; shortcuts never act on a focused control.

test("Enter on a focused Go online goes online", async ({ page }) => {
  const phone = new Softphone(page);
  await phone.open(ALICE);
  await phone.goOnline.focus();
  await page.keyboard.press("Enter");
  await expect(phone.status).toHaveAttribute("data-state", "ready", { timeout: 15_000 });
});

test("Enter on Sign out signs out and never places a call", async ({ page }) => {
  const phone = new Softphone(page);
  await phone.open(ALICE);
  await page.locator("body").click({ position: { x: 2, y: 2 } });
  await page.keyboard.type(BOB.number);
  await phone.expectDialled(BOB.number);
  await page.getByRole("button", { name: "Sign out" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL("/login");
});

test("Enter on Handle phone links, a dial key or Device activity does that, not a call", async ({ page }) => {
  const phone = new Softphone(page);
  await phone.open(ALICE);
  await page.locator("body").click({ position: { x: 2, y: 2 } });
  await page.keyboard.type("12");
  const links = page.locator(".phone-links-button");
  if (await links.isVisible()) {
    await links.focus();
    await page.keyboard.press("Enter");
  }
  await phone.key("5").focus();
  await page.keyboard.press("Enter");
  await phone.expectDialled("125");
  const summary = page.locator("summary", { hasText: "Device activity" });
  await summary.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("list", { name: "Device activity log" })).toBeVisible();
  // None of these presses tried to call "12…" (which would say why it cannot).
  await page.waitForTimeout(500);
  await expect(phone.notice).toBeEmpty();
  await expect(phone.inCall).toBeHidden();
});

test("Enter in the number field places the call, without reloading the page", async ({ page }) => {
  const phone = new Softphone(page);
  await phone.open(ALICE);
  await phone.numberField.fill("123");
  await phone.numberField.press("Enter");
  // Offline, or refused: either way the phone tried to call and says why it didn't.
  await expect(phone.notice).not.toBeEmpty();
  await expect(page).toHaveURL("/");
  await phone.expectDialled("123");
});

test("Enter in the number field calls bob when online", async ({ browser }) => {
  const ctx = await browser.newContext({ permissions: ["microphone"] });
  const bobCtx = await browser.newContext({ permissions: ["microphone"] });
  try {
    const alice = new Softphone(await ctx.newPage());
    const bob = new Softphone(await bobCtx.newPage());
    await alice.open(ALICE);
    await bob.open(BOB);
    await alice.goOnlineAndWaitReady();
    await bob.goOnlineAndWaitReady();
    await alice.numberField.fill(BOB.number);
    await alice.numberField.press("Enter");
    await expect(bob.incoming).toBeVisible({ timeout: 10_000 });
    await bob.incoming.getByRole("button", { name: "Reject" }).click();
    await expect(alice.inCall).toBeHidden({ timeout: 10_000 });
  } finally {
    await ctx.close();
    await bobCtx.close();
  }
});

test("typing digits with focus on the page still fills the number field", async ({ page }) => {
  const phone = new Softphone(page);
  await phone.open(ALICE);
  await page.locator("body").click({ position: { x: 2, y: 2 } });
  await page.keyboard.type("0207");
  await phone.expectDialled("0207");
});

test("focus moves to the new page's heading after sign-in and sign-out", async ({ page }) => {
  await signIn(page, ALICE);
  await expect(page).toHaveURL("/");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name: "Softphone" })).toBeFocused();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeFocused();
});

test("the number field shows a focus ring", async ({ page }) => {
  const phone = new Softphone(page);
  await phone.open(ALICE);
  await page.keyboard.press("Tab");
  await phone.numberField.focus();
  const outline = await phone.numberField.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
});
