// Drag a company chip onto a booth of the SVG plan: fills in the assignment form and sends it.
(function () {
  const form = document.getElementById("assign-form");
  if (!form) return;
  let dragged = null;
  document.querySelectorAll(".chip[data-participation]").forEach((chip) => {
    chip.addEventListener("dragstart", (event) => {
      dragged = chip.dataset.participation;
      event.dataTransfer.setData("text/plain", dragged);
    });
  });
  document.querySelectorAll(".floorplan .booth").forEach((booth) => {
    booth.addEventListener("dragover", (event) => {
      event.preventDefault();
      booth.classList.add("drop-target");
    });
    booth.addEventListener("dragleave", () => booth.classList.remove("drop-target"));
    booth.addEventListener("drop", (event) => {
      event.preventDefault();
      const participation = event.dataTransfer.getData("text/plain") || dragged;
      if (!participation) return;
      form.querySelector("[name=participation]").value = participation;
      form.querySelector("[name=booth]").value = booth.dataset.booth;
      form.submit();
    });
  });
})();

// The placement form follows the booth chosen: its position and size, 0 included.
(function () {
  const form = document.getElementById("place-form");
  const data = document.getElementById("booth-positions");
  if (!form || !data) return;
  const positions = JSON.parse(data.textContent);
  const select = form.querySelector("[name=booth]");
  select.addEventListener("change", () => {
    const values = positions[select.value];
    if (!values) return;
    ["x_m", "y_m", "width_m", "depth_m"].forEach((name, i) => {
      form.querySelector(`[name=${name}]`).value = values[i];
    });
    form.querySelector("[name=shared]").checked = values[4];
  });
})();
