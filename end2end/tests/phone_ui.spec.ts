import { expect, test } from "@playwright/test";
import { Softphone } from "./fixtures/softphone";

// What the phone shows and refuses before any device exists (no simulator needed).

test("local mode shows its banner, an offline status and a Go online button", async ({ page }) => {
  const phone = new Softphone(page);
  await phone.open();
  await expect(page.getByRole("note")).toHaveText("Local mode — calls stay on this machine.");
  await expect(phone.status).toHaveAttribute("data-state", "offline");
  await expect(phone.status).toHaveText("Offline");
  await expect(phone.goOnline).toBeVisible();
  await expect(phone.goOnline).toHaveText("Go online");
  expect(phone.errors).toEqual([]);
});

test("the SDK loads when the phone goes online, from us, with its integrity hash, after the simulator's loader", async ({
  page,
}) => {
  const phone = new Softphone(page);
  const external: string[] = [];
  const sdkRequests: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("http://127.0.0.1")) external.push(r.url());
    if (r.url().includes("/vendor/") || r.url().includes("/sim/loader.js")) sdkRequests.push(r.url());
  });
  await phone.open();
  // Not with the page: a phone that stays offline never fetches it.
  expect(await page.locator("script[src^='/vendor/']").count()).toBe(0);
  expect(await page.evaluate(() => typeof (window as any).Twilio)).toBe("undefined");
  expect(sdkRequests).toEqual([]);
  await phone.goOnlineAndWaitReady();
  const scripts = await page.locator("head script[src]").evaluateAll((els) =>
    els.map((e) => ({ src: e.getAttribute("src"), integrity: e.getAttribute("integrity") })),
  );
  const srcs = scripts.map((s) => s.src);
  expect(srcs.indexOf("/sim/loader.js")).toBeGreaterThanOrEqual(0);
  expect(srcs.indexOf("/sim/loader.js")).toBeLessThan(srcs.indexOf("/vendor/twilio-voice-2.18.5.min.js"));
  expect(scripts.find((s) => s.src?.startsWith("/vendor/"))?.integrity).toMatch(/^sha384-/);
  await expect.poll(() => page.evaluate(() => typeof (window as any).Twilio?.Device)).toBe("function");
  expect(external).toEqual([]);
});

test("a colleague's number is formatted and named as it is typed", async ({ page }) => {
  const phone = new Softphone(page);
  await phone.open();
  await phone.numberField.fill("02079460002");
  await expect(phone.verdict).toHaveText("bob · 020 7946 0002");
  await phone.numberField.fill("+442079460002");
  await expect(phone.verdict).toHaveText("bob · +44 20 7946 0002");
});

test("a blocked destination is explained and refused before dialling", async ({ page }) => {
  const phone = new Softphone(page);
  await phone.open();
  await page.keyboard.type("999");
  await expect(phone.verdict).toHaveText("This phone can't call emergency services. Use another phone.");
  await expect(phone.verdict).toHaveClass(/verdict--blocked/);
  await phone.callButton.click();
  await expect(phone.notice).toHaveText("Not dialled: This phone can't call emergency services. Use another phone.");
  await expect(phone.inCall).toBeHidden();
});

test("calling while offline says to go online first", async ({ page }) => {
  const phone = new Softphone(page);
  await phone.open();
  await phone.dial("02079460002");
  await expect(phone.notice).toContainText('Press "Go online" first.');
  await expect(phone.inCall).toBeHidden();
});

test("the device log is folded away and lists what happened", async ({ page }) => {
  const phone = new Softphone(page);
  await phone.open();
  await page.getByText("Device activity").click();
  await phone.dial("02079460002");
  await expect(page.getByRole("list", { name: "Device activity log" })).toContainText("You can't call yet");
});
