// Small behaviours of server-rendered pages, kept out of the templates: the
// Content-Security-Policy allows scripts from our own files only.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) {
      window.print();
    }
  });
  // The export page: carry the chosen edition into the download links.
  document.addEventListener("change", function (event) {
    if (!event.target.matches("#export-edition select")) {
      return;
    }
    document.querySelectorAll("a.export-link").forEach(function (a) {
      var url = new URL(a.href);
      if (event.target.value) {
        url.searchParams.set("edition", event.target.value);
      } else {
        url.searchParams.delete("edition");
      }
      a.href = url.toString();
    });
  });
})();
