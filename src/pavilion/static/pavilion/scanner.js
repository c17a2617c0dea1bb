// Badge scanner for phones: camera (BarcodeDetector) or typed codes, an IndexedDB
// queue that survives bad networks and reloads, and idempotent uploads (each scan
// carries a nonce chosen here, so resending it never counts twice).
(function () {
  "use strict";
  var script = document.currentScript;
  var API = script.getAttribute("data-api");
  var T = JSON.parse(document.getElementById("scanner-texts").textContent);
  var KEY_STORE = "pavilion.scanner.deviceKey";
  // The key the server refused and why ({key, code}): kept so a reload neither
  // sends again nor forgets to say so; a new key clears it.
  var REFUSED_STORE = "pavilion.scanner.refusedKey";
  // The show's time zone, as the server last said: scan times read as the show's clock.
  var TZ_STORE = "pavilion.scanner.timeZone";
  var BATCH = 200;
  // The page's language: the API is called without cookies (the key alone decides),
  // so without this header its answers (a refused scan's reason) would follow the
  // browser's languages, not the one chosen on the site.
  var LANG = document.documentElement.lang || "";
  var $ = function (id) { return document.getElementById(id); };
  var dbPromise = null;
  var syncing = false;

  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var req = indexedDB.open("pavilion-scanner", 1);
        req.onupgradeneeded = function () {
          var store = req.result.createObjectStore("scans", { keyPath: "nonce" });
          store.createIndex("state", "state");
        };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    return dbPromise;
  }

  function tx(mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction("scans", mode);
        var result = work(t.objectStore("scans"));
        t.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : result); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }

  function all() { return tx("readonly", function (s) { return s.getAll(); }); }

  function nonce() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function deviceKey() { return localStorage.getItem(KEY_STORE) || ""; }

  // Why the server refused this phone's key ("device_revoked", "invalid_device_key"), or "".
  function refusal() {
    try {
      var refused = JSON.parse(localStorage.getItem(REFUSED_STORE) || "null");
      return refused && refused.key === deviceKey() ? refused.code : "";
    } catch (e) { return ""; }
  }

  function refuse(code) {
    localStorage.setItem(REFUSED_STORE, JSON.stringify({ key: deviceKey(), code: code || "invalid_device_key" }));
    showDevice();
  }

  function setKey(key) {
    key = (key || "").trim();
    if (key) {
      localStorage.setItem(KEY_STORE, key);
      localStorage.removeItem(REFUSED_STORE);
    }
    showDevice();
    sync();
  }

  function showDevice() {
    var el = $("device-state");
    var refused = refusal();
    var state = refused ? (refused === "device_revoked" ? "revoked" : "bad") : (deviceKey() ? "ready" : "none");
    el.textContent = { revoked: T.revoked, bad: T.badKey, ready: T.hasKey, none: T.noKey }[state];
    el.setAttribute("data-state", state);
    $("device-form").hidden = state === "ready";
    $("device-help").hidden = state === "ready";
    if (refused) setSyncState(T.stopped, "stopped");
    else if (state === "none") setSyncState(T.notRegistered, "unregistered");
    else if ($("sync-state").getAttribute("data-state") === "unregistered") setSyncState("", "");
  }

  function showTime(iso) {
    var zone = localStorage.getItem(TZ_STORE) || "";
    var options = { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false };
    if (zone) options.timeZone = zone;
    try { return new Date(iso).toLocaleTimeString(LANG || undefined, options); }
    catch (e) { return new Date(iso).toLocaleTimeString(); }
  }

  function record(code) {
    code = (code || "").trim();
    if (!code) {
      // Not the previous scan's "Recorded": nothing was recorded.
      $("last-scan").textContent = T.noCode;
      $("last-scan").setAttribute("data-state", "empty");
      return Promise.resolve();
    }
    var item = { nonce: nonce(), code: code, scanned_at: new Date().toISOString(), state: "pending" };
    return tx("readwrite", function (s) { s.put(item); }).then(function () {
      if (!deviceKey() || refusal()) {
        // Kept, but it will not be counted until the phone is registered: say so.
        $("last-scan").textContent = T.keptUnregistered + " (" + code + ")";
        $("last-scan").setAttribute("data-state", "unregistered");
      } else {
        $("last-scan").textContent = T.recorded + ": " + code;
        $("last-scan").setAttribute("data-state", "recorded");
      }
      render();
      sync();
    });
  }

  function render() {
    return all().then(function (items) {
      var counts = { pending: 0, synced: 0, rejected: 0 };
      items.forEach(function (i) { counts[i.state] = (counts[i.state] || 0) + 1; });
      $("queue-count").textContent = counts.pending;
      $("synced-count").textContent = counts.synced;
      $("rejected-count").textContent = counts.rejected;
      var list = $("queue-list");
      list.textContent = "";
      items.sort(function (a, b) { return a.scanned_at < b.scanned_at ? 1 : -1; });
      items.slice(0, 50).forEach(function (i) {
        var tr = document.createElement("tr");
        tr.setAttribute("data-state", i.state);
        [showTime(i.scanned_at), i.code,
         i.state === "synced" ? T.sent : i.state === "rejected" ? T.refused + ": " + (i.message || "") : T.pending
        ].forEach(function (text) {
          var td = document.createElement("td");
          td.textContent = text;
          tr.appendChild(td);
        });
        list.appendChild(tr);
      });
      $("net-state").textContent = navigator.onLine ? T.online : T.offline;
      var zone = localStorage.getItem(TZ_STORE);
      $("scan-tz").textContent = zone ? "(" + zone + ")" : "";
      if (!$("sync-state").textContent) {
        // Never "Online ·" with nothing after it.
        if (!deviceKey()) setSyncState(T.notRegistered, "unregistered");
        else setSyncState(counts.pending ? T.waitingToSend : T.synced, counts.pending ? "waiting" : "idle");
      }
      return counts;
    });
  }

  function setSyncState(text, state) {
    var el = $("sync-state");
    el.textContent = text;
    el.setAttribute("data-state", state);
  }

  // Send waiting scans (or, with everything, all of them again) in batches.
  // Not with a key the server refused: the scans wait here for a new key.
  function sync(everything) {
    if (syncing || !deviceKey() || refusal()) return Promise.resolve();
    syncing = true;
    return all().then(function (items) {
      var todo = items.filter(function (i) { return everything ? i.state !== "rejected" : i.state === "pending"; });
      if (!todo.length) { setSyncState(T.nothingToSend + " · " + showTime(new Date().toISOString()), "idle"); return; }
      setSyncState(T.syncing, "busy");
      var chain = Promise.resolve();
      for (var start = 0; start < todo.length; start += BATCH) {
        (function (batch) { chain = chain.then(function () { return send(batch); }); })(todo.slice(start, start + BATCH));
      }
      return chain.then(function () { setSyncState(T.synced + " · " + showTime(new Date().toISOString()), "idle"); });
    }).catch(function () {
      if (refusal()) setSyncState(T.stopped, "stopped"); else setSyncState(T.failed, "failed");
    }).then(function () {
      syncing = false;
      return render();
    });
  }

  // POST scans with this phone's key; a 401 (key bad, device revoked) is noted and
  // thrown, the queue stays.
  function post(scans) {
    var headers = { "Content-Type": "application/json", "Authorization": "Bearer " + deviceKey() };
    if (LANG) headers["Accept-Language"] = LANG;
    return fetch(API, {
      method: "POST",
      headers: headers,
      body: JSON.stringify({ scans: scans }),
      credentials: "omit"
    }).then(function (response) {
      if (response.status === 401) {
        // The key is bad or the device revoked: say so and stop; the queue stays.
        return response.json().catch(function () { return {}; }).then(function (body) {
          refuse(body && body.code);
          throw new Error("device");
        });
      }
      if (!response.ok) throw new Error("http " + response.status);
      return response.json().then(function (body) {
        if (body && body.time_zone) localStorage.setItem(TZ_STORE, body.time_zone);
        return body;
      });
    });
  }

  // Whether the server still takes this phone's key, with an empty batch (it stores
  // nothing): on load and when back online, so a phone with nothing to send also
  // learns it was revoked. A network failure says nothing about the key.
  function checkDevice() {
    if (!deviceKey() || refusal() || !navigator.onLine) return Promise.resolve();
    return post([]).catch(function () {});
  }

  function send(batch) {
    return post(batch.map(function (i) { return { nonce: i.nonce, code: i.code, scanned_at: i.scanned_at }; })).then(function (body) {
      var byNonce = {};
      body.results.forEach(function (r) { byNonce[r.nonce] = r; });
      return tx("readwrite", function (s) {
        batch.forEach(function (i) {
          var r = byNonce[i.nonce];
          if (!r) return;
          i.state = r.status === "ok" ? "synced" : "rejected";
          i.message = r.message || "";
          s.put(i);
        });
      });
    });
  }

  function startCamera() {
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices) { $("last-scan").textContent = T.noCamera; return; }
    var detector = new window.BarcodeDetector();
    var video = $("camera");
    var last = "", lastAt = 0;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      (function tick() {
        detector.detect(video).then(function (codes) {
          var now = Date.now();
          // The same badge held in front of the camera is one scan, not thirty.
          if (codes.length && (codes[0].rawValue !== last || now - lastAt > 5000)) {
            last = codes[0].rawValue; lastAt = now;
            record(last);
          }
        }).catch(function () {}).then(function () { setTimeout(tick, 250); });
      })();
    }).catch(function () { $("last-scan").textContent = T.noCamera; });
  }

  // A key handed over in the link's fragment (never sent to the server) is kept, then hidden.
  var match = /(?:^#|&)key=([^&]+)/.exec(location.hash);
  if (match) {
    localStorage.setItem(KEY_STORE, decodeURIComponent(match[1]));
    history.replaceState(null, "", location.pathname);
  }
  $("device-form").addEventListener("submit", function (e) { e.preventDefault(); setKey($("device-key").value); });
  $("manual-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var input = $("manual-code");
    record(input.value).then(function () { input.value = ""; input.focus(); });
  });
  // "Send now" always answers: not registered, no network, or what was sent.
  $("sync-now").addEventListener("click", function () {
    if (!deviceKey() || refusal()) { showDevice(); setSyncState(refusal() ? T.stopped : T.notRegistered, "unregistered"); return; }
    if (!navigator.onLine) { setSyncState(T.offline, "offline"); return; }
    setSyncState(T.syncing, "busy");
    sync();
  });
  $("resend-all").addEventListener("click", function () { sync(true); });
  if ("BarcodeDetector" in window) {
    $("camera-start").hidden = false;
    $("camera-start").addEventListener("click", startCamera);
  }
  window.addEventListener("online", function () { render(); checkDevice().then(function () { sync(); }); });
  window.addEventListener("offline", function () { render(); });
  setInterval(function () { if (navigator.onLine) sync(); }, 15000);
  if ("serviceWorker" in navigator) {
    // Lets the page open with no network at all (a reload on the show floor).
    navigator.serviceWorker.register(script.getAttribute("data-sw"), { scope: location.pathname }).catch(function () {});
  }
  showDevice();
  render().then(checkDevice).then(function () { sync(); });
})();
