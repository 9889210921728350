import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium: Playwright's own browser download cannot work on an offline machine.
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // One worker: the tests share the two demo users, and a second worker's alice device would
  // answer the other's calls (the simulator rings every registered device of an identity).
  workers: 1,
  // "never": the default opens a report server on failure, which would hang a terminal run.
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    permissions: ["microphone"],
    // English unless a test asks for another language: the tests read the English words.
    locale: "en-US",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromiumPath,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            // The machine has no internet: stop Chromium's own background calls.
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
          ],
        },
      },
    },
  ],
});
