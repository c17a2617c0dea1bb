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
  // A form whose effect is hard to undo (closing an edition, declining, publishing)
  // asks first: <form data-confirm="…"> or <button data-confirm="…">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.getAttribute("data-confirm")) ||
      form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // Tables marked "stack" become one card per row on a phone; each cell is
  // labelled with its column's heading so the card still reads.
  function labelStackedTables() {
    document.querySelectorAll("table.stack").forEach(function (table) {
      var headings = Array.prototype.map.call(
        table.querySelectorAll("thead th"),
        function (th) { return th.textContent.trim(); }
      );
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (headings[index] && !cell.hasAttribute("colspan")) {
            cell.setAttribute("data-label", headings[index]);
          }
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", labelStackedTables);
  } else {
    labelStackedTables();
  }
  document.addEventListener("htmx:afterSwap", labelStackedTables);
})();
