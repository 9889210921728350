import { expect, test } from "@playwright/test";
import { ALICE, BOB } from "./fixtures/phone_page";
import { closeOpened, connectCall, openAs } from "./fixtures/softphone";

// Issue 18: choosing the microphone and speaker. Chromium's fake devices stand in for real ones:
// the fake microphone beeps, so the level meter moves.

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

test.afterEach(closeOpened);

test("microphone and speaker are chosen, metered, tested, remembered and used for calls", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const page = alice.page;
  await page.getByText("Microphone and speaker").click();
  const mic = page.getByLabel("Microphone", { exact: true });
  // Labels appear once the microphone is open for the meter.
  await expect(mic.locator("option", { hasText: /Fake/ }).first()).toBeAttached({ timeout: 10_000 });
  const meter = page.getByRole("meter", { name: "Microphone level" });
  // The fake microphone beeps once a second: watch the bar for three seconds, in the page.
  const loudest = await meter.evaluate(
    (m: HTMLMeterElement) =>
      new Promise<number>((resolve) => {
        let max = 0;
        const timer = setInterval(() => (max = Math.max(max, m.value)), 20);
        setTimeout(() => {
          clearInterval(timer);
          resolve(max);
        }, 3_000);
      }),
  );
  expect(loudest, "the meter moves").toBeGreaterThan(0.005);

  // Choose the second microphone and a speaker: saved for this browser.
  const inputs = await mic.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  const chosen = inputs[inputs.length - 1];
  expect(chosen).not.toBe("");
  await mic.selectOption(chosen);
  await expect(page.getByRole("status").filter({ hasText: "Saved for this browser" })).toBeVisible();
  const speaker = page.getByLabel("Speaker", { exact: true });
  const outputs = await speaker.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  if (outputs.length > 1) await speaker.selectOption(outputs[outputs.length - 1]);
  await page.getByRole("button", { name: "Play a test sound" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Playing a test sound" })).toBeVisible();

  // Remembered after a reload.
  await page.reload();
  await page.getByText("Microphone and speaker").click();
  await expect(page.getByLabel("Microphone", { exact: true })).toHaveValue(chosen, { timeout: 10_000 });
  // Closing the panel releases the microphone.
  await page.getByText("Microphone and speaker").click();

  // A call uses the chosen microphone and connects.
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  await connectCall(alice, bob, BOB.number);
  await expect(alice.inCall.locator(".call-quality")).toContainText("MOS", { timeout: 10_000 });
  await alice.inCall.getByRole("button", { name: "Hang up" }).click();
  expect(alice.errors).toEqual([]);
});

test("the pre-call check says whether the microphone picks up sound and how quick the server is", async ({ browser }) => {
  const phone = await openAs(browser, baseURL, ALICE);
  const page = phone.page;
  const section = page.getByRole("region", { name: "Before a call" });
  await section.getByRole("button", { name: "Check microphone and connection" }).click();
  await expect(section.getByRole("status")).toContainText("say something");
  // Chromium's fake microphone beeps; the server is on this machine.
  await expect(section.getByRole("status")).toContainText("Microphone: it picks up sound.", { timeout: 10_000 });
  await expect(section.getByRole("status")).toContainText(/Connection: good \(\d+ ms to the server\)\./);
  await expect(section.getByRole("button", { name: "Check microphone and connection" })).toBeEnabled();
  expect(phone.errors).toEqual([]);
});
