import { expect, test } from "@playwright/test";
import { ALICE, BOB } from "./fixtures/phone_page";

// Plain HTML forms, as before the wasm loads or without JavaScript: every answer is a page.

test.use({ javaScriptEnabled: false });

async function submitLogin(page: import("@playwright/test").Page, name: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a wrong password without JavaScript comes back to the form with the reason", async ({ page }) => {
  await submitLogin(page, BOB.name, "not-the-password");
  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.locator("#login-error")).toHaveText("That name and password don't match.");
  await expect(page.locator("body")).not.toContainText("InvalidCredentials");
});

test("a tel: link's number survives a failed sign-in without JavaScript", async ({ page }) => {
  await page.goto("/login?dial=%2B442079460002");
  await page.getByLabel("Name").fill(BOB.name);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#login-error")).toHaveText("That name and password don't match.");
  await page.getByLabel("Name").fill(ALICE.name);
  await page.getByLabel("Password").fill(ALICE.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/\?dial=/);
  await expect(page.getByRole("textbox", { name: "Number to call" })).toHaveValue(/7946/);
});

test("sign-in and sign-out work without JavaScript", async ({ page }) => {
  await submitLogin(page, ALICE.name, ALICE.password);
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { name: "Softphone" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.locator("#login-error")).toBeEmpty();
});

test("an empty password without JavaScript is refused on the form, not on a raw page", async ({ page }) => {
  // `required` stops the browser; a hand-made request with an empty password gets the same page.
  const response = await page.request.post("/api/login", {
    form: { name: "alice", password: "" },
    headers: { Accept: "text/html", Origin: "http://127.0.0.1:3000", Referer: "http://127.0.0.1:3000/login" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  expect(response.headers()["location"]).toMatch(/^\/login\?error=/);
});
