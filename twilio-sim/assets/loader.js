// Local mode only: the Twilio Voice SDK always opens wss://voice-js.<edge>.twilio.com/signal.
// This page's server simulates Twilio, so send that socket to our own origin instead. Loaded
// before the SDK, which captures `WebSocket` when its file runs.
(function () {
  "use strict";
  var Native = globalThis.WebSocket;
  var ours = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/sim/signal";
  function isTwilioSignaling(url) {
    return /^wss:\/\/[^/]+\/signal(\?.*)?$/.test(String(url));
  }
  function LocalWebSocket(url, protocols) {
    var target = isTwilioSignaling(url) ? ours : url;
    return protocols === undefined ? new Native(target) : new Native(target, protocols);
  }
  LocalWebSocket.prototype = Native.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (k) {
    LocalWebSocket[k] = Native[k];
  });
  globalThis.WebSocket = LocalWebSocket;
  globalThis.__twilioSimulator = { signalingUrl: ours };
})();
