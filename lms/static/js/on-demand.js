// Scripts that only some pages need. base.html names each in a data block the browser does not
// run: <script type="text/x-on-demand" data-when="[data-datepicker]" data-src="…" data-stylesheet="…"
// data-label-…="…">. Here each is loaded, with its stylesheet, only when the page has an element
// that `data-when` finds; its other data-* attributes go on the real <script>, which reads them
// from document.currentScript as when it was written in the page.
(function () {
  "use strict";

  var OWN = { "data-when": true, "data-src": true, "data-stylesheet": true };

  function load(block) {
    if (!document.querySelector(block.getAttribute("data-when"))) { return; }
    var style = block.getAttribute("data-stylesheet");
    if (style) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = style;
      document.head.appendChild(link);
    }
    var script = document.createElement("script");
    Array.prototype.forEach.call(block.attributes, function (attribute) {
      if (attribute.name.indexOf("data-") === 0 && !OWN[attribute.name]) {
        script.setAttribute(attribute.name, attribute.value);
      }
    });
    script.src = block.getAttribute("data-src");
    document.body.appendChild(script);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("script[type='text/x-on-demand']"), load);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
