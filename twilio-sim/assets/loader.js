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
  var signalingSockets = [];
  function LocalWebSocket(url, protocols) {
    var signaling = isTwilioSignaling(url);
    var target = signaling ? ours : url;
    var socket = protocols === undefined ? new Native(target) : new Native(target, protocols);
    if (signaling) {
      signalingSockets = signalingSockets.filter(function (s) { return s.readyState < 2; });
      signalingSockets.push(socket);
    }
    return socket;
  }
  LocalWebSocket.prototype = Native.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (k) {
    LocalWebSocket[k] = Native[k];
  });
  globalThis.WebSocket = LocalWebSocket;
  globalThis.__twilioSimulator = {
    signalingUrl: ours,
    // Drops the signaling connection as a network blip would (the SDK reconnects by itself).
    dropSignaling: function () {
      signalingSockets.forEach(function (s) { s.close(); });
    },
  };
})();
