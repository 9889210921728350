import { expect, test } from "@playwright/test";
import { DEMO_SHOW, openConsole } from "./fixtures/console";
import { DJ, SCREENER } from "./fixtures/phone_page";
import { SimPhone } from "./fixtures/sim_phone";
import { closeOpened } from "./fixtures/softphone";

// The README's screenshots of a running show. Only with SCREENSHOTS=1 (they are files in
// docs/images/, not checks): `cd end2end && SCREENSHOTS=1 npx playwright test screenshots`
// against a running local-mode server.

test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to write docs/images/");
test.afterEach(closeOpened);

test("the host's and the screener's consoles during a show", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const screener = await openConsole(browser, baseURL!, SCREENER);
  const host = await openConsole(browser, baseURL!, DJ);
  for (const p of [screener.page, host.page]) await p.setViewportSize({ width: 1280, height: 900 });
  const callers = [];
  for (const number of ["+442079460981", "+442079460982", "+442079460983"]) {
    const context = await browser.newContext({ baseURL });
    const phone = new SimPhone(await context.newPage(), number);
    await phone.switchOn();
    await phone.call(DEMO_SHOW.hotline);
    await expect(phone.page.locator("#log")).toContainText("in line", { timeout: 15_000 });
    callers.push(phone);
  }
  await screener.phone.goOnlineAndWaitReady();
  await screener.press("Screen", "+44 20 7946 0982");
  await screener.phone.incoming.getByRole("button", { name: "Accept" }).click();
  const card = screener.line("+44 20 7946 0982");
  await card.getByLabel("Name").fill("Ann");
  await card.getByLabel("From").fill("Leeds");
  await card.getByLabel("Topic").fill("potholes on the ring road");
  await card.getByLabel("Note for the host").fill("calm, first time on air");
  await card.getByRole("button", { name: "Save card" }).click();
  await expect(host.line("+44 20 7946 0982")).toContainText("Ann");
  await screener.page.waitForTimeout(2500);
  await screener.page.screenshot({ path: "../docs/images/console-screener.png", fullPage: true });
  await screener.press("Ready", "Ann");
  await host.phone.goOnlineAndWaitReady();
  await host.page.getByRole("button", { name: "Next caller" }).click();
  await host.phone.incoming.getByRole("button", { name: "Accept" }).click();
  await expect(host.line("+44 20 7946 0982")).toContainText("On air", { timeout: 10_000 });
  await host.page.waitForTimeout(2500);
  await host.page.screenshot({ path: "../docs/images/console-host.png", fullPage: true });
  for (const c of callers) await c.page.context().close();
});
