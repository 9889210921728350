import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ALICE, BOB } from "./fixtures/phone_page";
import { Softphone, closeOpened, connectCall, openAs } from "./fixtures/softphone";
import { SimPhone } from "./fixtures/sim_phone";

// The phone tells the truth (issue 16): a blocked microphone, how every call ended, losing the
// network, other tabs and sign-out, and a browser clock hours off the server's.

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const UNSIMULATED = "+442079460958";

test.describe.configure({ mode: "serial" });

const extra: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(extra.splice(0).map((c) => c.close()));
  await closeOpened();
});

/** Records every text the notice, the call phase and the status showed, and whether a timer ever appeared. */
function recordTexts() {
  const w = globalThis as any;
  w.__seen = { notice: [] as string[], phase: [] as string[], status: [] as string[], timer: false };
  const last: Record<string, string | undefined> = {};
  const look = () => {
    for (const [key, selector] of [
      ["notice", "p.notice"],
      ["phase", ".call-dialog__phase"],
      ["status", "p.status"],
    ]) {
      const el = document.querySelector(selector);
      const text = el ? (el.textContent ?? "") : undefined;
      if (text !== undefined && text !== last[key]) {
        last[key] = text;
        w.__seen[key].push(text);
      }
    }
    if (document.querySelector(".call-timer")) w.__seen.timer = true;
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
}

type Seen = { notice: string[]; phase: string[]; status: string[]; timer: boolean };
async function seen(phone: Softphone): Promise<Seen> {
  return phone.page.evaluate(() => (globalThis as any).__seen);
}

/** A signed-in user in a fresh context, with `init` scripts run before the page's own. */
async function openWith(
  browser: Browser,
  user: typeof ALICE,
  options: { permissions?: string[]; init?: Array<[(arg: any) => void, any?]> } = {},
): Promise<Softphone> {
  const context = await browser.newContext({ baseURL, permissions: options.permissions ?? ["microphone"] });
  extra.push(context);
  await context.addInitScript(recordTexts);
  for (const [script, arg] of options.init ?? []) await context.addInitScript(script, arg);
  const phone = new Softphone(await context.newPage());
  await phone.open(user);
  return phone;
}

/** getUserMedia fails as it does when the user blocked the microphone for the site. */
function blockMicrophone() {
  const md = navigator.mediaDevices;
  if (md) {
    md.getUserMedia = () => Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
  }
}

/** The browser's wall clock runs `offsetMs` off: Date.now() and new Date(). */
function skewClock(offsetMs: number) {
  const RealDate = Date;
  class SkewedDate extends RealDate {
    constructor(...args: any[]) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...(args as [any]));
    }
    static now() {
      return RealDate.now() + offsetMs;
    }
  }
  (globalThis as any).Date = SkewedDate;
}

async function activityLog(phone: Softphone): Promise<string> {
  const summary = phone.page.locator("summary", { hasText: "Device activity" });
  const list = phone.page.getByRole("list", { name: "Device activity log" });
  if (!(await list.isVisible())) await summary.click();
  return (await list.textContent()) ?? "";
}

// 1. A blocked microphone

test("with the microphone blocked the status says so, never Ready, and Accept says why", async ({ browser }) => {
  const alice = await openWith(browser, ALICE, { permissions: [], init: [[blockMicrophone]] });
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnline.click();
  await expect(alice.status).toHaveAttribute("data-state", "microphone", { timeout: 15_000 });
  await expect(alice.status).toContainText("Microphone blocked");
  await expect(alice.status).toContainText("Allow the microphone");
  await expect(alice.goOnline).toHaveText("Check microphone");
  expect((await seen(alice)).status).not.toContain("Ready");

  // Calls still ring; Accept says why it can't, and bob's call ends instead of ringing on.
  await bob.goOnlineAndWaitReady();
  await bob.dial(ALICE.number);
  await expect(alice.incoming).toBeVisible({ timeout: 10_000 });
  await alice.incoming.getByRole("button", { name: "Accept" }).click();
  await expect(alice.notice).toContainText("Couldn't answer: the microphone is blocked", { timeout: 5_000 });
  await expect(alice.incoming).toBeHidden();
  await expect(alice.inCall).toBeHidden();
  await expect(bob.inCall).toBeHidden({ timeout: 15_000 });
  await expect(bob.notice).toHaveText(/alice is busy|Call rejected|No answer/);
});

