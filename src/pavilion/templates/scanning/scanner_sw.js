// Service worker of the scanner page: keeps the page and its script so the
// scanner opens without a network; scans themselves wait in IndexedDB.
const CACHE = "pavilion-scanner-v1";
const PAGE = "{% url 'scanner' %}";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add(PAGE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

// Network first (the page stays current), the copy when offline. Uploads are
// never cached: only GETs of the page and its static files.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) return;
  if (url.pathname !== PAGE && !url.pathname.startsWith("{{ static_prefix }}")) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname === PAGE ? PAGE : request, copy));
        }
        return response;
      })
      .catch(() => caches.match(url.pathname === PAGE ? PAGE : request))
  );
});
