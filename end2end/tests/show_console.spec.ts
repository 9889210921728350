import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO_SHOW, openConsole } from "./fixtures/console";
import { DJ, SCREENER } from "./fixtures/phone_page";
import { SimPhone } from "./fixtures/sim_phone";
import { closeOpened } from "./fixtures/softphone";

// Issue 17: the call-in show's console in local mode: simulated phones ring the demo show's
// hotline, the screener's and the host's consoles follow live (no reload), and the screener
// talks to a caller in the browser.

const listeners: import("@playwright/test").BrowserContext[] = [];

test.afterEach(async () => {
  await closeOpened();
  await Promise.all(listeners.splice(0).map((c) => c.close()));
});

/** A simulated phone on its own page, switched on. */
async function listener(browser: import("@playwright/test").Browser, number: string) {
  const context = await browser.newContext();
  listeners.push(context);
  const phone = new SimPhone(await context.newPage(), number);
  await phone.switchOn();
  return phone;
}

test("a caller appears live on both consoles; the screener talks to them in the browser and the host sees the card", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const screener = await openConsole(browser, baseURL!, SCREENER);
  const host = await openConsole(browser, baseURL!, DJ);
  await expect(host.page.getByRole("button", { name: "Next caller" })).toBeVisible();
  await expect(screener.page.getByRole("button", { name: "Next caller" })).toHaveCount(0);

  const caller = await listener(browser, "+442079460974");
  await caller.call(DEMO_SHOW.hotline);
  for (const console of [screener, host]) {
    await expect(console.line("+44 20 7946 0974")).toContainText("Waiting", { timeout: 10_000 });
  }
  // Once past the greeting, our count is Twilio's (the Queue resource, read by the server).
  await expect(caller.page.locator("#log")).toContainText("in line", { timeout: 15_000 });
  await expect(host.figure("waiting")).not.toHaveText("0");
  await host.expectFiguresMatchTwilio();

  await screener.phone.goOnlineAndWaitReady();
  await screener.press("Screen", "+44 20 7946 0974");
  await expect(screener.phone.incoming).toBeVisible({ timeout: 10_000 });
  await screener.phone.incoming.getByRole("button", { name: "Accept" }).click();
  await expect(host.line("+44 20 7946 0974")).toContainText("Screening");
  await host.expectFiguresMatchTwilio();
  await caller.expectAudioBothWays();

  const card = screener.line("+44 20 7946 0974");
  await card.getByLabel("Name").fill("Ann");
  await card.getByLabel("From").fill("Leeds");
  await card.getByLabel("Topic").fill("potholes");
  await card.getByLabel("Note for the host").fill("first time caller");
  await card.getByRole("button", { name: "Save card" }).click();
  await expect(host.line("+44 20 7946 0974")).toContainText("Ann · Leeds · potholes");
  await expect(host.line("+44 20 7946 0974")).toContainText("Note: first time caller");

  // Screened: back on hold, ready; the screener's call ends.
  await screener.press("Ready", "Ann");
  await expect(host.line("+44 20 7946 0974")).toContainText("Ready", { timeout: 10_000 });
  await expect(screener.phone.inCall).toBeHidden({ timeout: 10_000 });

  // The host goes on air: Next takes the ready caller into the host's browser, with the
  // screener's card whispered to the host alone before the bridge.
  await host.phone.goOnlineAndWaitReady();
  // The classic hotline's key for "next caller": `*` anywhere but in a text field.
  await expect(host.page.getByRole("button", { name: "Next caller" })).toHaveAttribute("aria-keyshortcuts", "*");
  await host.page.locator("h1").click();
  await host.page.keyboard.press("*");
  await expect(host.phone.numberField).toHaveValue("", { timeout: 1_000 });
  await expect(host.phone.incoming).toBeVisible({ timeout: 10_000 });
  await host.phone.incoming.getByRole("button", { name: "Accept" }).click();
  await expect(host.page.getByLabel("Device activity log")).toContainText(
    "On air: Ann, from Leeds. Topic: potholes. Note: first time caller.",
    { timeout: 10_000 },
  );
  await expect(screener.line("+44 20 7946 0974")).toContainText("On air");
  await screener.expectFiguresMatchTwilio();
  await expect(caller.page.locator("#log")).not.toContainText("On air: Ann");
  // The whisper is not a refusal: the host's call is in call, its timer running.
  await expect(host.phone.inCall.locator(".call-dialog__phase")).toHaveText("In call");
  await caller.expectAudioBothWays();

  await caller.hangUp();
  await expect(host.line("+44 20 7946 0974")).toContainText("Ended", { timeout: 10_000 });
  await expect(host.page.locator(".phone--embedded p.notice")).toHaveText(/^Call ended · \d\d:\d\d$/, { timeout: 10_000 });
  await expect(screener.line("+44 20 7946 0974")).toContainText("Ended");
});

