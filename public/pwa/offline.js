// The offline page: keeps checking whether the server answers again, and then reloads the page
// the user asked for (the service worker serves this page in its place while it is unreachable).
(function () {
  "use strict";
  // The page is static (served by the service worker with no server), so its words in the app's
  // three languages live here. Chosen as the app chooses: the language menu's cookie, else the
  // browser's languages, else English.
  var WORDS = {
    en: {
      title: "Server unreachable",
      body: "This device can't reach the softphone's server, so calls can't be placed or received here until it can. Check the network connection; nothing you had typed was sent.",
      soon: "Trying again shortly…",
      retry: "Try again now",
      checking: "Checking…",
      back: "The server is back. Reloading…",
      still: "Still unreachable. Trying again in {s} s.",
      pageTitle: "Server unreachable · Softphone",
    },
    fr: {
      title: "Serveur injoignable",
      body: "Cet appareil ne peut pas joindre le serveur du softphone\u00a0: impossible de passer ou de recevoir des appels ici tant qu’il reste injoignable. Vérifiez la connexion réseau\u00a0; rien de ce que vous aviez saisi n’a été envoyé.",
      soon: "Nouvel essai dans un instant…",
      retry: "Réessayer maintenant",
      checking: "Vérification…",
      back: "Le serveur répond de nouveau. Rechargement…",
      still: "Toujours injoignable. Nouvel essai dans {s}\u00a0s.",
      pageTitle: "Serveur injoignable · Softphone",
    },
    ja: {
      title: "サーバーに接続できません",
      body: "この端末からソフトフォンのサーバーに接続できないため、接続が回復するまでここでは発信も着信もできません。ネットワーク接続を確認してください。入力した内容は送信されていません。",
      soon: "まもなく再試行します…",
      retry: "今すぐ再試行",
      checking: "確認中…",
      back: "サーバーに接続できました。再読み込みしています…",
      still: "まだ接続できません。{s}秒後に再試行します。",
      pageTitle: "サーバーに接続できません · ソフトフォン",
    },
  };

  function chosenLanguage() {
    var cookie = document.cookie.match(/(?:^|;\s*)i18n_pref_locale=([a-z]+)/);
    if (cookie && WORDS[cookie[1]]) return cookie[1];
    var wanted = navigator.languages || [navigator.language || "en"];
    for (var i = 0; i < wanted.length; i++) {
      var base = String(wanted[i]).toLowerCase().split("-")[0];
      if (WORDS[base]) return base;
    }
    return "en";
  }

  var lang = chosenLanguage();
  var words = WORDS[lang];
  document.documentElement.lang = lang;
  document.title = words.pageTitle;
  var nodes = document.querySelectorAll("[data-text]");
  for (var n = 0; n < nodes.length; n++) {
    var text = words[nodes[n].getAttribute("data-text")];
    if (text) nodes[n].textContent = text;
  }

  var status = document.getElementById("offline-retry-status");
  var delayMs = 2000;
  var MAX_DELAY_MS = 30000;
  var timer = null;

  function say(text) {
    if (status) status.textContent = text;
  }

  function check() {
    clearTimeout(timer);
    say(words.checking);
    // /healthz is never cached by the service worker, so this really reaches the server.
    fetch("/healthz", { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        say(words.back);
        location.reload();
      })
      .catch(function () {
        var seconds = Math.round(delayMs / 1000);
        say(words.still.replace("{s}", String(seconds)));
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
