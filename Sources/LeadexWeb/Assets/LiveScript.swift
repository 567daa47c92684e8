extension Assets {
    /// A live section of a page (the head's "now"): the element with `data-live-events` takes
    /// each event named `data-live-event` from that stream (`{"html": "…"}`) as its content;
    /// while the stream is down it polls `data-live-poll`, backing off from 10 s to a minute,
    /// and tries the stream again after each good poll. Served as a file: the
    /// Content-Security-Policy allows no inline script.
    static let liveScript = #"""
        // Leadex: a live part of a page. Plain JavaScript, no framework.
        (function () {
          "use strict";
          var box = document.querySelector("[data-live-events]");
          if (!box) { return; }
          var status = document.getElementById("live-status");
          var name = box.getAttribute("data-live-event");
          var source = null;
          var pollTimer = null;
          var pollDelay = 10000;

          function say(live) {
            if (!status) { return; }
            status.textContent = box.getAttribute(live ? "data-live" : "data-offline");
            status.classList.toggle("offline", !live);
          }

          function show(payload) {
            if (payload && typeof payload.html === "string") { box.innerHTML = payload.html; }
          }

          function later() {
            clearTimeout(pollTimer);
            pollTimer = setTimeout(poll, pollDelay);
            pollDelay = Math.min(pollDelay * 2, 60000);
          }

          function poll() {
            fetch(box.getAttribute("data-live-poll"), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
              .then(function (response) {
                if (!response.ok) { throw new Error("HTTP " + response.status); }
                return response.json();
              })
              .then(function (payload) { show(payload); connect(); })
              .catch(later);
          }

          function connect() {
            if (!window.EventSource) { later(); return; }
            source = new EventSource(box.getAttribute("data-live-events"));
            source.addEventListener(name, function (event) {
              try { show(JSON.parse(event.data)); } catch (error) { return; }
              pollDelay = 10000;
              say(true);
            });
            source.onerror = function () {
              source.close();
              source = null;
              say(false);
              later();
            };
          }

          connect();
        })();
        """#
}