test("a caller who hangs up while waiting leaves every console at once", async ({ browser, baseURL }) => {
  const host = await openConsole(browser, baseURL!, DJ);
  const caller = await listener(browser, "+442079460972");
  await caller.call(DEMO_SHOW.hotline);
  await expect(host.line("+44 20 7946 0972")).toContainText("Waiting", { timeout: 10_000 });
  // Past the greeting, holding in Twilio's queue (the waitUrl told them their place).
  await expect(caller.page.locator("#log")).toContainText("in line", { timeout: 10_000 });
  await host.expectFiguresMatchTwilio();
  await caller.hangUp();
  await expect(host.line("+44 20 7946 0972")).toContainText("Ended", { timeout: 10_000 });
  await expect(host.figure("waiting")).toHaveText("0");
  await host.expectFiguresMatchTwilio();
});

test("closed lines: the next caller is told so and never enters the queue", async ({ browser, baseURL }) => {
  const host = await openConsole(browser, baseURL!, DJ);
  const screener = await openConsole(browser, baseURL!, SCREENER);
  await host.page.getByRole("button", { name: "Lines open — close them" }).click();
  await expect(screener.page.getByRole("button", { name: "Lines closed — open them" })).toBeVisible();
  try {
    const caller = await listener(browser, "+442079460973");
    await caller.call(DEMO_SHOW.hotline);
    await expect(caller.page.locator("#log")).toContainText("lines are closed", { timeout: 10_000 });
    await expect(host.line("+44 20 7946 0973")).toHaveCount(0);
  } finally {
    await screener.page.getByRole("button", { name: "Lines closed — open them" }).click();
    await expect(host.page.getByRole("button", { name: "Lines open — close them" })).toBeVisible();
  }
});

test("a stranger's console reads as not found", async ({ browser, baseURL }) => {
  const host = await openConsole(browser, baseURL!, DJ);
  await host.page.goto("/shows/no-such-show");
  await expect(host.page.getByRole("heading", { name: "Show not found" })).toBeVisible();
});

test("Twilio's Python helper library reads the simulator's queue, member and call; its hang-up ends the line on every console", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000); // the first run installs the library into a venv
  const host = await openConsole(browser, baseURL!, DJ);
  const caller = await listener(browser, "+442079460976");
  await caller.call(DEMO_SHOW.hotline);
  await expect(caller.page.locator("#log")).toContainText("in line", { timeout: 15_000 });
  const line = host.line("+44 20 7946 0976");
  await expect(line).toContainText("Waiting");
  const callSid = (await line.getAttribute("data-call"))!;
  // The server's data directory (scripts/test passes a fresh one as DATA_DIR).
  const dataDir = path.resolve("..", process.env.DATA_DIR ?? "data");
  const out = execFileSync(
    "../scripts/check-sim-rest",
    ["--base", baseURL!, "--account", path.join(dataDir, "local-twilio-account.json"),
     "--queue", `hold-${DEMO_SHOW.name}`, "--member", callSid, "--hang-up"],
    { encoding: "utf8", timeout: 110_000 },
  );
  const read = JSON.parse(out.trim().split("\n").pop()!);
  expect(read.call_status).toBe("in-progress");
  expect(read.member_position).toBeGreaterThanOrEqual(1);
  await expect(line).toContainText("Ended", { timeout: 10_000 });
  await caller.expectStatus("ready");
});

test("a listener calls in from the browser, sees their place in line, then the On air light", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const host = await openConsole(browser, baseURL!, DJ);
  const context = await browser.newContext({ baseURL, permissions: ["microphone"] });
  listeners.push(context);
  const page = await context.newPage();
  await page.goto(`/call/${DEMO_SHOW.name}`);
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await page.getByLabel("Your name").fill("Lee");
  await page.getByLabel("What would you like to talk about?").fill("bin collections");
  await page.getByRole("button", { name: "Call the show" }).click();
  await expect(page.getByRole("status")).toContainText("in line", { timeout: 15_000 });
  const line = host.page.locator("li.line").filter({ hasText: "Lee · bin collections" }).first();
  await expect(line).toContainText("Waiting");
  await expect(line).toContainText("withheld");

  await host.phone.goOnlineAndWaitReady();
  await host.page.getByRole("button", { name: "Next caller" }).click();
  await expect(host.phone.incoming).toBeVisible({ timeout: 10_000 });
  await host.phone.incoming.getByRole("button", { name: "Accept" }).click();
  await expect(page.locator(".on-air-light--on")).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole("status")).toHaveText("You are on air!");
  await expect(line).toContainText("On air");

  await page.getByRole("button", { name: "Hang up" }).click();
  await expect(page.getByRole("status")).toContainText("Thank you for calling");
  await expect(line).toContainText("Ended", { timeout: 10_000 });
});
