// The offline page: keeps checking whether the server answers again, and then reloads the page
// the user asked for (the service worker serves this page in its place while it is unreachable).
(function () {
  "use strict";
  var status = document.getElementById("offline-retry-status");
  var delayMs = 2000;
  var MAX_DELAY_MS = 30000;
  var timer = null;

  function say(text) {
    if (status) status.textContent = text;
  }

  function check() {
    clearTimeout(timer);
    say("Checking…");
    // /healthz is never cached by the service worker, so this really reaches the server.
    fetch("/healthz", { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        say("The server is back. Reloading…");
        location.reload();
      })
      .catch(function () {
        var seconds = Math.round(delayMs / 1000);
        say("Still unreachable. Trying again in " + seconds + " s.");
        timer = setTimeout(check, delayMs);
        delayMs = Math.min(delayMs * 2, MAX_DELAY_MS);
      });
  }

  window.addEventListener("online", function () {
    delayMs = 2000;
    check();
  });
  var retry = document.getElementById("offline-retry");
  if (retry) {
    retry.addEventListener("click", function (event) {
      event.preventDefault();
      delayMs = 2000;
      check();
    });
  }
  timer = setTimeout(check, delayMs);
})();
