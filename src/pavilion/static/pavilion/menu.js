// The top menu folds behind a button on narrow screens (CSS decides when); without
// this script the menu simply stays open.
(function () {
  "use strict";
  var bar = document.querySelector(".topbar");
  var button = document.getElementById("menu-toggle");
  if (!bar || !button) return;
  bar.classList.add("foldable");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = bar.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
