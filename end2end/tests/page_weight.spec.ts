import { test, expect } from "@playwright/test";
import { ALICE, signIn } from "./fixtures/phone_page";
// A plain ES module, shared with tools/page-weight.mjs (scripts/page-weight).
import { firstLoadWeight } from "../tools/first-load.mjs";

/**
 * Brotli bytes a signed-in first load of the phone page may fetch, everything before the dial pad
 * works (the Twilio SDK comes later, with Go online). Issue 19's target is 200 KB; the page is
 * not there yet (README "Measuring the server": the wasm is nearly all of it), so this budget is
 * a ratchet a little above today's bytes, to be lowered with every cut and never raised without
 * saying why. Bytes are stable from run to run; times are not, and are only reported.
 */
const FIRST_LOAD_BROTLI_BUDGET = 780_000;

test("a signed-in first load of the phone stays within its byte budget", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, ALICE);
  await page.waitForURL(`${baseURL}/`);
  await page.close();

  const { rows, total } = await firstLoadWeight(context);
  const report = rows.map((r) => `${String(r.brotli).padStart(8)}  ${r.url}`).join("\n");
  console.log(`first load: ${total.brotli} bytes brotli (budget ${FIRST_LOAD_BROTLI_BUDGET})\n${report}`);
  expect(rows.some((r) => r.url.endsWith(".wasm")), report).toBe(true);
  expect(total.brotli, report).toBeLessThanOrEqual(FIRST_LOAD_BROTLI_BUDGET);
  await context.close();
});
