// Makes Broadsheet an installable app: registers the service worker, asks it to keep the
// reader's saved articles for offline reading, and shows "Install the app" only when the
// browser offers installation (beforeinstallprompt). The site works fully without it.
(function () {
  "use strict";
  var deferredPrompt = null;

  function installButton() {
    return document.querySelector("[data-install-app]");
  }

  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    deferredPrompt = event;
    var button = installButton();
    if (button) { button.hidden = false; }
  });

  window.addEventListener("appinstalled", function () {
    deferredPrompt = null;
    var button = installButton();
    if (button) { button.hidden = true; }
  });

  function wireInstall() {
    var button = installButton();
    if (!button) { return; }
    button.addEventListener("click", function () {
      if (!deferredPrompt) { return; }
      deferredPrompt.prompt();
      deferredPrompt.userChoice.finally(function () {
        deferredPrompt = null;
        button.hidden = true;
      });
    });
  }

  // Ask once per visit, and again on pages where the saved list may just have changed.
  function shouldSync() {
    var key = "broadsheet-saved-synced";
    var again = document.querySelector("form.save-form") || /\/saved$/.test(location.pathname);
    try {
      if (!again && window.sessionStorage.getItem(key)) { return false; }
      window.sessionStorage.setItem(key, "1");
    } catch (error) { /* storage disabled: sync every time */ }
    return true;
  }

  function postSync(worker) {
    var link = document.querySelector("[data-saved-urls]");
    if (link && worker) {
      worker.postMessage({ type: "cache-saved", url: link.getAttribute("data-saved-urls") });
    }
  }

  function syncSaved(registration) {
    if (shouldSync()) {
      postSync(navigator.serviceWorker.controller || registration.active);
    }
  }

  // Back online: the worker sends what was saved or unsaved offline, then refreshes the list.
  window.addEventListener("online", function () {
    if ("serviceWorker" in navigator) { postSync(navigator.serviceWorker.controller); }
  });

  document.addEventListener("DOMContentLoaded", wireInstall);
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" })
        .then(function () { return navigator.serviceWorker.ready; })
        .then(syncSaved)
        .catch(function () { /* no offline support in this browser; the site still works */ });
    });
  }
})();
