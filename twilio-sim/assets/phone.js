// A simulated PSTN phone for local mode: the real Twilio Voice SDK, registered under a token
// whose identity is this phone's number.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var device = null;
  var call = null;
  var pending = null;
  var lastSample = null;

  function log(text) {
    var line = new Date().toISOString().slice(11, 19) + "  " + text + "\n";
    $("log").textContent = line + $("log").textContent;
  }
  function status(text) { $("status").textContent = text; }
  function inCall(c) {
    call = c;
    $("hangup").disabled = !c;
    $("star").disabled = !c;
    $("call").disabled = !!c || !device;
  }
  function watch(c, label) {
    c.on("ringing", function () { status("ringing " + label); log("ringing"); });
    c.on("accept", function () { status("in call with " + label); log("answered"); inCall(c); });
    c.on("disconnect", function () { status("ready"); log("call ended"); inCall(null); });
    c.on("cancel", function () { log("caller gave up"); $("incoming").hidden = true; pending = null; status("ready"); });
    c.on("reject", function () { log("declined"); });
    c.on("reconnecting", function () { status("reconnecting"); log("signaling lost, reconnecting"); });
    c.on("reconnected", function () { status("in call with " + label); log("reconnected"); });
    c.on("error", function (e) { log("call error " + e.code + ": " + e.message); });
    c.on("sample", function (sample) { lastSample = sample; });
    c.on("messageReceived", function (m) {
      try { var said = JSON.parse(m.content); log("network says: " + (said.text || said.url || m.content)); }
      catch (_) { log("message: " + m.content); }
    });
  }

  // The app's own sound files (public/sounds/), so the SDK never fetches Twilio's CDN.
  function sounds() {
    var names = ["incoming", "outgoing", "disconnect", "dtmfs", "dtmfh"];
    for (var d = 0; d <= 9; d++) { names.push("dtmf" + d); }
    var map = {};
    names.forEach(function (n) { map[n] = "/sounds/" + n + ".wav"; });
    return map;
  }

  var params = new URLSearchParams(location.search);
  $("number").value = params.get("number") || "+4477009" + String(Math.floor(Math.random() * 90000) + 10000);

  $("connect").addEventListener("click", async function () {
    $("connect").disabled = true;
    status("switching on…");
    if (typeof Twilio === "undefined") {
      status("error: the Voice SDK did not load");
      log("could not switch on: /vendor/twilio-voice-2.18.5.min.js did not load (run scripts/setup; a standalone twilio-sim serves it from SIM_SITE_DIR, default ./public)");
      $("connect").disabled = false;
      return;
    }
    try {
      var response = await fetch("/sim/phone/token?number=" + encodeURIComponent($("number").value));
      var body = await response.json();
      if (!response.ok) { throw new Error(body.error || response.statusText); }
      $("number").value = body.number;
      $("number").readOnly = true;
      device = new Twilio.Device(body.token, {
        codecPreferences: ["opus", "pcmu"],
        publishEvents: false,
        logLevel: "warn",
        sounds: sounds(),
      });
      // Registration comes and goes with the signaling connection; a call in progress keeps its status.
      device.on("registered", function () { if (!call) { status("ready"); } log("registered as " + body.number); $("call").disabled = !!call; });
      device.on("unregistered", function () { if (!call) { status("off"); } log("unregistered"); });
      device.on("error", function (e) { log("device error " + e.code + ": " + e.message); status("error " + e.code); });
      device.on("incoming", function (c) {
        pending = c;
        $("caller").textContent = c.parameters.From;
        $("incoming").hidden = false;
        status("ringing");
        log("incoming call from " + c.parameters.From);
        watch(c, c.parameters.From);
        c.on("disconnect", function () { $("incoming").hidden = true; });
      });
      await device.register();
    } catch (e) {
      status("error: " + e.message);
      log("could not switch on: " + e.message);
      $("connect").disabled = false;
    }
  });
  $("accept").addEventListener("click", function () {
    if (!pending) { return; }
    pending.accept();
    $("incoming").hidden = true;
    inCall(pending);
    pending = null;
  });
  $("reject").addEventListener("click", function () {
    if (!pending) { return; }
    pending.reject();
    $("incoming").hidden = true;
    pending = null;
    status("ready");
  });
  $("call").addEventListener("click", async function () {
    var to = $("to").value.trim();
    log("calling " + to);
    var c = await device.connect({ params: { To: to } });
    watch(c, to);
    inCall(c);
  });
  $("hangup").addEventListener("click", function () { if (call) { call.disconnect(); } });
  $("star").addEventListener("click", function () { if (call) { call.sendDigits("*"); } });
  // Tests read these.
  globalThis.simPhone = {
    get device() { return device; },
    get call() { return call; },
    get pending() { return pending; },
    // The SDK's last per-second RTC sample of the current call (bytesSent, bytesReceived, codecName…).
    get lastSample() { return lastSample; },
  };
})();
