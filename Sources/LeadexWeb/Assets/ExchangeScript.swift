extension Assets {
    /// The exchange page's script: the live list from the event stream (or, while the stream is
    /// down, a poll that backs off from 10 s to a minute and tries the stream again), ages kept
    /// current, the count in the tab title, Взять without leaving the page, and — once the user
    /// allows it with the page's button — a notification and a short tone for each new lead. Served as a file:
    /// the Content-Security-Policy allows no inline script.
    static let exchangeScript = #"""
        // Leadex: the exchange page, live. Plain JavaScript, no framework.
        (function () {
          "use strict";
          var section = document.querySelector("section.exchange");
          if (!section) { return; }
          var list = document.getElementById("leads");
          var count = document.getElementById("count");
          var status = document.getElementById("live-status");
          var notice = document.getElementById("action-notice");
          var errorBox = document.getElementById("action-error");
          var meta = document.querySelector('meta[name="csrf-token"]');
          var csrf = meta ? meta.getAttribute("content") : "";
          var baseTitle = section.getAttribute("data-title") + " — Leadex";
          var russian = document.documentElement.lang === "ru";
          var source = null;
          var pollTimer = null;
          var pollDelay = 10000;

          function age(milliseconds) {
            var minutes = Math.max(0, Math.floor(milliseconds / 60000));
            var hours = Math.floor(minutes / 60);
            if (minutes < 1) { return russian ? "только что" : "just now"; }
            if (minutes < 60) { return minutes + (russian ? " мин" : " min"); }
            if (hours < 24) { return hours + (russian ? " ч " : " h ") + (minutes % 60) + (russian ? " мин" : " min"); }
            return Math.floor(hours / 24) + (russian ? " дн" : " d");
          }

          function updateAges() {
            var now = Date.now();
            list.querySelectorAll("time[datetime]").forEach(function (time) {
              var at = Date.parse(time.getAttribute("datetime"));
              if (!isNaN(at)) { time.textContent = age(now - at); }
            });
          }

          function show(box, text) {
            box.textContent = text;
            box.hidden = !text;
          }

          var notifyButton = document.getElementById("notify");
          var known = leadIDs();

          function leadIDs() {
            var ids = {};
            list.querySelectorAll("li.lead").forEach(function (item) { ids[item.getAttribute("data-id")] = true; });
            return ids;
          }

          function tone() {
            var Context = window.AudioContext || window.webkitAudioContext;
            if (!Context) { return; }
            try {
              var audio = new Context();
              var oscillator = audio.createOscillator();
              var gain = audio.createGain();
              oscillator.frequency.value = 880;
              gain.gain.value = 0.08;
              oscillator.connect(gain);
              gain.connect(audio.destination);
              oscillator.start();
              oscillator.stop(audio.currentTime + 0.15);
            } catch (error) { return; }
          }

          function announce(fresh) {
            if (!window.Notification || Notification.permission !== "granted") { return; }
            fresh.forEach(function (item) {
              var title = item.querySelector(".title");
              var contact = item.querySelector(".contact");
              try {
                new Notification(title ? title.textContent : "Leadex", { body: contact ? contact.textContent : "", tag: "lead-" + item.getAttribute("data-id") });
              } catch (error) { return; }
            });
            if (fresh.length > 0) { tone(); }
          }

          if (window.Notification && Notification.permission === "default") {
            notifyButton.hidden = false;
            notifyButton.addEventListener("click", function () {
              Notification.requestPermission().then(function () { notifyButton.hidden = Notification.permission !== "default"; });
            });
          }

          function setList(data) {
            list.innerHTML = data.html;
            var fresh = [];
            list.querySelectorAll("li.lead").forEach(function (item) {
              if (!known[item.getAttribute("data-id")]) { fresh.push(item); }
            });
            known = leadIDs();
            announce(fresh);
            list.querySelectorAll('input[name="csrf"]').forEach(function (input) { input.value = csrf; });
            count.textContent = String(data.count);
            document.title = "(" + data.count + ") " + baseTitle;
            updateAges();
          }

          function setLive(live) {
            status.textContent = section.getAttribute(live ? "data-live" : "data-offline");
            status.className = live ? "status live" : "status offline";
          }

          function connect() {
            if (!window.EventSource) { startPolling(); return; }
            source = new EventSource("/exchange/events");
            source.addEventListener("exchange", function (event) {
              setList(JSON.parse(event.data));
              setLive(true);
            });
            source.onopen = function () { setLive(true); stopPolling(); };
            source.onerror = function () {
              setLive(false);
              // CONNECTING: the browser retries by itself; CLOSED (a refused or broken stream): poll.
              if (source && source.readyState === EventSource.CLOSED) {
                source = null;
                startPolling();
              }
            };
          }

          function startPolling() {
            if (pollTimer === null) { pollTimer = setTimeout(poll, pollDelay); }
          }

          function stopPolling() {
            if (pollTimer !== null) { clearTimeout(pollTimer); }
            pollTimer = null;
            pollDelay = 10000;
          }

          function poll() {
            pollTimer = null;
            fetch("/exchange/rows", { headers: { "Accept": "application/json" }, credentials: "same-origin" })
              .then(function (response) {
                if (response.status === 401) { window.location.href = "/login"; return null; }
                if (!response.ok) { throw new Error("HTTP " + response.status); }
                return response.json();
              })
              .then(function (data) {
                if (data) { setList(data); }
                if (source === null) { connect(); }
              })
              .catch(function () { return null; })
              .then(function () {
                if (source === null || source.readyState !== 1) {
                  pollDelay = Math.min(pollDelay * 2, 60000);
                  startPolling();
                }
              });
          }

          list.addEventListener("submit", function (event) {
            var form = event.target;
            if (!form.classList || !form.classList.contains("take")) { return; }
            event.preventDefault();
            var button = form.querySelector("button");
            var item = form.closest("li");
            button.disabled = true;
            show(errorBox, "");
            fetch(form.getAttribute("action"), {
              method: "POST",
              credentials: "same-origin",
              headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf },
              body: "csrf=" + encodeURIComponent(csrf)
            })
              .then(function (response) {
                if (response.status === 401) { window.location.href = "/login"; return null; }
                return response.json();
              })
              .then(function (reply) {
                if (!reply) { return; }
                if (reply.ok) {
                  show(notice, reply.message);
                  if (item && item.parentNode) { item.parentNode.removeChild(item); }
                } else {
                  show(errorBox, reply.message);
                  var refusal = item ? item.querySelector(".refusal") : null;
                  if (refusal) { show(refusal, reply.message); }
                  button.disabled = false;
                }
              })
              .catch(function () {
                button.disabled = false;
                form.submit();
              });
          });

          setInterval(updateAges, 60000);
          updateAges();
          connect();
        })();
        """#
}
