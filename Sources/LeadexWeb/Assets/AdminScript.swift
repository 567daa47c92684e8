extension Assets {
    /// The admin pages' script: the status panel's light refresh (every 20 s while the tab is
    /// visible, once a minute after a failure), the upload's size checked before it is sent, and
    /// forms marked `once` that cannot be sent twice by a double click. The pages work without it.
    static let adminScript = """
        "use strict";
        (function () {
          var panel = document.getElementById("status-panel");
          if (panel) {
            var note = document.getElementById("status-note");
            var section = panel.closest("section");
            var live = note ? note.textContent : "";
            var timer = null;
            var schedule = function (ms) { clearTimeout(timer); timer = setTimeout(refresh, ms); };
            var refresh = function () {
              if (document.hidden) { schedule(20000); return; }
              fetch("/admin/status/panel", { credentials: "same-origin", headers: { "Accept": "text/html" } })
                .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.text(); })
                .then(function (html) {
                  panel.innerHTML = html;
                  if (note) { note.textContent = live; note.classList.remove("offline"); }
                  schedule(20000);
                })
                .catch(function () {
                  if (note) { note.textContent = section.getAttribute("data-offline"); note.classList.add("offline"); }
                  schedule(60000);
                });
            };
            document.addEventListener("visibilitychange", function () { if (!document.hidden) refresh(); });
            schedule(20000);
          }
          document.querySelectorAll("form.upload").forEach(function (form) {
            var input = form.querySelector("input[type=file]");
            var error = form.querySelector(".upload-error");
            var max = Number(form.getAttribute("data-max"));
            form.addEventListener("submit", function (event) {
              var file = input && input.files && input.files[0];
              if (file && max && file.size > max) {
                event.preventDefault();
                event.stopImmediatePropagation();
                if (error) { error.textContent = form.getAttribute("data-too-large"); error.hidden = false; }
              }
            });
          });
          document.querySelectorAll("form.once").forEach(function (form) {
            form.addEventListener("submit", function (event) {
              if (form.getAttribute("data-sent")) { event.preventDefault(); return; }
              form.setAttribute("data-sent", "1");
              var button = form.querySelector("button[type=submit]");
              if (button) button.disabled = true;
            });
          });
        })();
        """
}
