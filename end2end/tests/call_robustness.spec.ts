import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ALICE, BOB } from "./fixtures/phone_page";
import { closeOpened, connectCall, openAs } from "./fixtures/softphone";

// Field problems of the Twilio SDK that the phone must survive (docs/sdk-field-notes.md), through the local
// simulator with the real SDK.

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

test.describe.configure({ mode: "serial" });
test.afterEach(closeOpened);

test("a reload during a call hangs the call up for the other side: no ghost call", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const bob = await openAs(browser, baseURL, BOB);
  await alice.goOnlineAndWaitReady();
  await bob.goOnlineAndWaitReady();
  await connectCall(alice, bob, BOB.number);

  await alice.page.reload();
  // The SDK hangs up on pagehide; bob's call ends well inside the simulator's reconnect window.
  await expect(bob.inCall).toBeHidden({ timeout: 8_000 });
  await expect(bob.status).toHaveText("Ready");
  await expect(alice.inCall).toBeHidden();
});

/** A port nobody listens on now (the OS picks it), so a stale server can't answer instead. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A second server whose tokens live 60 s (the shortest allowed), so one refreshes mid-call. */
async function startShortTokenServer(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const root = path.resolve(__dirname, "../..");
  const dataDir = mkdtempSync(path.join(tmpdir(), "softphone-e2e-ttl-"));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("TWILIO_") && !["TWIML_APP_SID", "PUBLIC_BASE_URL", "DATABASE_URL"].includes(k)) {
      env[k] = v;
    }
  }
  Object.assign(env, {
    DATA_DIR: dataDir,
    TOKEN_TTL_SECONDS: "60",
    LEPTOS_OUTPUT_NAME: "softphone",
    LEPTOS_SITE_ROOT: "target/site",
    LEPTOS_SITE_PKG_DIR: "pkg",
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_HASH_FILES: "true",
    RUST_LOG: process.env.SHORT_TTL_SERVER_LOG ? "info" : "warn",
  });
  const log = process.env.SHORT_TTL_SERVER_LOG;
  const out = log ? require("node:fs").openSync(log, "w") : "ignore";
  const child: ChildProcess = spawn(path.join(root, "target/release/server"), [], { cwd: root, env, stdio: ["ignore", out, out] });
  const url = `http://127.0.0.1:${port}`;
  let exited: number | null = null;
  child.on("exit", (code) => (exited = code ?? -1));
  for (let i = 0; ; i++) {
    if (exited !== null) throw new Error(`the short-token server exited with ${exited}`);
    if (i === 100) throw new Error(`the short-token server did not answer on ${url}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () => {
      child.kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

test("a token refreshed in the middle of a call keeps the call up", async ({ browser }) => {
  test.setTimeout(90_000);
  const server = await startShortTokenServer();
  try {
    const alice = await openAs(browser, server.url, ALICE);
    const bob = await openAs(browser, server.url, BOB);
    // Every token the SDK presents goes out in a `listen` frame on the signaling socket.
    const tokensSent: string[] = [];
    alice.page.on("websocket", (ws) =>
      ws.on("framesent", ({ payload }) => {
        const frame = typeof payload === "string" && payload.trim() ? JSON.parse(payload) : null;
        if (frame?.type === "listen") tokensSent.push(frame.payload.token);
      }),
    );
    await alice.goOnlineAndWaitReady();
    await bob.goOnlineAndWaitReady();
    await connectCall(alice, bob, BOB.number);

    // With 60 s tokens the phone must refresh within ~15 s, call or not: a new token on the wire.
    const before = tokensSent.length;
    await expect.poll(() => new Set(tokensSent).size, { timeout: 30_000 }).toBeGreaterThan(before);
    await expect(alice.inCall.locator(".call-dialog__phase")).toHaveText("In call");
    await expect(bob.inCall.locator(".call-dialog__phase")).toHaveText("In call");
    await expect.poll(() => alice.elapsedSeconds()).toBeGreaterThanOrEqual(15);
    await expect(alice.status).toHaveText("Ready");

    await bob.inCall.getByRole("button", { name: "Hang up" }).click();
    await expect(alice.inCall).toBeHidden({ timeout: 10_000 });
    expect(alice.errors).toEqual([]);
  } finally {
    await closeOpened();
    server.stop();
  }
});
