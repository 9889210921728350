import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { ALICE, BOB, type DemoUser } from "./fixtures/phone_page";
import { Softphone } from "./fixtures/softphone";

// OS integration (app/src/ui/phone/os_integration.rs), in Chromium: Media Session keys, the
// screen wake lock, the missed-call badge, notification Accept / Reject, phone-link handling.
// An init script records what the page asks of these APIs; the wake lock and the badge are
// stand-ins (headless Chromium has no screen to keep on and no app icon).

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

test.describe.configure({ mode: "serial" });

type Spy = {
  handlers: Record<string, ((details?: unknown) => void) | null>;
  microphoneActive: boolean[];
  wakeRequests: string[];
  wakeReleases: number;
  badges: number[];
  notifications: { title: string; options: any }[];
  protocolHandlers: [string, string][];
};

/** Runs before any page script: wraps the APIs and offers `__osSpy.setHidden(bool)`. */
function installSpy() {
  const spy: any = {
    handlers: {},
    microphoneActive: [],
    wakeRequests: [],
    wakeReleases: 0,
    badges: [],
    notifications: [],
    protocolHandlers: [],
    sentinels: [],
  };
  (globalThis as any).__osSpy = spy;

  const session: any = navigator.mediaSession;
  if (session) {
    const setActionHandler = session.setActionHandler.bind(session);
    session.setActionHandler = (action: string, handler: any) => {
      setActionHandler(action, handler);
      spy.handlers[action] = handler;
    };
    if (session.setMicrophoneActive) {
      const setMicrophoneActive = session.setMicrophoneActive.bind(session);
      session.setMicrophoneActive = (active: boolean) => {
        spy.microphoneActive.push(active);
        return setMicrophoneActive(active);
      };
    }
  }

  Object.defineProperty(navigator, "wakeLock", {
    configurable: true,
    value: {
      request(type: string) {
        spy.wakeRequests.push(type);
        const sentinel: any = new EventTarget();
        sentinel.type = type;
        sentinel.released = false;
        sentinel.release = () => {
          if (!sentinel.released) {
            sentinel.released = true;
            spy.wakeReleases++;
          }
          return Promise.resolve();
        };
        spy.sentinels.push(sentinel);
        return Promise.resolve(sentinel);
      },
    },
  });

  (navigator as any).setAppBadge = (n: number) => {
    spy.badges.push(n);
    return Promise.resolve();
  };
  (navigator as any).clearAppBadge = () => {
    spy.badges.push(0);
    return Promise.resolve();
  };

  if (typeof ServiceWorkerRegistration !== "undefined") {
    const show = ServiceWorkerRegistration.prototype.showNotification;
    ServiceWorkerRegistration.prototype.showNotification = function (title: string, options?: any) {
      spy.notifications.push({ title, options: JSON.parse(JSON.stringify(options ?? {})) });
      return show.call(this, title, options);
    };
  }

  if ((navigator as any).registerProtocolHandler) {
    const register = (navigator as any).registerProtocolHandler.bind(navigator);
    (navigator as any).registerProtocolHandler = (scheme: string, url: string) => {
      spy.protocolHandlers.push([scheme, url]);
      return register(scheme, url);
    };
  }

  // The page as the OS would leave it: a hidden tab loses its wake lock.
  spy.setHidden = (hidden: boolean) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
    if (hidden) for (const s of spy.sentinels) s.released = true;
    document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
  };
}

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function openSpied(browser: Browser, user: DemoUser): Promise<Softphone> {
  const context = await browser.newContext({ baseURL, permissions: ["microphone", "notifications"] });
  contexts.push(context);
  await context.addInitScript(installSpy);
  const phone = new Softphone(await context.newPage());
  await phone.open(user);
  return phone;
}

function spyOf(phone: Softphone): Promise<Spy> {
  return phone.page.evaluate(() => {
    const s = (globalThis as any).__osSpy;
    return {
      handlers: Object.fromEntries(Object.entries(s.handlers).map(([k, v]) => [k, v ? ("set" as any) : null])),
      microphoneActive: s.microphoneActive,
      wakeRequests: s.wakeRequests,
      wakeReleases: s.wakeReleases,
      badges: s.badges,
      notifications: s.notifications,
      protocolHandlers: s.protocolHandlers,
    };
  });
}

