import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { BOB } from "./fixtures/phone_page";
import { SimPhone } from "./fixtures/sim_phone";
import { closeOpened, openAs } from "./fixtures/softphone";

// Issue 18: voicemail. A simulated phone that bob declines leaves a message (its real audio, from
// Chromium's fake microphone, kept by the simulator as Ogg Opus); it reaches bob's open page by
// itself and counts on the app's badge; bob plays it back in the page through our server, which
// marks it heard, and deletes it.

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const CALLER = "+442079460973";
const CALLER_READS = "+44 20 7946 0973";

test.afterEach(closeOpened);

test("a message left by a phone is listed, plays back, is marked heard and deleted", async ({ browser }) => {
  test.setTimeout(150_000); // the first run of scripts/check-sim-rest installs Twilio's library
  const bob = await openAs(browser, baseURL, BOB);
  await bob.goOnlineAndWaitReady();
  const phone = new SimPhone(await (await browser.newContext()).newPage(), CALLER);
  await phone.switchOn();

  // bob declines; the caller is offered voicemail and talks for three seconds.
  await phone.call(BOB.number);
  await expect(bob.incoming).toBeVisible({ timeout: 10_000 });
  await bob.incoming.getByRole("button", { name: "Reject" }).click();
  await expect(phone.page.locator("#log")).toContainText("leave a message", { timeout: 10_000 });
  await expect(phone.page.locator("#log")).toContainText("Recording after the tone", { timeout: 10_000 });
  // bob turns to another window: the installed app's icon is his only sign (headless Chromium
  // has no icon, so the Badging API is recorded instead).
  await bob.page.evaluate(() => {
    const w = window as any;
    w.__badges = [];
    (navigator as any).setAppBadge = (n: number) => (w.__badges.push(n), Promise.resolve());
    (navigator as any).clearAppBadge = () => (w.__badges.push(0), Promise.resolve());
    const hide = (hidden: boolean) => {
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
      Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
      document.dispatchEvent(new Event("visibilitychange"));
    };
    w.__hide = hide;
    hide(true);
  });
  await phone.page.waitForTimeout(3_000);
  await phone.hangUp();
  await phone.expectStatus("ready");

  // The message reaches the open page by itself (pushed by the server, no reload, no polling)
  // and counts on the icon; as a phone's voicemail badge, it stays until the message is heard.
  const box = bob.page.getByRole("region", { name: "Voicemail" });
  const message = box.locator("li.voicemail__message", { hasText: CALLER_READS }).first();
  await expect(message).toBeVisible({ timeout: 10_000 });
  const badge = () => bob.page.evaluate(() => (window as any).__badges.at(-1));
  await expect.poll(badge).toBe(1);
  await bob.page.evaluate(() => (window as any).__hide(false));
  await bob.page.waitForTimeout(500);
  expect(await badge()).toBe(1);
  await expect(message).toContainText("New");
  await expect(message).toContainText(/00:0[2-5]/);
  await expect(message).toHaveAttribute("data-heard", "false");

  // The browser's own decoder plays what the phone said, fetched through our server.
  const player = message.locator("audio");
  await expect(player).toHaveAttribute("aria-label", new RegExp(`^Message from \\${CALLER_READS}, 00:0[2-5]$`));
  const src = await player.getAttribute("src");
  expect(src).toMatch(/^\/api\/voicemails\/RE[0-9a-f]{32}\/audio$/);
  await player.evaluate((audio: HTMLAudioElement) => {
    audio.muted = true;
    return audio.play();
  });
  await expect
    .poll(() => player.evaluate((audio: HTMLAudioElement) => audio.currentTime), { timeout: 10_000 })
    .toBeGreaterThan(0.5);
  const duration = await player.evaluate((audio: HTMLAudioElement) => audio.duration);
  expect(duration).toBeGreaterThan(1.5);
  expect(duration).toBeLessThan(8);
  await expect(message).toHaveAttribute("data-heard", "true");
  await expect(message).not.toContainText("New");
  await expect.poll(badge).toBe(0);
  // Heard in every tab: a reload keeps it.
  await bob.page.reload();
  await expect(box.locator("li.voicemail__message", { hasText: CALLER_READS }).first()).toHaveAttribute("data-heard", "true", { timeout: 10_000 });

  // Another user cannot fetch it; nobody signed out can.
  const outsider = await browser.newContext();
  expect((await outsider.request.get(`${baseURL}${src}`)).status()).toBe(401);
  await outsider.close();

  // Twilio's own Python library downloads the simulator's recording and deletes it, as another
  // app with the account's key would (scripts/check-sim-rest; the first run installs it).
  const again = box.locator("li.voicemail__message", { hasText: CALLER_READS }).first();
  const sid = (await again.getAttribute("data-recording-sid"))!;
  const dataDir = path.resolve("..", process.env.DATA_DIR ?? "data");
  const out = execFileSync(
    "../scripts/check-sim-rest",
    ["--base", baseURL, "--account", path.join(dataDir, "local-twilio-account.json"), "--recording", sid],
    { encoding: "utf8", timeout: 110_000 },
  );
  expect(JSON.parse(out.trim().split("\n").pop()!).deleted).toBe(true);

  // Delete asks once more, then the message is gone for good here too (a recording Twilio no
  // longer has counts as deleted).
  await again.getByRole("button", { name: `Delete the message from ${CALLER_READS}` }).click();
  const confirm = again.getByRole("group", { name: "Delete this message for good?" });
  await expect(confirm.getByRole("button", { name: "Delete", exact: true })).toBeFocused();
  await confirm.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(box.locator(`li[data-recording-sid="${sid}"]`)).toHaveCount(0, { timeout: 10_000 });
  expect((await bob.page.request.get(`${baseURL}${src}`)).status()).toBe(404);
  expect(bob.errors).toEqual([]);
});
