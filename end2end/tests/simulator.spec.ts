import { expect, test } from "@playwright/test";
import { ALICE, signIn } from "./fixtures/phone_page";
import { SimPhone, twoPhones } from "./fixtures/sim_phone";

// The local Twilio simulator with the real, unmodified Voice SDK in Chromium (fake microphone):
// signaling over /sim/signal, TwiML through our own webhooks, audio relayed by the simulator.

test("two simulated phones call each other and audio flows both ways", async ({ browser }) => {
  const [a, b] = await twoPhones(browser, "+442079460958", "+442079460959");

  await a.call(b.number);
  await b.expectCaller(a.number);
  await b.answer();
  await a.expectStatus(`in call with ${b.number}`);
  await b.expectStatus(`in call with ${a.number}`);

  const sampleA = await a.expectAudioBothWays();
  const sampleB = await b.expectAudioBothWays();
  expect(sampleA?.codecName).toBe("opus");
  expect(sampleB?.codecName).toBe("opus");

  await a.hangUp();
  await a.expectStatus("ready");
  await b.expectStatus("ready");
});

test("a declined call ends for the caller", async ({ browser }) => {
  const [a, b] = await twoPhones(browser, "+442079460960", "+442079460961");
  await a.call(b.number);
  await expect(b.page.getByRole("button", { name: "Decline" })).toBeVisible();
  await b.decline();
  await expect(a.page.getByText("call ended")).toBeVisible({ timeout: 10_000 });
  await a.expectStatus("ready");
});

test("a caller who gives up stops the ringing", async ({ browser }) => {
  const [a, b] = await twoPhones(browser, "+442079460962", "+442079460963");
  await a.call(b.number);
  await expect(b.page.getByRole("button", { name: "Answer" })).toBeVisible();
  await a.expectStatus(`ringing ${b.number}`);
  await a.hangUp();
  await expect(b.page.getByText("caller gave up")).toBeVisible();
  await expect(b.page.getByRole("button", { name: "Answer" })).toBeHidden();
});

test("a simulated phone rings a signed-in user's browser through our inbound TwiML", async ({ browser }) => {
  const user = await (await browser.newContext()).newPage();
  await signIn(user, ALICE);
  await expect(user).toHaveURL("/");
  // The SDK straight from the page, with the app's own token endpoint (UI-independent). The page
  // loads it only on "Go online": added here as the phone would (the simulator's loader first).
  await user.addScriptTag({ url: "/sim/loader.js" });
  await user.addScriptTag({ url: "/vendor/twilio-voice-2.18.5.min.js" });
  await user.evaluate(async () => {
    const { token } = await (await fetch("/api/token", { method: "POST" })).json();
    const w = globalThis as any;
    w.testDevice = new w.Twilio.Device(token, { publishEvents: false, sounds: {} });
    w.testDevice.on("incoming", (call: any) => {
      w.testIncoming = call;
      call.on("sample", (s: any) => (w.testSample = s));
      call.accept();
    });
    await w.testDevice.register();
  });

  const phone = new SimPhone(await (await browser.newContext()).newPage(), "+442079460964");
  await phone.switchOn();
  await phone.call(ALICE.number);
  await expect
    .poll(() => user.evaluate(() => (globalThis as any).testIncoming?.parameters.From ?? null))
    .toBe(phone.number);
  await phone.expectStatus(`in call with ${ALICE.number}`);
  await phone.expectAudioBothWays();
  await expect
    .poll(() => user.evaluate(() => (globalThis as any).testSample?.totals.bytesReceived ?? 0), { timeout: 15_000 })
    .toBeGreaterThan(8000);
  await phone.hangUp();
  await expect
    .poll(() => user.evaluate(() => (globalThis as any).testIncoming.status()))
    .toBe("closed");
});

test("an expired token is refused with Twilio's code", async ({ page }) => {
  await page.goto("/sim/phone");
  const code = await page.evaluate(async () => {
    const response = await fetch("/sim/phone/token?number=%2B442079460965&ttl=1");
    const { token } = await response.json();
    await new Promise((r) => setTimeout(r, 2100));
    const w = globalThis as any;
    const device = new w.Twilio.Device(token, { publishEvents: false, sounds: {} });
    return new Promise<number>((resolve) => {
      device.on("error", (e: any) => resolve(e.code));
      device.register().catch(() => {});
    });
  });
  expect(code).toBe(20104);
});

test("a dropped signaling connection is re-established by the SDK", async ({ browser }) => {
  const [a, b] = await twoPhones(browser, "+442079460966", "+442079460967");
  await b.page.evaluate(() => (globalThis as any).__twilioSimulator.dropSignaling());
  // The SDK reconnects and registers again; a call then reaches it.
  await expect
    .poll(() => b.page.evaluate(() => (globalThis as any).simPhone.device.state), { timeout: 15_000 })
    .toBe("registered");
  await a.call(b.number);
  await expect(b.page.getByRole("button", { name: "Answer" })).toBeVisible({ timeout: 15_000 });
  await b.answer();
  await a.expectStatus(`in call with ${b.number}`);
  await a.hangUp();
});

test("a call survives a signaling drop: the SDK reconnects it and audio keeps flowing", async ({ browser }) => {
  const [a, b] = await twoPhones(browser, "+442079460968", "+442079460969");
  await a.call(b.number);
  await b.expectCaller(a.number);
  await b.answer();
  await a.expectStatus(`in call with ${b.number}`);
  const before = await a.expectAudioBothWays();

  await a.page.evaluate(() => (globalThis as any).__twilioSimulator.dropSignaling());
  await expect(a.page.getByText("reconnected")).toBeVisible({ timeout: 15_000 });
  await a.expectStatus(`in call with ${b.number}`);
  await expect
    .poll(async () => (await a.sample())!.bytesReceived, { timeout: 10_000 })
    .toBeGreaterThan(before!.bytesReceived + 8000);

  // The re-attached call still ends cleanly from either side.
  await b.hangUp();
  await a.expectStatus("ready");
});
