// Searchable pickers for fields typed as codes or emails: <input data-picker="organisations">
// (or "courses", "people"; data-picker-multiple for a comma-separated list). The field still
// posts the same codes, so without this script, or if it fails, typing them works as before.
// Tom Select (static/vendor/tom-select, Apache-2.0) is loaded only on pages that need it;
// the answers come from /pickers/<kind>, which offers only what the person may choose.
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) { return; }
  function data(name) { return script.getAttribute("data-" + name) || ""; }

  function loadTomSelect(done) {
    if (window.TomSelect) { done(); return; }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = data("css");
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = data("js");
    js.onload = done;
    document.head.appendChild(js);
  }

  function ask(url, params) {
    var query = Object.keys(params).map(function (key) {
      return encodeURIComponent(key) + "=" + encodeURIComponent(params[key]);
    }).join("&");
    return fetch(url + "?" + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (answer) { return answer.results || []; });
  }

  function valuesOf(input, multiple) {
    var text = input.value.trim();
    if (!text) { return []; }
    return multiple ? text.split(/[\s,;]+/).filter(Boolean) : [text];
  }

  function enhance(input) {
    var kind = input.getAttribute("data-picker");
    var url = data("url-" + kind);
    if (!url) { return; }
    var multiple = input.hasAttribute("data-picker-multiple");
    var values = valuesOf(input, multiple);
    input.value = values.join(",");
    // Labels for what the form holds now; a value the search does not offer (named by someone
    // with a wider reach) stays, shown as it is.
    var known = values.length ? ask(url, { values: values.join(",") }).catch(function () { return []; })
                              : Promise.resolve([]);
    known.then(function (found) {
      var options = found.slice();
      values.forEach(function (value) {
        if (!found.some(function (option) { return option.value.toLowerCase() === value.toLowerCase(); })) {
          options.push({ value: value, text: value, hint: "" });
        }
      });
      found.forEach(function (option) {  // the stored spelling of a code typed in other case
        var typed = values.filter(function (v) { return v.toLowerCase() === option.value.toLowerCase(); })[0];
        if (typed && typed !== option.value) { values[values.indexOf(typed)] = option.value; }
      });
      input.value = values.join(",");
      var picker = new window.TomSelect(input, {
        valueField: "value",
        labelField: "text",
        searchField: ["text", "hint", "value"],
        options: options,
        items: values,
        maxItems: multiple ? null : 1,
        delimiter: ",",
        create: false,
        persist: false,
        preload: "focus",
        loadThrottle: 250,
        maxOptions: 20,
        plugins: multiple ? ["remove_button"] : [],
        // The server has matched Thai and English names, codes and emails: keep its order.
        score: function () { return function () { return 1; }; },
        load: function (query, callback) {
          var self = this;
          ask(url, { q: query }).then(function (results) {
            self.clearOptions();  // only the server's latest answer (chosen items stay)
            callback(results);
          }).catch(function () { callback(); });
        },
        render: {
          option: function (item, escape) {
            return "<div>" + escape(item.text) +
              (item.hint && item.hint !== item.text ? " <small class=\"text-muted\">" + escape(item.hint) + "</small>" : "") +
              "</div>";
          },
          item: function (item, escape) {
            return "<div>" + escape(item.text) +
              (item.hint && item.hint !== item.text ? " <small class=\"text-muted\">(" + escape(item.hint) + ")</small>" : "") +
              "</div>";
          },
          no_results: function (item, escape) { return "<div class=\"no-results\">" + escape(data("label-none")) + "</div>"; },
          loading: function () { return "<div class=\"spinner-border spinner-border-sm m-2\" role=\"status\"></div>"; }
        }
      });
      picker.wrapper.classList.add("picker-" + kind);
      // The label now names Tom Select's box; the hidden original keeps the same name (axe).
      var labelledBy = picker.control_input.getAttribute("aria-labelledby");
      if (labelledBy) { input.setAttribute("aria-labelledby", labelledBy); }
    });
  }

  function start() {
    var inputs = document.querySelectorAll("input[data-picker]");
    if (!inputs.length || !window.fetch) { return; }
    loadTomSelect(function () { Array.prototype.forEach.call(inputs, enhance); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
