// Broadsheet's service worker, served at /sw.js (scope: the whole site) by web/pwa_views.py,
// which prepends `const CONFIG = {...}` with the version, the files to precache and the
// offline page. Pages are network-first so a reader online always sees the news of now;
// offline, the last copy of each page they opened (and of their saved articles) is shown.
"use strict";

const SHELL = "broadsheet-shell-" + CONFIG.version;
const PAGES = "broadsheet-pages";
const PAGE_PATTERN = new RegExp(CONFIG.pagePattern);

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const shell = await caches.open(SHELL);
    await shell.addAll(CONFIG.precache);
    const pages = await caches.open(PAGES);
    // The page that registered us was loaded before we existed: fetch the start page now.
    await pages.add(CONFIG.startUrl).catch(() => undefined);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("broadsheet-shell-") && name !== SHELL) {
        await caches.delete(name);
      }
    }
    await self.clients.claim();
  })());
});

function isCacheablePage(url) {
  return url.origin === self.location.origin && PAGE_PATTERN.test(url.pathname);
}

async function offlinePage() {
  const shell = await caches.open(SHELL);
  return (await shell.match(CONFIG.offlineUrl)) || Response.error();
}

async function networkFirst(request, url) {
  const pages = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    // A redirected response cannot answer a navigation later; keep only direct 200s.
    if (response.ok && response.type === "basic" && !response.redirected) {
      await pages.put(url.href, response.clone());
    }
    return response;
  } catch (error) {
    return (await pages.match(url.href)) || offlinePage();
  }
}

async function cacheFirst(request) {
  const shell = await caches.open(SHELL);
  const cached = await shell.match(request, { ignoreSearch: true });
  if (cached) {
    return cached;
  }
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    await shell.put(request, response.clone());
  }
  return response;
}

async function networkOrOffline(request) {
  try {
    return await fetch(request);
  } catch (error) {
    return offlinePage();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === "POST" && url.pathname.endsWith("/accounts/logout")) {
    // The cached pages are the reader's own (saved list, buttons): forget them on log-out.
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== "GET") {
    return;
  }
  if (url.pathname.startsWith(CONFIG.staticUrl)) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate" && isCacheablePage(url)) {
    event.respondWith(networkFirst(request, url));
  } else if (request.mode === "navigate") {
    event.respondWith(networkOrOffline(request));
  }
});

async function cacheSaved(listUrl) {
  const response = await fetch(listUrl, { credentials: "same-origin", cache: "no-store" });
  if (!response.ok || response.redirected) {
    return;
  }
  const pages = await caches.open(PAGES);
  const body = await response.text();
  const previous = await pages.match(listUrl);
  const changed = !previous || (await previous.text()) !== body;
  await pages.put(listUrl, new Response(body, { headers: { "Content-Type": "application/json" } }));
  for (const path of JSON.parse(body).urls) {
    const url = new URL(path, self.location.origin);
    // Refetch the saved list page only when the list changed; fetch articles not yet kept
    // (the ones kept are refreshed whenever the reader opens them).
    const isList = url.pathname.endsWith("/saved");
    if ((isList && changed) || !(await pages.match(url.href))) {
      const page = await fetch(url.href, { credentials: "same-origin" });
      if (page.ok && !page.redirected) {
        await pages.put(url.href, page);
      }
    }
  }
}

// Syncs run one after another. Two pages can ask at nearly the same time (the article page,
// then the same page after "Save"): run side by side, the older sync's copy of the saved list
// page could land after the newer one and put back a list without the article just saved.
let syncQueue = Promise.resolve();

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "cache-saved" && typeof data.url === "string") {
    const url = new URL(data.url, self.location.origin);
    if (url.origin === self.location.origin) {
      syncQueue = syncQueue.then(() => cacheSaved(url.href)).catch(() => undefined);
      event.waitUntil(syncQueue);
    }
  }
});
