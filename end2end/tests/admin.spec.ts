import { expect, test } from "@playwright/test";
import { ALICE, BOB, waitForHydration } from "./fixtures/phone_page";
import { SimPhone } from "./fixtures/sim_phone";
import { closeOpened, openAs } from "./fixtures/softphone";

// Issue 18: the admin page. alice (the demo administrator) adds a user with a number; a phone
// calling it rings them; she maps them a new number, which rings them on the very next call;
// refusals read as the command line's; bob, not an administrator, is refused.

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const CAROL = { name: "carol", password: "carol-long-password", number: "+442079460081" };

test.afterEach(closeOpened);

test("an admin adds a user and maps numbers that then ring them", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  await alice.page.getByRole("link", { name: "Admin", exact: true }).click();
  await waitForHydration(alice.page);
  await expect(alice.page.getByRole("heading", { name: "Administration" })).toBeFocused();
  const users = alice.page.getByRole("region", { name: /Users/ });
  await expect(users.getByRole("row", { name: /bob/ })).toContainText("client:bob");
  // A retried run finds the carol of the failed one: remove her first.
  const leftover = users.getByRole("row", { name: /carol/ });
  if ((await leftover.count()) > 0) {
    await leftover.getByRole("button", { name: "Remove carol" }).click();
    await leftover.getByRole("button", { name: "Remove for good" }).click();
    await expect(leftover).toHaveCount(0);
  }

  // Add carol, with her number typed as a person would.
  const form = alice.page.getByRole("region", { name: "Add a user" });
  await form.getByLabel("Name").fill(CAROL.name);
  await form.getByLabel("Password").fill("short");
  await form.getByLabel("Their number (optional)").fill("020 7946 0081");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("alert")).toHaveText("The password must have at least 10 characters besides spaces.");
  await expect(form.getByLabel("Name")).toHaveValue(CAROL.name);
  await form.getByLabel("Password").fill(CAROL.password);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("status")).toHaveText("Added carol.");
  const carolRow = users.getByRole("row", { name: /carol/ });
  await expect(carolRow.getByRole("textbox", { name: "Number for carol", exact: true })).toHaveValue("+44 20 7946 0081");

  // A number that is someone else's is refused in the command line's words.
  await carolRow.getByRole("textbox", { name: "Number for carol", exact: true }).fill(BOB.number);
  await carolRow.getByRole("button", { name: "Save the number for carol" }).click();
  await expect(carolRow.getByRole("alert")).toHaveText("The number +442079460002 already belongs to another user.");

  // carol signs in and goes online; a phone calling her number rings her.
  const carol = await openAs(browser, baseURL, CAROL);
  await carol.goOnlineAndWaitReady();
  const phone = new SimPhone(await (await browser.newContext()).newPage(), "+442079460982");
  await phone.switchOn();
  await phone.call(CAROL.number);
  await expect(carol.incoming).toBeVisible({ timeout: 10_000 });
  await phone.hangUp();
  await expect(carol.incoming).toBeHidden({ timeout: 10_000 });
  await phone.expectStatus("ready");

  // Mapped to a new number, she is rung on it at the next call, with no restart.
  await carolRow.getByRole("textbox", { name: "Number for carol", exact: true }).fill("+442079460082");
  await carolRow.getByRole("button", { name: "Save the number for carol" }).click();
  await expect(carolRow.getByRole("status")).toHaveText("Saved: it rings them from the next call.");
  await phone.call("+442079460082");
  await expect(carol.incoming).toBeVisible({ timeout: 10_000 });
  await phone.hangUp();
  await expect(carol.incoming).toBeHidden({ timeout: 10_000 });

  // Removing asks once more; alice cannot remove herself.
  await expect(users.getByRole("row", { name: /alice/ }).getByRole("button", { name: /Remove/ })).toHaveCount(0);
  await carolRow.getByRole("button", { name: "Remove carol" }).click();
  await carolRow.getByRole("button", { name: "Remove for good" }).click();
  await expect(users.getByRole("row", { name: /carol/ })).toHaveCount(0);
  // Her open page stops at once, not at its next token refresh (up to an hour later).
  await expect(carol.status).toHaveText("Signed out — sign in again", { timeout: 10_000 });
  // The two refusals are 400s the browser logs; nothing else.
  expect(alice.errors.filter((e) => !e.includes("status of 400 (Bad Request)"))).toEqual([]);
});

test("someone who is not an administrator is refused", async ({ browser }) => {
  const bob = await openAs(browser, baseURL, BOB);
  await expect(bob.page.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
  await bob.page.goto("/admin");
  await waitForHydration(bob.page);
  await expect(bob.page.getByRole("alert")).toContainText("Only administrators can do this.");
  await expect(bob.page.getByRole("table")).toHaveCount(0);
});
