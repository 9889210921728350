// Page-weight and hydration report: what a signed-in first load of the phone page fetches (raw,
// gzip -9, brotli -q11 of each response body) and how long hydration takes in Chromium, against a
// running server (BASE_URL, default http://127.0.0.1:3000, local mode for the demo user).
//
// Hydration is reported next to DOMContentLoaded of the same load, as a ratio, so a slow or busy
// machine shifts both and the ratio stays comparable between runs.
import { chromium } from "@playwright/test";
import { firstLoadWeight } from "./first-load.mjs";

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const runs = Number(process.env.RUNS ?? 5);
const user = { name: process.env.USER_NAME ?? "alice", password: process.env.USER_PASSWORD ?? "alice-local-demo" };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});

async function signedInContext() {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto("/login");
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseURL}/`);
  await page.close();
  return context;
}

// 1. Weight: every response of one cold load of "/".
const context = await signedInContext();
const { rows, total } = await firstLoadWeight(context);
const pad = (s, n) => String(s).padStart(n);
console.log(`First load of / (signed in) from ${baseURL}: ${rows.length} responses`);
console.log(`${"raw".padStart(10)} ${"gzip".padStart(10)} ${"brotli".padStart(10)}  path (type)`);
for (const r of rows) console.log(`${pad(r.raw, 10)} ${pad(r.gzip, 10)} ${pad(r.brotli, 10)}  ${r.url} (${r.type})`);
console.log(`${pad(total.raw, 10)} ${pad(total.gzip, 10)} ${pad(total.brotli, 10)}  total`);

// 2. Hydration: time from navigation start until the app marks <html data-hydrated>.
const samples = [];
for (let i = 0; i < runs; i++) {
  const p = await context.newPage();
  await p.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.documentElement.hasAttribute("data-hydrated")) {
        globalThis.__hydratedAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-hydrated"] });
  });
  await p.goto("/");
  await p.locator("html[data-hydrated]").waitFor({ state: "attached" });
  const t = await p.evaluate(() => ({
    hydrated: globalThis.__hydratedAt,
    domContentLoaded: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
  }));
  samples.push(t);
  await p.close();
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const hydrated = median(samples.map((s) => s.hydrated));
const dcl = median(samples.map((s) => s.domContentLoaded));
console.log(`\nHydration over ${runs} warm loads (median): ${hydrated.toFixed(0)} ms after navigation start;`);
console.log(`DOMContentLoaded (baseline, same loads): ${dcl.toFixed(0)} ms; hydration / DOMContentLoaded = ${(hydrated / dcl).toFixed(2)}`);
await browser.close();
