// Copy buttons: a button[data-copy-target] copies the value of the field it names and says so
// in the element named by data-copy-status. Without script the button stays hidden and the
// field, always shown, is there to select and copy by hand.
(function () {
  "use strict";

  function copy(field) {
    field.focus();
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value).then(function () { return true; },
                                                             function () { return legacyCopy(); });
    }
    return Promise.resolve(legacyCopy());
  }

  function legacyCopy() {
    try { return document.execCommand("copy"); } catch (error) { return false; }
  }

  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(field).then(function (copied) {
        if (status) {
          status.textContent = button.getAttribute(copied ? "data-copied" : "data-not-copied");
        }
      });
    });
  });
})();
