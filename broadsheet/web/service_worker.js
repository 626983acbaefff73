// Broadsheet's service worker, served at /sw.js (scope: the whole site) by web/pwa_views.py,
// which prepends `const CONFIG = {...}` with the version, the files to precache and the
// offline page. Pages are network-first so a reader online always sees the news of now;
// offline, the last copy of each page they opened (and of their saved articles) is shown.
// "Save" and "Saved" pressed offline are kept in order in an outbox (IndexedDB) and sent,
// still in order, as soon as the network answers again.
"use strict";

const SHELL = "broadsheet-shell-" + CONFIG.version;
const PAGES = "broadsheet-pages";
const PAGE_PATTERN = new RegExp(CONFIG.pagePattern);
const SAVE_PATTERN = new RegExp(CONFIG.savePattern);

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
    await replayOutbox();
  })());
});

function isCacheablePage(url) {
  return url.origin === self.location.origin && PAGE_PATTERN.test(url.pathname);
}

async function offlinePage() {
  const shell = await caches.open(SHELL);
  return (await shell.match(CONFIG.offlineUrl)) || Response.error();
}

// Copies of the saved list (its pages, saved.json) carry the time they were read on the
// server. Responses can arrive in any order (a slow tab, a sync behind a newer one): a copy is
// written only when it is not older than the one kept. Writes run one at a time, so the
// compare and the put are never split by another write.
const VERSION_HEADER = "X-Saved-List-Version";
let writes = Promise.resolve();

function versionOf(response) {
  return Number(response.headers.get(VERSION_HEADER)) || 0;
}

function keepUnlessOlder(key, response) {
  const write = writes.then(async () => {
    const pages = await caches.open(PAGES);
    const kept = await pages.match(key);
    if (kept && versionOf(kept) > versionOf(response)) {
      return false;
    }
    await pages.put(key, response);
    return true;
  });
  writes = write.catch(() => undefined);
  return write;
}

async function networkFirst(request, url) {
  try {
    const response = await fetch(request);
    // A redirected response cannot answer a navigation later; keep only direct 200s.
    if (response.ok && response.type === "basic" && !response.redirected) {
      await keepUnlessOlder(url.href, response.clone());
    }
    return response;
  } catch (error) {
    const pages = await caches.open(PAGES);
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
    // The cached pages and the outbox are the reader's own: forget them on log-out.
    event.waitUntil(Promise.all([caches.delete(PAGES), clearOutbox()]));
    return;
  }
  if (request.method === "POST" && SAVE_PATTERN.test(url.pathname)) {
    event.respondWith(sendSaveAction(request, url));
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
  const urls = JSON.parse(body).urls;
  const previous = await pages.match(listUrl);
  const changed = !previous || JSON.stringify((await previous.json()).urls) !== JSON.stringify(urls);
  const copy = new Response(body, { headers: response.headers });
  if (!(await keepUnlessOlder(listUrl, copy))) {
    return; // a newer copy of the list is kept already: its own sync fetches its pages
  }
  for (const path of urls) {
    const url = new URL(path, self.location.origin);
    // Refetch the saved list page only when the list changed; fetch articles not yet kept
    // (the ones kept are refreshed whenever the reader opens them).
    const isList = url.pathname.endsWith("/saved");
    if ((isList && changed) || !(await pages.match(url.href))) {
      const page = await fetch(url.href, { credentials: "same-origin", cache: "no-store" });
      if (page.ok && !page.redirected) {
        await keepUnlessOlder(url.href, page);
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
      // What the reader did offline reaches the server before the list is read back.
      syncQueue = syncQueue.then(replayOutboxPatiently).then(() => cacheSaved(url.href)).catch(() => undefined);
      event.waitUntil(syncQueue);
    }
  } else if (data.type === "settled" && event.ports[0]) {
    // Answers once every sync, write and replay started so far has finished (pages and
    // tests wait on this instead of on time).
    const port = event.ports[0];
    event.waitUntil(Promise.all([syncQueue, writes, replaying]).then(() => port.postMessage("settled")));
  }
});

// The outbox: save and unsave forms posted while offline, oldest first.
const OUTBOX = "broadsheet-outbox";

function openOutbox() {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(OUTBOX, 1);
    opening.onupgradeneeded = () => {
      opening.result.createObjectStore("actions", { keyPath: "id", autoIncrement: true });
    };
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
}

async function withOutbox(mode, work) {
  const db = await openOutbox();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction("actions", mode);
      const request = work(transaction.objectStore("actions"));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

async function oldestAction() {
  const oldest = await withOutbox("readonly", (store) => store.getAll(null, 1));
  return oldest[0];
}

function clearOutbox() {
  return withOutbox("readwrite", (store) => store.clear()).catch(() => undefined);
}

// Sends the outbox in order, one form at a time; stops at the first that cannot reach the
// server (still offline), leaving it and the rest for the next try. Resolves to true when
// the outbox is empty. Any answer from the server counts as delivered, as it would online.
async function sendOutbox() {
  for (let action = await oldestAction(); action; action = await oldestAction()) {
    try {
      await fetch(action.url, {
        method: "POST",
        body: action.body,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        credentials: "same-origin",
        redirect: "manual",
      });
    } catch (error) {
      return false;
    }
    await withOutbox("readwrite", (store) => store.delete(action.id));
  }
  return true;
}

let replaying = Promise.resolve(true);

function replayOutbox() {
  replaying = replaying.then(sendOutbox, sendOutbox).catch(() => false);
  return replaying;
}

// A page hears "online" a moment before requests get through: try again a few times, then
// leave the rest for the next page load or save.
const RETRY_MS = [250, 500, 1000, 2000, 4000];

async function replayOutboxPatiently() {
  for (const wait of RETRY_MS) {
    if (await replayOutbox()) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return replayOutbox();
}

function pageAfterAction(body, url) {
  const next = new URLSearchParams(body).get("next") || "";
  if (next.startsWith("/") && !next.startsWith("//")) {
    return new URL(next, self.location.origin).href;
  }
  return new URL(url.pathname.replace("/saved/", "/article/"), self.location.origin).href;
}

// A save or unsave: earlier offline ones go first; offline, this one joins them and the
// reader goes back to the page they were on (its kept copy), as after any save.
async function sendSaveAction(request, url) {
  const body = await request.clone().text();
  if (await replayOutbox()) {
    try {
      return await fetch(request);
    } catch (error) {
      // offline now: kept below
    }
  }
  await withOutbox("readwrite", (store) => store.add({ url: url.href, body: body }));
  return Response.redirect(pageAfterAction(body, url), 303);
}
