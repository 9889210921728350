import { expect, test } from "@playwright/test";
import { ALICE, BOB } from "./fixtures/phone_page";
import { closeOpened, connectCall, openAs } from "./fixtures/softphone";

// Issue 18: the call quality indicator reads the SDK's real per-second samples, which the
// simulator's media relay makes real: Opus over ICE and DTLS, measured by Chromium's WebRTC stack.

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

test.afterEach(closeOpened);

test("a connected call shows its quality from the SDK's samples on both sides", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  await connectCall(alice, bob, BOB.number);
  for (const side of [alice, bob]) {
    const quality = side.inCall.locator(".call-quality");
    await expect(quality).toBeVisible();
    // A loopback call sounds as good as Opus can: a MOS from the SDK, no loss, no hint.
    await expect(quality).toContainText(/Call quality: Good \(MOS 4\.\d, \d+ ms jitter, 0% loss, \d+ ms round trip\)/, { timeout: 10_000 });
    await expect(quality).toHaveAttribute("data-level", "good");
    await expect(quality.locator(".call-quality__hint")).toBeEmpty();
  }
  await alice.inCall.getByRole("button", { name: "Hang up" }).click();
  await expect(alice.inCall).toBeHidden();
  expect(alice.errors).toEqual([]);
  expect(bob.errors).toEqual([]);
});