test("every attempt with the microphone blocked re-announces the notice", async ({ browser }) => {
  const alice = await openWith(browser, ALICE, { permissions: [], init: [[blockMicrophone]] });
  await alice.goOnline.click();
  await expect(alice.status).toHaveAttribute("data-state", "microphone", { timeout: 15_000 });
  await alice.dial(BOB.number);
  await expect(alice.notice).toContainText("Couldn't call: the microphone is blocked");
  await alice.callButton.click();
  await expect(alice.notice).toContainText("Couldn't call: the microphone is blocked");
  await alice.page.waitForTimeout(500);
  const notices = (await seen(alice)).notice.filter((n) => n.startsWith("Couldn't call"));
  expect(notices.length, "the same words were set twice, with a clear between").toBeGreaterThanOrEqual(2);
  await expect(alice.inCall).toBeHidden();
});

// 2. Every call says how it ended

test("calling a colleague who is offline ends with a reason, never In call or a timer", async ({ browser }) => {
  const alice = await openWith(browser, ALICE);
  await alice.goOnlineAndWaitReady();
  await alice.dial(BOB.number);
  await expect(alice.notice).toHaveText(/bob is offline|No answer/, { timeout: 15_000 });
  await expect(alice.inCall).toBeHidden();
  const s = await seen(alice);
  expect(s.phase).not.toContain("In call");
  expect(s.timer).toBe(false);
});

test("calling a number nobody simulates ends with a clear message, never In call or a timer", async ({ browser }) => {
  const alice = await openWith(browser, ALICE);
  await alice.goOnlineAndWaitReady();
  await alice.dial(UNSIMULATED);
  await expect(alice.notice).toHaveText(/No answer|Number not reachable/, { timeout: 15_000 });
  await expect(alice.inCall).toBeHidden();
  const s = await seen(alice);
  expect(s.phase).not.toContain("In call");
  expect(s.timer).toBe(false);
});

test("a call that was answered and hung up says how long it lasted, on both sides", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  await connectCall(alice, bob, BOB.number);
  await alice.page.waitForTimeout(1_200);
  await alice.inCall.getByRole("button", { name: "Hang up" }).click();
  await expect(alice.notice).toHaveText(/^Call ended · 00:0\d$/);
  await expect(bob.notice).toHaveText(/^Call ended · 00:0\d$/, { timeout: 10_000 });
});

test("bob rejecting alice's call tells alice", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  await alice.dial(BOB.number);
  await expect(bob.incoming).toBeVisible({ timeout: 10_000 });
  await bob.incoming.getByRole("button", { name: "Reject" }).click();
  await expect(bob.notice).toHaveText("Call rejected");
  await expect(alice.notice).toHaveText(/bob is busy|Call rejected/, { timeout: 15_000 });
  await expect(alice.inCall).toBeHidden();
});

// 3. Losing the network

test("going offline shows at once in plain words, and coming back makes it Ready", async ({ browser }) => {
  const alice = await openWith(browser, ALICE);
  await alice.goOnlineAndWaitReady();
  await alice.page.context().setOffline(true);
  await expect(alice.status).toHaveText("Can't reach the server — retrying…", { timeout: 1_000 });
  await expect(alice.goOnline).toBeHidden();
  await alice.page.waitForTimeout(3_000);
  await expect(alice.status).not.toContainText("TypeError");
  await expect(alice.status).not.toContainText("(error");
  await alice.page.context().setOffline(false);
  await expect(alice.status).toHaveText("Ready", { timeout: 20_000 });
  expect((await seen(alice)).status.join("\n")).not.toMatch(/Failed to fetch|\(error \d+\)/);
});

// 4. Tabs and sign-out

test("signing out in one tab stops the phone in the other tabs", async ({ browser }) => {
  const first = await openWith(browser, ALICE);
  await first.goOnlineAndWaitReady();
  const second = new Softphone(await first.page.context().newPage());
  await second.page.goto("/");
  await second.page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await second.page.getByRole("button", { name: "Sign out" }).click();
  await expect(second.page).toHaveURL(/\/login/);
  await expect(first.status).toHaveText("Signed out — sign in again", { timeout: 10_000 });
  await expect(first.goOnline).toHaveText("Sign in");
});

