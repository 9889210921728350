import { expect, test } from "@playwright/test";
import { collectPageErrors, dialledChars, PhonePage } from "./fixtures/phone_page";

test("the page hydrates without console errors", async ({ page }) => {
  const errors = collectPageErrors(page);
  const phone = new PhonePage(page);
  await phone.open();
  await expect(page.getByRole("heading", { name: "Softphone" })).toBeVisible();
  await expect(phone.callButton).toBeDisabled();
  expect(errors).toEqual([]);
});

test("pad keys and the keyboard both type into the number field", async ({ page }) => {
  const phone = new PhonePage(page);
  await phone.open();
  await phone.key("4").click();
  await page.keyboard.type("15");
  await phone.key("*").click();
  await phone.key("+").click();
  await page.keyboard.press("#");
  await phone.expectNumber("415*+#");
  await expect(phone.callButton).toBeEnabled();
});

test("Backspace and the delete key remove the last character", async ({ page }) => {
  const phone = new PhonePage(page);
  await phone.open();
  await page.keyboard.type("0207");
  await page.keyboard.press("Backspace");
  await phone.expectNumber("020");
  await phone.deleteButton.click();
  await phone.expectNumber("02");
});

test("letters typed or pasted into the field are dropped", async ({ page }) => {
  const phone = new PhonePage(page);
  await phone.open();
  await phone.numberField.fill("+44 20 7946 0958 call me");
  await phone.expectDialled("+442079460958");
  // Once checked, the number reads as libphonenumber formats it (the gap left behind is gone).
  await phone.expectNumber("+44 20 7946 0958");
  await phone.numberField.press("a");
  await phone.expectNumber("+44 20 7946 0958");
  // Not silently: the field says letters aren't dialled, until the next clean input.
  const hint = page.getByRole("status").filter({ hasText: "Letters aren't dialled" });
  await expect(hint).toBeVisible();
  await phone.numberField.press("1");
  await expect(hint).toHaveCount(0);
  // Digits of other scripts are digits (libphonenumber reads them so).
  await phone.numberField.fill("０２０７９４６０９５８");
  await phone.expectDialled("02079460958");
  // ...typed one key at a time too, each landing after the one before.
  await phone.numberField.fill("");
  await phone.numberField.pressSequentially("٠٢٠٧٩٤٦٠٩٥٨");
  await phone.expectDialled("02079460958");
});

test("the number is grouped as it is typed, in the field, and the caret stays where the user types", async ({ page }) => {
  const phone = new PhonePage(page);
  await phone.open();
  await phone.numberField.click();
  // Grouped while still incomplete, as phone dialers do (libphonenumber shows "020 7946" too).
  await page.keyboard.type("0207946");
  await phone.expectNumber("020 7946");
  expect((await phone.fieldAndCaret()).beforeCaret).toBe("020 7946");
  await page.keyboard.type("0958");
  await phone.expectNumber("020 7946 0958");
  await expect(page.locator("#number-verdict")).not.toBeEmpty();

  // A digit typed in the middle: the caret stays right after it, whatever the regrouping.
  await page.keyboard.press("Home");
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight"); // "020 7|946 0958"
  await page.keyboard.type("5");
  await expect.poll(async () => dialledChars((await phone.fieldAndCaret()).value)).toBe("020759460958");
  await page.waitForTimeout(600); // the check and its regrouping have landed
  const typed = await phone.fieldAndCaret();
  expect(dialledChars(typed.beforeCaret)).toBe("02075");

  // Backspace right after a space deletes the digit before it, not just the space.
  await page.keyboard.press("Backspace"); // the "5" again: "020 7946 0958"
  await phone.expectNumber("020 7946 0958");
  await page.keyboard.press("Home");
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight"); // "020 |7946 0958"
  await page.keyboard.press("Backspace");
  await expect.poll(async () => dialledChars((await phone.fieldAndCaret()).value)).toBe("0279460958");
  await page.waitForTimeout(600);
  expect(dialledChars((await phone.fieldAndCaret()).beforeCaret)).toBe("02");
});

test("a colleague's client: address can be typed key by key, or come in a link", async ({ page }) => {
  const phone = new PhonePage(page);
  await phone.open();
  await phone.numberField.pressSequentially("client:bob");
  await phone.expectNumber("client:bob");
  await expect(page.locator("#number-verdict")).toContainText("bob");
  await page.goto("/?dial=client:bob");
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await phone.expectNumber("client:bob");
});

test("keyboard shortcuts with modifiers are left to the browser", async ({ page }) => {
  const phone = new PhonePage(page);
  await phone.open();
  await page.keyboard.press("Control+1");
  await phone.expectNumber("");
});

test("an unknown path renders the not-found page with a 404", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
