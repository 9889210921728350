import { expect, test } from "@playwright/test";
import { ALICE, BOB } from "./fixtures/phone_page";
import { Softphone, closeOpened, openAs } from "./fixtures/softphone";

// Real calls through the real SDK and the local simulator (/sim/signal), between two users.

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

test.describe.configure({ mode: "serial" });
test.afterEach(closeOpened);

test("going online makes the device ready", async ({ page }) => {
  const alice = new Softphone(page);
  await alice.open(ALICE);
  await alice.goOnlineAndWaitReady();
  await expect(alice.goOnline).toBeHidden();
  expect(alice.errors).toEqual([]);
});

test("alice calls bob, bob accepts, both talk, mute, send digits and hang up", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();

  await alice.dial(BOB.number);
  await expect(alice.inCall).toBeVisible();
  await expect(alice.inCall.getByRole("heading")).toHaveText("bob");

  await expect(bob.incoming).toBeVisible({ timeout: 10_000 });
  await expect(bob.incoming).toContainText("alice");
  await bob.incoming.getByRole("button", { name: "Accept" }).click();

  await expect(bob.inCall.locator(".call-dialog__phase")).toHaveText("In call", { timeout: 10_000 });
  await expect(alice.inCall.locator(".call-dialog__phase")).toHaveText("In call", { timeout: 10_000 });
  // Both timers run from the answer.
  await expect.poll(() => alice.elapsedSeconds(), { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
  await expect.poll(() => bob.elapsedSeconds(), { timeout: 5_000 }).toBeGreaterThanOrEqual(2);

  const mute = alice.inCall.getByRole("button", { name: "Mute" });
  await mute.click();
  await expect(alice.inCall.getByRole("button", { name: "Unmute" })).toHaveAttribute("aria-pressed", "true");

  await alice.inCall.getByRole("button", { name: "Keypad" }).click();
  await alice.inCall.getByRole("button", { name: "5", exact: true }).click();

  await alice.inCall.getByRole("button", { name: "Hang up" }).click();
  await expect(alice.inCall).toBeHidden();
  await alice.page.getByText("Device activity").click();
  await expect(alice.page.getByRole("list", { name: "Device activity log" })).toContainText("sent DTMF 5");
  await expect(bob.inCall).toBeHidden({ timeout: 10_000 });
  await expect(alice.status).toHaveText("Ready");
  await expect(bob.status).toHaveText("Ready");
  expect(alice.errors).toEqual([]);
  expect(bob.errors).toEqual([]);
});

test("bob rejects with Escape and alice's call ends", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  await alice.dial(BOB.number);
  await expect(bob.incoming).toBeVisible({ timeout: 10_000 });
  await bob.page.keyboard.press("Escape");
  await expect(bob.incoming).toBeHidden();
  // No answer from bob: the server's <Dial> falls through (voicemail or hang-up); alice can end it.
  await expect(alice.inCall.locator(".call-dialog__phase")).not.toHaveText("Ringing…", { timeout: 10_000 });
  await alice.page.keyboard.press("Escape");
  await expect(alice.inCall).toBeHidden();
});

test("when alice cancels, bob's incoming dialog closes and says it was missed", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  await alice.dial(BOB.number);
  await expect(bob.incoming).toBeVisible({ timeout: 10_000 });
  await alice.inCall.getByRole("button", { name: "Hang up" }).click();
  await expect(bob.incoming).toBeHidden({ timeout: 10_000 });
  await expect(bob.notice).toHaveText("Missed call from alice");
  await expect(bob.status).toHaveText("Ready");
});

test("calling a colleague who is offline never rings them and can be hung up", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await alice.dial(BOB.number);
  await expect(alice.inCall).toBeVisible();
  await expect(alice.inCall.locator(".call-dialog__phase")).not.toHaveText("Connecting…", { timeout: 10_000 });
  await expect(bob.incoming).toBeHidden();
  await alice.inCall.getByRole("button", { name: "Hang up" }).click();
  await expect(alice.inCall).toBeHidden();
});

test("a second tab of the same user takes over and the first says so", async ({ browser }) => {
  const first = await openAs(browser, baseURL, ALICE);
  await first.goOnlineAndWaitReady();
  const second = new Softphone(await first.page.context().newPage());
  await second.page.goto("/");
  await second.page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await second.goOnlineAndWaitReady();
  await expect(first.status).toHaveText("Active in another tab");
  await expect(first.goOnline).toHaveText("Use this tab");
});

test("after the signaling connection drops, the device is Ready again and still rings", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  await alice.page.evaluate(() => (globalThis as any).__twilioSimulator.dropSignaling());
  await expect(alice.status).toHaveText("Ready", { timeout: 15_000 });
  await bob.dial(ALICE.number);
  await expect(alice.incoming).toBeVisible({ timeout: 15_000 });
  await expect(alice.incoming).toContainText("bob");
  await alice.incoming.getByRole("button", { name: "Reject" }).click();
  await expect(alice.incoming).toBeHidden();
  await alice.page.getByText("Device activity").click();
  const log = alice.page.getByRole("list", { name: "Device activity log" });
  await expect(log).toContainText("rejected");
  // The drop was shown, not hidden: the SDK's error and the lost registration are in the log.
  await expect(log).toContainText("device error 31005");
  await expect(log).toContainText("unregistered");
});

test("typing client:bob calls bob directly", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  await alice.numberField.fill("client:bob");
  await expect(alice.verdict).toHaveText("bob · client:bob");
  await alice.callButton.click();
  await expect(bob.incoming).toBeVisible({ timeout: 10_000 });
  await expect(bob.incoming).toContainText("alice");
  await bob.incoming.getByRole("button", { name: "Reject" }).click();
  await expect(bob.incoming).toBeHidden();
});
