import { expect, test } from "@playwright/test";
import { collectPageErrors, PhonePage } from "./fixtures/phone_page";

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
  await phone.expectNumber("+44 20 7946 0958 ");
  await phone.numberField.press("a");
  await phone.expectNumber("+44 20 7946 0958 ");
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
