// Badge scanner for phones: camera (BarcodeDetector) or typed codes, an IndexedDB
// queue that survives bad networks and reloads, and idempotent uploads (each scan
// carries a nonce chosen here, so resending it never counts twice).
(function () {
  "use strict";
  var script = document.currentScript;
  var API = script.getAttribute("data-api");
  var T = JSON.parse(document.getElementById("scanner-texts").textContent);
  var KEY_STORE = "pavilion.scanner.deviceKey";
  var BATCH = 200;
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

  function setKey(key) {
    key = (key || "").trim();
    if (key) localStorage.setItem(KEY_STORE, key);
    showDevice();
    sync();
  }

  function showDevice(bad) {
    var el = $("device-state");
    el.textContent = bad ? T.badKey : (deviceKey() ? T.hasKey : T.noKey);
    el.setAttribute("data-state", bad ? "bad" : (deviceKey() ? "ready" : "none"));
    $("device-form").hidden = !!deviceKey() && !bad;
  }

  function record(code) {
    code = (code || "").trim();
    if (!code) return Promise.resolve();
    var item = { nonce: nonce(), code: code, scanned_at: new Date().toISOString(), state: "pending" };
    return tx("readwrite", function (s) { s.put(item); }).then(function () {
      $("last-scan").textContent = T.recorded + ": " + code;
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
        [new Date(i.scanned_at).toLocaleTimeString(), i.code,
         i.state === "synced" ? T.sent : i.state === "rejected" ? T.refused + ": " + (i.message || "") : T.pending
        ].forEach(function (text) {
          var td = document.createElement("td");
          td.textContent = text;
          tr.appendChild(td);
        });
        list.appendChild(tr);
      });
      $("net-state").textContent = navigator.onLine ? T.online : T.offline;
      return counts;
    });
  }

  function setSyncState(text, state) {
    var el = $("sync-state");
    el.textContent = text;
    el.setAttribute("data-state", state);
  }

  // Send waiting scans (or, with everything, all of them again) in batches.
  function sync(everything) {
    if (syncing || !deviceKey()) return Promise.resolve();
    syncing = true;
    return all().then(function (items) {
      var todo = items.filter(function (i) { return everything ? i.state !== "rejected" : i.state === "pending"; });
      if (!todo.length) { setSyncState(T.synced, "idle"); return; }
      setSyncState(T.syncing, "busy");
      var chain = Promise.resolve();
      for (var start = 0; start < todo.length; start += BATCH) {
        (function (batch) { chain = chain.then(function () { return send(batch); }); })(todo.slice(start, start + BATCH));
      }
      return chain.then(function () { setSyncState(T.synced, "idle"); });
    }).catch(function () {
      setSyncState(T.failed, "failed");
    }).then(function () {
      syncing = false;
      return render();
    });
  }

  function send(batch) {
    return fetch(API, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + deviceKey() },
      body: JSON.stringify({ scans: batch.map(function (i) { return { nonce: i.nonce, code: i.code, scanned_at: i.scanned_at }; }) }),
      credentials: "omit"
    }).then(function (response) {
      if (response.status === 401) { showDevice(true); throw new Error("device"); }
      if (!response.ok) throw new Error("http " + response.status);
      return response.json();
    }).then(function (body) {
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
  $("sync-now").addEventListener("click", function () { sync(); });
  $("resend-all").addEventListener("click", function () { sync(true); });
  if ("BarcodeDetector" in window) {
    $("camera-start").hidden = false;
    $("camera-start").addEventListener("click", startCamera);
  }
  window.addEventListener("online", function () { render(); sync(); });
  window.addEventListener("offline", function () { render(); });
  setInterval(function () { if (navigator.onLine) sync(); }, 15000);
  if ("serviceWorker" in navigator) {
    // Lets the page open with no network at all (a reload on the show floor).
    navigator.serviceWorker.register(script.getAttribute("data-sw"), { scope: location.pathname }).catch(function () {});
  }
  showDevice();
  render().then(function () { sync(); });
})();