const setHidden = (phone: Softphone, hidden: boolean) =>
  phone.page.evaluate((h) => (globalThis as any).__osSpy.setHidden(h), hidden);

const pressMediaKey = (phone: Softphone, action: string) =>
  phone.page.evaluate((a) => (globalThis as any).__osSpy.handlers[a]({ action: a }), action);

async function inCall(alice: Softphone, bob: Softphone) {
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  await alice.dial(BOB.number);
  await expect(bob.incoming).toBeVisible({ timeout: 10_000 });
  await bob.incoming.getByRole("button", { name: "Accept" }).click();
  await expect(alice.inCall.locator(".call-dialog__phase")).toHaveText("In call", { timeout: 10_000 });
}

test("during a call the OS keys hang up and mute, and the screen stays on", async ({ browser }) => {
  const alice = await openSpied(browser, ALICE);
  const bob = await openSpied(browser, BOB);
  expect((await spyOf(alice)).handlers).toEqual({});
  await inCall(alice, bob);

  await expect.poll(() => alice.page.evaluate(() => navigator.mediaSession.metadata?.title)).toBe("bob");
  const during = await spyOf(alice);
  expect(during.handlers).toEqual({ hangup: "set", togglemicrophone: "set" });
  expect(during.wakeRequests).toEqual(["screen"]);
  expect(during.microphoneActive.at(-1)).toBe(true);

  // The headset's microphone key: the dialog's Mute, and the OS is told the mic is off.
  await pressMediaKey(alice, "togglemicrophone");
  await expect(alice.inCall.getByRole("button", { name: "Unmute" })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => (await spyOf(alice)).microphoneActive.at(-1)).toBe(false);

  // Hidden then shown again mid-call: the lock the browser dropped is asked for again.
  await setHidden(alice, true);
  await setHidden(alice, false);
  await expect.poll(async () => (await spyOf(alice)).wakeRequests.length).toBe(2);

  // The headset's hang-up key ends the call for both, and everything is given back.
  await pressMediaKey(alice, "hangup");
  await expect(alice.inCall).toBeHidden();
  await expect(bob.inCall).toBeHidden({ timeout: 10_000 });
  const after = await spyOf(alice);
  expect(after.handlers).toEqual({ hangup: null, togglemicrophone: null });
  expect(after.wakeReleases).toBe(1);
  expect(await alice.page.evaluate(() => navigator.mediaSession.metadata)).toBeNull();
  expect(alice.errors).toEqual([]);
  expect(bob.errors).toEqual([]);
});

/** alice and bob signed in, spied on and online, with bob's page hidden (his service worker ready). */
async function aliceAndHiddenBob(browser: Browser) {
  const alice = await openSpied(browser, ALICE);
  const bob = await openSpied(browser, BOB);
  await bob.page.evaluate(() => navigator.serviceWorker.ready);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  await setHidden(bob, true);
  return { alice, bob };
}

test("a call that rings out while hidden notifies with Accept / Reject and badges the app", async ({ browser }) => {
  const { alice, bob } = await aliceAndHiddenBob(browser);

  await alice.dial(BOB.number);
  await expect.poll(async () => (await spyOf(bob)).notifications.length, { timeout: 10_000 }).toBe(1);
  const { title, options } = (await spyOf(bob)).notifications[0];
  expect(title).toBe("Incoming call");
  expect(options.body).toBe("alice");
  expect(options.tag).toBe("softphone-incoming");
  expect(options.actions.map((a: any) => [a.action, a.title])).toEqual([
    ["accept", "Accept"],
    ["reject", "Reject"],
  ]);
  expect(options.data.callSid).toMatch(/^CA/);

  await alice.inCall.getByRole("button", { name: "Hang up" }).click();
  await expect(bob.incoming).toBeHidden({ timeout: 10_000 });
  await expect.poll(async () => (await spyOf(bob)).badges.at(-1)).toBe(1);
  // The notification went with the call.
  await expect
    .poll(() => bob.page.evaluate(async () => (await navigator.serviceWorker.ready).getNotifications({ tag: "softphone-incoming" }).then((n) => n.length)))
    .toBe(0);

  // Looking at the page again clears the badge.
  await setHidden(bob, false);
  await expect.poll(async () => (await spyOf(bob)).badges.at(-1)).toBe(0);
  expect(bob.errors).toEqual([]);
});