test("a 401 on token refresh ends the phone instead of retrying forever", async ({ browser }) => {
  const context = await browser.newContext({ baseURL, permissions: ["microphone"] });
  extra.push(context);
  const alice = new Softphone(await context.newPage());
  await alice.page.clock.install();
  await alice.open(ALICE);
  await alice.goOnlineAndWaitReady();
  // The session ends behind this tab's back (no form, no message to the other tabs).
  const status = await alice.page.evaluate(async () => (await fetch("/api/logout", { method: "POST" })).status);
  expect(status).toBeLessThan(400);
  let tokenRequests = 0;
  alice.page.on("request", (r) => {
    if (r.url().includes("/api/token")) tokenRequests++;
  });
  await alice.page.clock.fastForward("56:00");
  await expect(alice.status).toHaveText("Signed out — sign in again", { timeout: 10_000 });
  await alice.page.clock.fastForward("10:00");
  await alice.page.waitForTimeout(500);
  expect(tokenRequests, "one refused refresh, then no more").toBe(1);
});

test("a second call while the first still rings is declined as busy and said, not dropped", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  const outside = new SimPhone(await (await browser.newContext({ baseURL })).newPage(), "+442079460977");
  extra.push(outside.page.context());
  await outside.switchOn();

  await bob.dial(ALICE.number);
  await expect(alice.incoming).toBeVisible({ timeout: 10_000 });
  await outside.call(ALICE.number);
  await expect(alice.notice).toContainText("called while you were on another call", { timeout: 10_000 });
  await expect(alice.incoming).toContainText("bob");
  await alice.incoming.getByRole("button", { name: "Accept" }).click();
  await expect(alice.inCall.locator(".call-dialog__phase")).toHaveText("In call", { timeout: 10_000 });
});

test("a tab busy in a call when another takes over steps down as soon as the call ends", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  await connectCall(bob, alice, ALICE.number);
  const second = new Softphone(await alice.page.context().newPage());
  await second.page.goto("/");
  await second.page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await second.goOnlineAndWaitReady();
  await expect(alice.inCall.locator(".call-dialog__phase")).toHaveText("In call");
  await bob.inCall.getByRole("button", { name: "Hang up" }).click();
  await expect(alice.status).toHaveText("Active in another tab", { timeout: 10_000 });
  // Only the new tab rings now.
  await bob.dial(ALICE.number);
  await expect(second.incoming).toBeVisible({ timeout: 10_000 });
  await expect(alice.incoming).toBeHidden();
});

// 5. A browser clock hours off the server's

for (const hours of [-5, 5]) {
  test(`with the browser clock ${hours} h off, the token plan is sane and calls time correctly`, async ({ browser }) => {
    const alice = await openWith(browser, ALICE, { init: [[skewClock, hours * 3_600_000]] });
    const bob = await openAs(browser, baseURL, BOB);
    let tokenRequests = 0;
    alice.page.on("request", (r) => {
      if (r.url().includes("/api/token")) tokenRequests++;
    });
    await alice.goOnlineAndWaitReady();
    await bob.goOnlineAndWaitReady();
    expect(await activityLog(alice)).toMatch(/valid 3600 s; next refresh in 3[23]\d\d s/);
    await connectCall(alice, bob, BOB.number);
    await alice.page.waitForTimeout(2_500);
    const elapsed = await alice.elapsedSeconds();
    expect(elapsed).toBeGreaterThanOrEqual(1);
    expect(elapsed).toBeLessThanOrEqual(5);
    await alice.inCall.getByRole("button", { name: "Hang up" }).click();
    await expect(alice.notice).toHaveText(/^Call ended · 00:0\d$/);
    expect(tokenRequests, "one token, no refresh storm").toBe(1);
  });
}

// The in-call dialog by keyboard (a11y audit §5 fixes 6 and 9)

test("in a connected call Escape does not hang up, and typed digits send DTMF", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  await connectCall(alice, bob, BOB.number);
  await alice.page.keyboard.press("Escape");
  await alice.page.waitForTimeout(500);
  await expect(alice.inCall).toBeVisible();
  await expect(alice.inCall.locator(".call-dialog__phase")).toHaveText("In call");
  await alice.page.keyboard.type("5#");
  await expect(alice.inCall.locator(".call-dialog__digits")).toHaveText("5#");
  await alice.inCall.getByRole("button", { name: "Hang up" }).click();
  await expect(alice.inCall).toBeHidden();
  expect(await activityLog(alice)).toContain("sent DTMF #");
});
