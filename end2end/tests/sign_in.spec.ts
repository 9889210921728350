import { expect, test } from "@playwright/test";
import { ALICE, BOB, collectPageErrors, signIn, waitForHydration } from "./fixtures/phone_page";

test("the phone sends a signed-out visitor to the login form", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("a wrong password is refused with a reason and the form keeps the name", async ({ page }) => {
  await signIn(page, { ...BOB, password: "not-the-password" });
  await expect(page.getByRole("alert")).toHaveText("That name and password don't match.");
  await expect(page.getByLabel("Name")).toHaveValue("bob");
  await expect(page).toHaveURL("/login");
});

test("signing in shows the phone with the user's number, and signing out ends it", async ({ page }) => {
  const errors = collectPageErrors(page);
  await signIn(page, ALICE);
  await expect(page).toHaveURL("/");
  await waitForHydration(page);
  await expect(page.getByText(ALICE.number)).toBeVisible();
  await expect(page.getByRole("note")).toHaveText("Local mode — calls stay on this machine.");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL("/login");
  await page.goto("/");
  await expect(page).toHaveURL("/login");
  // The failed-login test above may log a 401 for its own page; this page must have none.
  expect(errors).toEqual([]);
});

test("the token endpoint answers 401 without a session and a token with one", async ({ page, request }) => {
  const anonymous = await request.post("/api/token");
  expect(anonymous.status()).toBe(401);
  await signIn(page, ALICE);
  await expect(page).toHaveURL("/");
  const response = await page.request.post("/api/token");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.identity).toBe("alice");
  const claims = JSON.parse(Buffer.from(body.token.split(".")[1], "base64url").toString());
  expect(claims.grants.identity).toBe("alice");
  expect(claims.grants.voice.incoming.allow).toBe(true);
  expect(claims.exp - claims.nbf).toBe(3600);
});
