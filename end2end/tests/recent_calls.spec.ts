import { expect, test, type Page } from "@playwright/test";
import { ALICE, BOB } from "./fixtures/phone_page";
import { SimPhone } from "./fixtures/sim_phone";
import { closeOpened, connectCall, openAs } from "./fixtures/softphone";

// Issue 18: recent calls, from the status callbacks the simulator sends as Twilio does, pushed to
// every open page of the users a call names, without a reload.

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

test.describe.configure({ mode: "serial" });
test.afterEach(closeOpened);

/** The newest entry in the recent calls list naming `party`. */
function recent(page: Page, party: string) {
  return page.getByRole("region", { name: "Recent calls" }).locator("li.recent", { hasText: party }).first();
}

test("an answered call appears in both users' recent calls as soon as it ends, in every tab", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  // A second tab of bob's, visible, that neither rings nor takes part: the server's news reaches it.
  const bobsOtherTab = await bob.page.context().newPage();
  await bobsOtherTab.goto("/");
  await bobsOtherTab.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await expect(bobsOtherTab.getByRole("region", { name: "Recent calls" })).not.toContainText("Loading");
  await connectCall(alice, bob, BOB.number);
  await expect.poll(() => alice.elapsedSeconds(), { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
  await alice.inCall.getByRole("button", { name: "Hang up" }).click();
  await expect(alice.inCall).toBeHidden();

  // No reload: the list catches up when the call ends.
  const mine = alice.page.getByRole("region", { name: "Recent calls" }).locator("li.recent").first();
  await expect(mine).toContainText("bob", { timeout: 10_000 });
  await expect(mine).toHaveAttribute("data-outcome", "answered");
  await expect(mine).toContainText(/Answered, 00:0[1-9]/);
  await expect(mine.getByRole("button", { name: "Call back bob" })).toBeVisible();
  const theirs = bob.page.getByRole("region", { name: "Recent calls" }).locator("li.recent").first();
  await expect(theirs).toContainText("alice", { timeout: 10_000 });
  await expect(theirs).toHaveAttribute("data-outcome", "answered");
  const otherTab = bobsOtherTab.getByRole("region", { name: "Recent calls" }).locator("li.recent").first();
  await expect(otherTab).toContainText("alice", { timeout: 10_000 });
  await expect(otherTab).toHaveAttribute("data-outcome", "answered");
  expect(alice.errors).toEqual([]);
  expect(bob.errors).toEqual([]);
});

test("a declined and a missed call from a phone, the missed filter, New until seen, and call back", async ({ browser }) => {
  const bob = await openAs(browser, baseURL, BOB);
  await bob.goOnlineAndWaitReady();
  const phone = new SimPhone(await (await browser.newContext()).newPage(), "+442079460971");
  await phone.switchOn();

  // Declined by bob.
  await phone.call(BOB.number);
  await expect(bob.incoming).toBeVisible({ timeout: 10_000 });
  await bob.incoming.getByRole("button", { name: "Reject" }).click();
  await expect(bob.incoming).toBeHidden();
  const declined = recent(bob.page, "+44 20 7946 0971");
  await expect(declined).toHaveAttribute("data-outcome", "rejected", { timeout: 10_000 });
  await expect(declined).toContainText("Declined by you");
  await phone.hangUp().catch(() => {});
  await phone.expectStatus("ready");

  // Missed: the phone gives up while bob's browser rings.
  await phone.call(BOB.number);
  await expect(bob.incoming).toBeVisible({ timeout: 10_000 });
  await phone.hangUp();
  await expect(bob.incoming).toBeHidden({ timeout: 10_000 });
  const missed = bob.page
    .getByRole("region", { name: "Recent calls" })
    .locator('li.recent[data-outcome="missed"]', { hasText: "+44 20 7946 0971" })
    .first();
  await expect(missed).toBeVisible({ timeout: 10_000 });
  await expect(missed).toContainText("New");

  // The filter shows missed calls only.
  const region = bob.page.getByRole("region", { name: "Recent calls" });
  await region.getByRole("button", { name: "Missed", exact: true }).click();
  await expect(region.getByRole("button", { name: "Missed", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(region.locator("li.recent").first()).toBeVisible();
  expect(await region.locator('li.recent:not([data-outcome="missed"])').count()).toBe(0);
  await region.getByRole("button", { name: "All", exact: true }).click();

  // Seen: after a reload the mark is gone (it was on screen).
  await bob.page.reload();
  await expect(recent(bob.page, "+44 20 7946 0971")).toBeVisible({ timeout: 10_000 });
  await expect(region.locator('li.recent[data-outcome="missed"]', { hasText: "+44 20 7946 0971" }).first()).not.toContainText("New");

  // Call back in one click: the phone rings with bob's number.
  await bob.goOnlineAndWaitReady();
  await recent(bob.page, "+44 20 7946 0971").getByRole("button", { name: "Call back +44 20 7946 0971" }).click();
  await phone.expectStatus("ringing");
  await phone.expectCaller(BOB.number);
  await phone.decline();
  expect(bob.errors).toEqual([]);
});
