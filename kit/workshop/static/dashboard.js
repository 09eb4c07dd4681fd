/* casework-kit workshop: the trainer's dashboard. The server pushes the room (server-sent events)
   whenever answers arrive; the two check boxes apply at once. */
(function () {
  "use strict";
  var controls = document.querySelector("form.controls");
  if (controls) {
    controls.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.addEventListener("change", function () { controls.submit(); });
    });
  }
  var room = document.getElementById("room");
  var status = document.getElementById("status");
  if (!room || !room.dataset.events || !window.EventSource) { return; }
  var normal = status.textContent;
  var events = new EventSource(room.dataset.events);
  events.addEventListener("room", function (event) {
    room.innerHTML = event.data;
    status.textContent = normal;
    status.classList.remove("stale");
  });
  events.addEventListener("error", function () {
    status.textContent = status.dataset.stale;
    status.classList.add("stale");
  });
})();
