// Course authoring: move session rows without a round trip. Without JavaScript the same
// buttons submit the form and the server swaps the rows (lms/catalog/authoring_views.py).
(function () {
  "use strict";

  function fields(row) {
    // Everything a row holds except its number: the number stays with the place in the list.
    return Array.prototype.filter.call(row.querySelectorAll("input, select"), function (el) {
      return !/-position$/.test(el.name);
    });
  }

  function swap(a, b) {
    var left = fields(a), right = fields(b);
    for (var i = 0; i < left.length && i < right.length; i++) {
      if (left[i].type === "checkbox") {
        var checked = left[i].checked;
        left[i].checked = right[i].checked;
        right[i].checked = checked;
      } else {
        var value = left[i].value;
        left[i].value = right[i].value;
        right[i].value = value;
      }
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-move]");
    if (!button) { return; }
    var row = button.closest("tr.session-row");
    var other = button.dataset.move === "up" ? row.previousElementSibling : row.nextElementSibling;
    if (!other || !other.classList.contains("session-row")) { return; }
    event.preventDefault();
    swap(row, other);
    var focus = other.querySelector('button[data-move="' + button.dataset.move + '"]');
    if (focus && !focus.disabled) { focus.focus(); }
  });

  // The lecture meter follows the plan as it is typed: the server judges it with the same
  // rule as on saving (lms/rules), so no ratio is written here.
  var slot = document.getElementById("lecture-meter-slot");
  var timer = null;
  var asked = 0;  // answers can arrive out of order: only the latest question's is shown
  function refreshMeter() {
    var form = slot.closest("form");
    var question = ++asked;
    fetch(slot.dataset.meterUrl, {method: "POST", body: new FormData(form), credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && question === asked) { slot.innerHTML = html; } });
  }
  if (slot) {
    var plan = slot.closest("fieldset");
    plan.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refreshMeter, 300);
    });
    plan.addEventListener("change", function () { clearTimeout(timer); refreshMeter(); });
    plan.addEventListener("click", function (event) {
      if (event.target.closest("button[data-move]")) { setTimeout(refreshMeter, 0); }
    });
  }

  // A new choice of format carries the credited learning method with it while that is still
  // the previous format's default (classroom and blended: classroom training). The defaults
  // come from the server's reference data; a method the author chose stays.
  var courseForm = document.querySelector("form[data-credit-defaults]");
  if (courseForm) {
    var defaults = JSON.parse(courseForm.dataset.creditDefaults);
    var format = courseForm.querySelector("select[name=format]");
    var method = courseForm.querySelector("select[name=credit_method]");
    var defaultFor = function (value) { return defaults[value] || method.options[0].value; };
    var previous = format.value;
    format.addEventListener("change", function () {
      if (method.value === defaultFor(previous)) { method.value = defaultFor(format.value); }
      previous = format.value;
    });
  }
}());
