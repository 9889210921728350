// Local tests only: the Twilio Voice SDK always opens wss://voice-js.<edge>.twilio.com/signal.
// Send that socket to the simulator this file came from instead: the page's own server in our
// local mode, or a standalone twilio-sim on another port. Loaded before the SDK, which captures
// `WebSocket` when its file runs.
(function () {
  "use strict";
  var Native = globalThis.WebSocket;
  var script = document.currentScript;
  var simulator = script && script.src ? new URL(script.src) : location;
  var ours = (simulator.protocol === "https:" ? "wss://" : "ws://") + simulator.host + "/sim/signal";
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
