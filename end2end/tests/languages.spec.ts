import { expect, test, type Browser, type Page } from "@playwright/test";
import { seriousViolations } from "./fixtures/axe";
import { ALICE, DJ, collectPageErrors, waitForHydration, type DemoUser } from "./fixtures/phone_page";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A message as the app's translation files have it (app/locales/<lang>/<namespace>.json). */
function words(lang: string, key: string): string {
  const [namespace, name] = key.split(".");
  const file = join(__dirname, "..", "..", "app", "locales", lang, `${namespace}.json`);
  return JSON.parse(readFileSync(file, "utf8"))[name];
}

// English, French and Japanese: the browser's language decides the first page, the menu switches
// every word at once and is remembered (a cookie), and each language passes axe.

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

/** Signs in by the form's field names, which read the same in every language. */
async function signInAnyLanguage(page: Page, user: DemoUser) {
  await page.goto("/login");
  await waitForHydration(page);
  await page.locator('input[name="name"]').fill(user.name);
  await page.locator('input[name="password"]').fill(user.password);
  await page.locator('form.login__form [type="submit"]').click();
  await expect(page).toHaveURL("/");
  await waitForHydration(page);
}

async function pageIn(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale, permissions: ["microphone"] });
  return context.newPage();
}

test("the browser's language picks the first page's language, lang attribute included", async ({ browser }) => {
  for (const [locale, lang] of [
    ["fr-FR", "fr"],
    ["ja-JP", "ja"],
    ["en-GB", "en"],
  ]) {
    const signIn = words(lang, "admin.sign_in");
    const page = await pageIn(browser, locale);
    // Before any script runs: the server rendered it in that language.
    const response = await page.request.get("/login", { headers: { "Accept-Language": locale } });
    const html = await response.text();
    expect(html).toContain(`<html lang="${lang}"`);
    await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(signIn);
    await page.context().close();
  }
});

test("the language menu switches every word at once and is remembered after sign-in and reload", async ({ browser }) => {
  const page = await pageIn(browser, "en-US");
  const errors = collectPageErrors(page);
  await page.goto("/login");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  expect(words("fr", "admin.sign_in")).not.toEqual("Sign in");
  await page.getByRole("combobox", { name: "Language" }).selectOption("fr");
  // No reload: the words change in place.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(words("fr", "admin.sign_in"));
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await signInAnyLanguage(page, ALICE);
  await expect(page.getByRole("button", { name: "Se déconnecter" })).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByRole("button", { name: "Se déconnecter" })).toBeVisible();
  await page.getByRole("combobox", { name: "Langue" }).selectOption("ja");
  await expect(page.getByRole("button", { name: "ログアウト" })).toBeVisible();
  await page.goto("/contacts");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  expect(errors).toEqual([]);
  await page.context().close();
});

for (const locale of ["fr-FR", "ja-JP"]) {
  test(`axe finds nothing serious in ${locale}: login, phone, contacts, admin, call-in, show console`, async ({ browser }) => {
    const context = await browser.newContext({ baseURL, locale, bypassCSP: true, permissions: ["microphone"] });
    const page = await context.newPage();
    const failures: string[] = [];
    const check = async (state: string) => {
      for (const v of await seriousViolations(page)) {
        failures.push(`${locale} ${state} [${v.scheme}] ${v.impact} ${v.id}: ${v.targets.join(", ")} — ${v.summary}`);
      }
    };
    await page.goto("/login");
    await waitForHydration(page);
    await check("/login");
    await signInAnyLanguage(page, ALICE);
    await check("/");
    await page.goto("/contacts");
    await waitForHydration(page);
    await check("/contacts");
    await page.goto("/admin");
    await waitForHydration(page);
    await check("/admin");
    await page.goto("/call/call-in");
    await waitForHydration(page);
    await check("/call/call-in");
    await context.close();

    const host = await browser.newContext({ baseURL, locale, bypassCSP: true, permissions: ["microphone"] });
    const hostPage = await host.newPage();
    await signInAnyLanguage(hostPage, DJ);
    await hostPage.goto("/shows/call-in");
    await waitForHydration(hostPage);
    for (const v of await seriousViolations(hostPage)) {
      failures.push(`${locale} /shows/call-in [${v.scheme}] ${v.impact} ${v.id}: ${v.targets.join(", ")} — ${v.summary}`);
    }
    await host.close();
    expect(failures, failures.join("\n")).toEqual([]);
  });
}
