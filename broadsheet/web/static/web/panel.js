// Loads the AI panel after the article is on screen, and answers questions in place.
// Everything inserted is HTML rendered (and escaped) by our own server.
(function () {
  "use strict";
  function load(url, target) {
    return fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) { target.innerHTML = html; });
  }
  function wire(panel) {
    var form = panel.querySelector("form.ask");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var q = new URLSearchParams(new FormData(form));
      q.set("fragment", "1");
      load(form.action + "?" + q.toString(), panel.querySelector("#ai-answer"));
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.querySelector("[data-panel-src]");
    if (!panel) { return; }
    load(panel.getAttribute("data-panel-src"), panel).then(function () { wire(panel); })
      .catch(function () { panel.hidden = true; });
  });
})();