test("Accept on the notification answers the call it was shown for, and nothing else", async ({ browser }) => {
  const { alice, bob } = await aliceAndHiddenBob(browser);
  await alice.dial(BOB.number);
  await expect.poll(async () => (await spyOf(bob)).notifications.length, { timeout: 10_000 }).toBe(1);
  const callSid = (await spyOf(bob)).notifications[0].options.data.callSid;

  // What public/sw.js posts on a notification click.
  const relay = (action: string, sid: string) =>
    bob.page.evaluate(
      ([action, callSid]) =>
        navigator.serviceWorker.dispatchEvent(
          new MessageEvent("message", { data: { type: "incoming-call-action", action, callSid } }),
        ),
      [action, sid],
    );
  await relay("reject", "CA-some-other-call");
  await bob.page.waitForTimeout(300);
  await expect(bob.incoming).toBeVisible();

  // The real notification, clicked on "Accept": public/sw.js's click handler, run in the worker.
  const worker = bob.page.context().serviceWorkers()[0] ?? (await bob.page.context().waitForEvent("serviceworker"));
  const relayed = await worker.evaluate(async () => {
    const [shown] = await (self as any).registration.getNotifications({ tag: "softphone-incoming" });
    if (!shown) return "no notification shown";
    await (self as any).relayNotificationChoice(shown, "accept");
    return "relayed";
  });
  expect(relayed).toBe("relayed");
  await expect(bob.inCall.locator(".call-dialog__phase")).toHaveText("In call", { timeout: 10_000 });
  await expect(alice.inCall.locator(".call-dialog__phase")).toHaveText("In call", { timeout: 10_000 });
  // Answered: no badge, the notification is gone.
  expect((await spyOf(bob)).badges.filter((n) => n > 0)).toEqual([]);
  await expect
    .poll(() => bob.page.evaluate(async () => (await navigator.serviceWorker.ready).getNotifications({ tag: "softphone-incoming" }).then((n) => n.length)))
    .toBe(0);
  await bob.inCall.getByRole("button", { name: "Hang up" }).click();
  await expect(alice.inCall).toBeHidden({ timeout: 10_000 });
  expect(bob.errors).toEqual([]);
});

test("Reject on the notification declines the ringing call", async ({ browser }) => {
  const { alice, bob } = await aliceAndHiddenBob(browser);
  await alice.dial(BOB.number);
  await expect.poll(async () => (await spyOf(bob)).notifications.length, { timeout: 10_000 }).toBe(1);
  const callSid = (await spyOf(bob)).notifications[0].options.data.callSid;
  await bob.page.evaluate(
    (callSid) =>
      navigator.serviceWorker.dispatchEvent(
        new MessageEvent("message", { data: { type: "incoming-call-action", action: "reject", callSid } }),
      ),
    callSid,
  );
  await expect(bob.incoming).toBeHidden();
  await bob.page.getByText("Device activity").click();
  await expect(bob.page.getByRole("list", { name: "Device activity log" })).toContainText("reject from the notification");
  // Declined is not missed.
  expect((await spyOf(bob)).badges.filter((n) => n > 0)).toEqual([]);
  await alice.page.keyboard.press("Escape");
});

test("Handle phone links registers web+softphone: (and tries tel:) to open the dial pad", async ({ browser }) => {
  const alice = await openSpied(browser, ALICE);
  const button = alice.page.getByRole("button", { name: "Handle phone links" });
  await expect(button).toBeVisible();
  await button.click();
  await expect(alice.page.getByRole("button", { name: "Phone links open here" })).toHaveAttribute("aria-pressed", "true");
  expect((await spyOf(alice)).protocolHandlers).toEqual([
    ["web+softphone", "/?dial=%s"],
    ["tel", "/?dial=%s"],
  ]);
  expect(alice.errors).toEqual([]);
});
