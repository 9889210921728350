// Registers the service worker (/sw.js) and, when a new release has been installed, offers
// "A new version is ready — Reload". An external file: the CSP allows no inline script.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;

  // Checking for a new sw.js this often keeps a tab that stays open for days up to date.
  var UPDATE_CHECK_MS = 60 * 60 * 1000;
  var userChoseReload = false;

  // The build's files, as this page references them: in the worker's URL, so each release is a
  // new worker that precaches exactly its own files.
  function shellFiles() {
    var paths = [];
    var nodes = document.querySelectorAll(
      'link[href^="/pkg/"], link[href^="/vendor/"], script[src^="/pkg/"], script[src^="/vendor/"]',
    );
    nodes.forEach(function (node) {
      var path = new URL(node.href || node.src, location.href).pathname;
      if (paths.indexOf(path) < 0) paths.push(path);
    });
    return paths.sort();
  }

  function whenHydrated(run) {
    var root = document.documentElement;
    if (root.hasAttribute("data-hydrated")) return run();
    var observer = new MutationObserver(function () {
      if (!root.hasAttribute("data-hydrated")) return;
      observer.disconnect();
      run();
    });
    observer.observe(root, { attributes: true, attributeFilter: ["data-hydrated"] });
  }

  // The page's language (the server rendered `<html lang>` from the reader's choice).
  var UPDATE_WORDS = {
    en: { ready: "A new version is ready.", reload: "Reload" },
    fr: { ready: "Une nouvelle version est prête.", reload: "Recharger" },
    ja: { ready: "新しいバージョンを利用できます。", reload: "再読み込み" },
  };
  function updateWords() {
    return UPDATE_WORDS[document.documentElement.lang] || UPDATE_WORDS.en;
  }

  // After hydration, so the banner is never a node Leptos didn't render when it walks the body.
  function offerReload(worker) {
    whenHydrated(function () {
      if (document.getElementById("pwa-update")) return;
      var bar = document.createElement("div");
      bar.id = "pwa-update";
      bar.className = "pwa-update";
      bar.setAttribute("role", "status");
      var text = document.createElement("span");
      text.textContent = updateWords().ready;
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = updateWords().reload;
      button.addEventListener("click", function () {
        userChoseReload = true;
        button.disabled = true;
        worker.postMessage({ type: "skip-waiting" });
      });
      bar.append(text, button);
      document.body.append(bar);
    });
  }

  function watchForUpdates(registration) {
    if (registration.waiting && navigator.serviceWorker.controller) offerReload(registration.waiting);
    registration.addEventListener("updatefound", function () {
      var worker = registration.installing;
      if (!worker) return;
      worker.addEventListener("statechange", function () {
        // With no controller this is the first install, not an update: nothing to reload.
        if (worker.state === "installed" && navigator.serviceWorker.controller) offerReload(worker);
      });
    });
    setInterval(function () {
      registration.update().catch(function () {});
    }, UPDATE_CHECK_MS);
  }

  // The first install also changes controller (clients.claim): only a chosen update reloads.
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (userChoseReload) location.reload();
  });

  var files = shellFiles();
  var url = "/sw.js" + (files.length ? "?shell=" + encodeURIComponent(files.join(",")) : "");
  navigator.serviceWorker
    .register(url, { scope: "/" })
    .then(watchForUpdates)
    .catch(function (error) {
      console.warn("Service worker not registered; the app works, but not offline.", error);
    });
})();
