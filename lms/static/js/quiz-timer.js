// The countdown of a timed quiz attempt: shows the time left and submits the answers when it
// runs out. The server is the judge: it refuses a submission that arrives after the deadline
// (and a short grace), whatever this script shows.
(function () {
  "use strict";
  var box = document.getElementById("quiz-timer");
  var form = document.getElementById("attempt-form");
  if (!box || !form) { return; }
  var deadline = Date.parse(box.getAttribute("data-deadline"));
  var shown = box.querySelector("[data-countdown]");
  var sent = false;
  form.addEventListener("submit", function () { sent = true; });
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
    var hours = Math.floor(left / 3600), minutes = Math.floor((left % 3600) / 60), seconds = left % 60;
    shown.textContent = (hours ? hours + ":" + pad(minutes) : minutes) + ":" + pad(seconds);
    if (left <= 60) { box.classList.replace("alert-warning", "alert-danger"); }
    if (left === 0) {
      window.clearInterval(timer);
      if (!sent) { sent = true; form.submit(); }
    }
  }
  var timer = window.setInterval(tick, 1000);
  tick();
}());
