// README screenshots: alice (laptop-sized window) in a call with bob (phone-sized window), through
// the local simulator. Needs a running local-mode server (BASE_URL, default http://127.0.0.1:3000)
// with fresh demo users; writes docs/phone-in-call-{laptop,phone}.png, and the phone in French and
// Japanese (docs/phone-fr-laptop.png, docs/phone-ja-phone.png).
import { chromium } from "@playwright/test";

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const out = new URL("../../docs/", import.meta.url).pathname;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
});

async function open(user, password, viewport, locale = "en-GB") {
  const context = await browser.newContext({ baseURL, viewport, locale, permissions: ["microphone"], deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto("/login");
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  // By the fields' names: their labels are in the page's language.
  await page.locator('input[name="name"]').fill(user);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form.login__form [type="submit"]').click();
  await page.waitForURL(`${baseURL}/`);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await page.locator(".go-online-button").click();
  await page.locator('p.status[data-state="ready"]').waitFor({ timeout: 15_000 });
  return page;
}

const alice = await open("alice", "alice-local-demo", { width: 1280, height: 800 });
const bob = await open("bob", "bob-local-demo", { width: 390, height: 844 });
await alice.locator("body").click({ position: { x: 2, y: 2 } });
await alice.keyboard.type("+442079460002");
await alice.keyboard.press("Enter");
const incoming = bob.getByRole("dialog", { name: "Incoming call" });
await incoming.waitFor({ timeout: 15_000 });
await bob.screenshot({ path: `${out}incoming-call-phone.png` });
await incoming.getByRole("button", { name: "Accept" }).click();
await alice.waitForTimeout(3500);
await alice.screenshot({ path: `${out}phone-in-call-laptop.png` });
await bob.screenshot({ path: `${out}phone-in-call-phone.png` });
await alice.locator("dialog.call-dialog").getByRole("button", { name: "Hang up" }).click();
await alice.waitForTimeout(500);
await alice.screenshot({ path: `${out}phone-ready-laptop.png` });

// The same phone in French (laptop) and Japanese (phone-sized), after that call.
const aliceFr = await open("alice", "alice-local-demo", { width: 1280, height: 800 }, "fr-FR");
await aliceFr.locator("body").click({ position: { x: 2, y: 2 } });
await aliceFr.keyboard.type("02079460958");
await aliceFr.waitForTimeout(1500);
await aliceFr.screenshot({ path: `${out}phone-fr-laptop.png` });
const bobJa = await open("bob", "bob-local-demo", { width: 390, height: 844 }, "ja-JP");
await bobJa.waitForTimeout(1500);
await bobJa.screenshot({ path: `${out}phone-ja-phone.png` });
await browser.close();
console.log(`wrote screenshots to ${out}`);
