import { expect, test } from "@playwright/test";
import { ALICE, BOB } from "./fixtures/phone_page";
import { SimPhone } from "./fixtures/sim_phone";
import { closeOpened, openAs } from "./fixtures/softphone";

// Hold and transfer through the real SDK, the local simulator's Calls REST API and our TwiML:
// the held party waits in a queue of its own (with the simulator's hold tone), the user's leg is
// parked, and a transfer moves the legs as Twilio would.

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

test.describe.configure({ mode: "serial" });
test.afterEach(closeOpened);

/** Bytes the phone has received so far (the SDK's totals). */
async function received(phone: SimPhone): Promise<number> {
  return (await phone.sample())?.bytesReceived ?? 0;
}

test("alice holds a caller and resumes, then talks to bob first and hands the call over", async ({ browser }) => {
  const phone = new SimPhone(await (await browser.newContext()).newPage(), "+442079460977");
  await phone.switchOn();
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();

  await phone.call(ALICE.number);
  await expect(alice.incoming).toBeVisible({ timeout: 10_000 });
  await alice.incoming.getByRole("button", { name: "Accept" }).click();
  await expect(alice.inCall.locator(".call-dialog__phase")).toHaveText("In call", { timeout: 10_000 });
  await phone.expectAudioBothWays();
  const status = alice.inCall.locator(".call-controls__status");

  // Hold: the caller hears the hold tone, alice's call stays up.
  await alice.inCall.getByRole("button", { name: "Hold" }).click();
  const resume = alice.inCall.getByRole("button", { name: "Resume" });
  await expect(resume).toHaveAttribute("aria-pressed", "true", { timeout: 10_000 });
  await expect(status).toHaveText("On hold");
  const onHold = await received(phone);
  await expect.poll(() => received(phone), { timeout: 5_000 }).toBeGreaterThan(onHold + 2_000);
  await expect(alice.inCall.locator(".call-dialog__phase")).toHaveText("In call");

  await resume.click();
  await expect(alice.inCall.getByRole("button", { name: "Hold" })).toHaveAttribute("aria-pressed", "false", {
    timeout: 10_000,
  });
  await expect(status).toBeHidden();

  // A warm transfer: alice talks to bob first, the caller held meanwhile.
  await alice.inCall.getByRole("button", { name: "Transfer" }).click();
  await alice.inCall.getByLabel("Transfer to").fill("bob");
  await alice.inCall.getByRole("button", { name: "Talk first" }).click();
  await expect(bob.incoming).toBeVisible({ timeout: 10_000 });
  await expect(bob.incoming).toContainText("alice");
  const complete = alice.inCall.getByRole("button", { name: "Complete transfer" });
  await expect(complete).toBeDisabled();
  await bob.incoming.getByRole("button", { name: "Accept" }).click();
  await expect(status).toHaveText("Talking to bob: the caller is on hold", { timeout: 10_000 });
  await complete.click();
  await expect(alice.inCall).toBeHidden({ timeout: 10_000 });
  // alice's recent calls say where the call went.
  await expect(alice.page.locator(".recent__transfer").first()).toHaveText("Transferred to bob", {
    timeout: 10_000,
  });
  await expect(bob.inCall.locator(".call-dialog__phase")).toHaveText("In call");

  // bob has the caller now: audio flows to the phone, and bob can hold them himself.
  const handedOver = await received(phone);
  await expect.poll(() => received(phone), { timeout: 5_000 }).toBeGreaterThan(handedOver + 2_000);
  await bob.inCall.getByRole("button", { name: "Hold" }).click();
  await expect(bob.inCall.getByRole("button", { name: "Resume" })).toHaveAttribute("aria-pressed", "true", {
    timeout: 10_000,
  });
  await phone.hangUp();
  await expect(bob.inCall).toBeHidden({ timeout: 10_000 });
  expect(alice.errors).toEqual([]);
  expect(bob.errors).toEqual([]);
});

test("bob, held by alice, sees it; then alice hands him to a phone number at once", async ({ browser }) => {
  const phone = new SimPhone(await (await browser.newContext()).newPage(), "+442079460976");
  await phone.switchOn();
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();

  await alice.dial(BOB.number);
  await expect(bob.incoming).toBeVisible({ timeout: 10_000 });
  await bob.incoming.getByRole("button", { name: "Accept" }).click();
  await expect(alice.inCall.locator(".call-dialog__phase")).toHaveText("In call", { timeout: 10_000 });

  const bobsStatus = bob.inCall.locator(".call-controls__status");
  await alice.inCall.getByRole("button", { name: "Hold" }).click();
  await expect(bobsStatus).toHaveText("On hold: the other party will be back", { timeout: 10_000 });
  await expect(bob.inCall.getByRole("button", { name: "Hold" })).toBeDisabled();
  await alice.inCall.getByRole("button", { name: "Resume" }).click();
  // Back together through alice's hold: only she can move the call now, and bob is told.
  await expect(bobsStatus).toHaveText("Only the other party can hold or transfer this call.", { timeout: 10_000 });
  await expect(bob.inCall.getByRole("button", { name: "Transfer" })).toBeDisabled();

  // Refused in words, and nothing lost: a number the policy blocks.
  await alice.inCall.getByRole("button", { name: "Transfer" }).click();
  const field = alice.inCall.getByLabel("Transfer to");
  await field.fill("999");
  await alice.inCall.getByRole("button", { name: "Transfer now" }).click();
  await expect(alice.inCall.locator(".call-controls__error")).toContainText("emergency");
  await expect(alice.inCall.locator(".call-dialog__phase")).toHaveText("In call");
  // Escape closes the form, never the call.
  await field.press("Escape");
  await expect(field).toBeHidden();
  await expect(alice.inCall.locator(".call-dialog__phase")).toHaveText("In call");

  // Digits typed in the field are the number, not DTMF.
  await alice.inCall.getByRole("button", { name: "Transfer" }).click();
  await field.fill("");
  await field.pressSequentially(phone.number);
  await expect(field).toHaveValue(phone.number);
  await alice.inCall.getByRole("button", { name: "Transfer now" }).click();
  await expect(alice.inCall).toBeHidden({ timeout: 10_000 });
  await expect(alice.notice).toHaveText(`Call transferred to ${phone.number}.`);
  await expect(alice.page.locator(".recent__transfer").first()).toHaveText("Transferred to +44 20 7946 0976", {
    timeout: 10_000,
  });
  // The phone rings with our caller ID (Twilio shows only numbers we own), and bob reaches it.
  await phone.expectCaller(ALICE.number);
  await phone.answer();
  await phone.expectAudioBothWays();
  await expect(bob.inCall.locator(".call-dialog__phase")).toHaveText("In call");
  await bob.inCall.getByRole("button", { name: "Hang up" }).click();
  await phone.expectStatus("ready");
  expect(bob.errors).toEqual([]);
  // The refused transfer's answer (a 400 with the reason) is the only one.
  expect(alice.errors).toEqual(["Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
});
