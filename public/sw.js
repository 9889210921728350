// The softphone's service worker: keeps the app's static files for an instant (and offline)
// start, shows /offline.html when the server can't be reached, and never stores anything per-user.
//
// Registered by /pwa/sw-register.js as /sw.js?shell=<the page's /pkg and /vendor files>. A new
// build has new content-hashed /pkg names, so a new URL, so the browser installs a new worker; it
// waits until the user accepts "A new version is ready — Reload" (see "skip-waiting" below).
"use strict";

// Bump when the caching rules below change, so old caches are dropped even for the same build.
const RULES_VERSION = 1;
const OFFLINE_PAGE = "/offline.html";

const shellParam = new URL(self.location.href).searchParams.get("shell") || "";
const CACHE = `softphone-${RULES_VERSION}-${fnv1a(shellParam)}`;

// Server functions, webhooks, the simulator and Twilio's REST API: answers that are per-user,
// per-call or secret. Never stored, never answered from a cache.
const NEVER_CACHED = ["/api/", "/twilio/", "/sim/", "/2010-04-01/", "/healthz"];
// Static files that are the same for every user.
const CACHEABLE_PREFIXES = ["/pkg/", "/vendor/", "/sounds/", "/icons/", "/pwa/"];
const CACHEABLE_FILES = [OFFLINE_PAGE, "/manifest.webmanifest", "/favicon.svg"];
// What a reverse proxy answers while our server is down: show the offline page instead.
const GATEWAY_ERRORS = new Set([502, 503, 504]);

// Fetched at install: the offline page and what it shows, plus the build's files.
const PRECACHE = [
  OFFLINE_PAGE,
  "/pwa/pwa.css",
  "/pwa/offline.js",
  "/icons/icon-192.png",
  "/favicon.svg",
  "/manifest.webmanifest",
  ...shellParam.split(",").filter((path) => path && isCacheable(path)),
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // Revalidate rather than trust the HTTP cache: the offline page must be this release's.
      cache.addAll(PRECACHE.map((path) => new Request(path, { cache: "no-cache" }))),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => n.startsWith("softphone-") && n !== CACHE).map((n) => caches.delete(n)),
      );
      // Starts the page's request while this worker boots: network-first costs no extra latency.
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      // The first install controls open pages at once; an update only activates after the
      // user chose to reload (or every tab closed), so a call is never cut by a new release.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "skip-waiting") self.skipWaiting();
});

// Accept / Reject on the incoming-call notification (app/src/ui/phone/os_integration.rs): bring
// the phone's window forward and tell it what was chosen; it acts only if that call still rings.
self.addEventListener("notificationclick", (event) => {
  event.waitUntil(relayNotificationChoice(event.notification, event.action));
});

async function relayNotificationChoice(notification, chosen) {
  notification.close();
  const callSid = (notification.data && notification.data.callSid) || "";
  const action = chosen === "accept" || chosen === "reject" ? chosen : "";
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const client =
    windows.find((c) => c.focused) || windows.find((c) => c.visibilityState === "visible") || windows[0];
  if (!client) {
    // The page that rang is gone, and the call with it: just open the phone.
    await self.clients.openWindow("/");
    return;
  }
  // Focusing is allowed during a notification click; a refusal must not lose the choice.
  await client.focus().catch(() => {});
  // Every tab hears it; only the one whose call with this sid still rings acts.
  if (action) windows.forEach((c) => c.postMessage({ type: "incoming-call-action", action, callSid }));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Pages are per-user (the phone shows who is signed in): always from the network.
  if (request.mode === "navigate") {
    event.respondWith(navigate(event));
    return;
  }
  // Range requests (media seeking) get 206s, which a cache can't store.
  if (!isCacheable(url.pathname) || request.headers.has("range")) return;
  event.respondWith(isImmutable(url.pathname) ? cacheFirst(request) : networkFirst(request));
});

async function navigate(event) {
  try {
    const response = (await event.preloadResponse) || (await fetch(event.request));
    return GATEWAY_ERRORS.has(response.status) ? offlinePage(response) : response;
  } catch (networkError) {
    return offlinePage();
  }
}

async function offlinePage(fallback) {
  const cached = await caches.match(OFFLINE_PAGE, { cacheName: CACHE });
  return (
    cached ||
    fallback ||
    new Response("Server unreachable.", {
      status: 503,
      headers: { "content-type": "text/plain; charset=utf-8" },
    })
  );
}

// Content-hashed (or versioned) names never change content: the cached copy is always right.
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (isStorable(response)) await cache.put(request, response.clone());
  return response;
}

// Stable names (sounds, icons, our scripts) may change with a release: network first, the
// cached copy only when the server can't be reached.
async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (isStorable(response)) await cache.put(request, response.clone());
    return response;
  } catch (networkError) {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw networkError;
  }
}

function isCacheable(path) {
  if (NEVER_CACHED.some((prefix) => path.startsWith(prefix))) return false;
  return CACHEABLE_PREFIXES.some((prefix) => path.startsWith(prefix)) || CACHEABLE_FILES.includes(path);
}

// `/pkg/<name>.<hash>.<ext>` (cargo-leptos `hash-files`, as server/src/cache_policy.rs checks)
// or the SDK, whose file name carries its version.
function isImmutable(path) {
  if (path.startsWith("/vendor/")) return true;
  const parts = path.startsWith("/pkg/") ? path.slice(5).split(".") : [];
  return parts.length >= 3 && /^[A-Za-z0-9_-]{16,}$/.test(parts[parts.length - 2]);
}

function isStorable(response) {
  const cacheControl = response.headers.get("cache-control") || "";
  return response.status === 200 && response.type === "basic" && !/no-store|private/.test(cacheControl);
}

// A short, stable name for this build's cache.
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}
