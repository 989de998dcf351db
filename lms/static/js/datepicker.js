// A month grid beside every <input data-datepicker>: Thai months and Buddhist Era years on a
// Thai page, English months and the Common Era otherwise. The input stays a plain text field
// the server reads (lms/core/dates.py parse_date_input): without this script, typing works.
// Keyboard: arrows move a day or a week, PageUp/PageDown a month (with Shift a year),
// Home/End the start/end of the week, Enter or Space picks, Escape closes.
(function () {
  "use strict";

  var MONTHS = {
    th: ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
         "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"],
    en: ["January", "February", "March", "April", "May", "June",
         "July", "August", "September", "October", "November", "December"]
  };
  var WEEKDAYS = {  // Sunday first, as Thai wall calendars
    th: [["อา", "อาทิตย์"], ["จ", "จันทร์"], ["อ", "อังคาร"], ["พ", "พุธ"], ["พฤ", "พฤหัสบดี"], ["ศ", "ศุกร์"], ["ส", "เสาร์"]],
    en: [["Su", "Sunday"], ["Mo", "Monday"], ["Tu", "Tuesday"], ["We", "Wednesday"], ["Th", "Thursday"], ["Fr", "Friday"], ["Sa", "Saturday"]]
  };
  var BE_OFFSET = 543, BE_FROM = 2400;
  var script = document.currentScript;
  var labels = {  // translated by the server on the <script> tag; English if it gave none
    open: "Choose a date", previous: "Previous month", next: "Next month", close: "Close", today: "Today"
  };
  if (script) {
    Object.keys(labels).forEach(function (key) {
      var text = script.getAttribute("data-label-" + key);
      if (text) { labels[key] = text; }
    });
  }
  var counter = 0;

  function pad(n, width) { var s = String(n); while (s.length < width) { s = "0" + s; } return s; }

  function languageOf(input) {
    var lang = input.getAttribute("data-language") || document.documentElement.lang || "th";
    return lang.slice(0, 2) === "th" ? "th" : "en";
  }

  function shownYear(year, language) { return language === "th" ? year + BE_OFFSET : year; }

  // What the server accepts, read the same way: dd/mm/yyyy in either era, or ISO yyyy-mm-dd.
  function parse(text) {
    var digits = text.replace(/[๐-๙]/g, function (d) { return String(d.charCodeAt(0) - 0x0E50); }).trim();
    var day, month, year, m;
    if ((m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})(?:[ T](\d{1,2}[:.]\d{2}))?$/.exec(digits))) {
      day = +m[1]; month = +m[2]; year = +m[3];
    } else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}[:.]\d{2}))?/.exec(digits))) {
      year = +m[1]; month = +m[2]; day = +m[3];
    } else {
      return null;
    }
    if (year >= BE_FROM) { year -= BE_OFFSET; }
    var date = new Date(year, month - 1, day);
    if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) { return null; }
    return { date: date, time: m[4] ? m[4].replace(".", ":") : "" };
  }

  function format(date, language) {
    return pad(date.getDate(), 2) + "/" + pad(date.getMonth() + 1, 2) + "/" + shownYear(date.getFullYear(), language);
  }

  function sameDay(a, b) {
    return a && b && a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
  }

  // Today in Bangkok, as the server counts days, whatever the computer's own time zone.
  function today() {
    try {
      var parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Bangkok" }).format(new Date()).split("-");
      return new Date(+parts[0], +parts[1] - 1, +parts[2]);
    } catch (e) {
      return new Date();
    }
  }

  function addDays(date, n) { return new Date(date.getFullYear(), date.getMonth(), date.getDate() + n); }

  function addMonths(date, n) {
    var target = new Date(date.getFullYear(), date.getMonth() + n, 1);
    var last = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
    return new Date(target.getFullYear(), target.getMonth(), Math.min(date.getDate(), last));
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text !== undefined) { el.textContent = text; }
    return el;
  }

  function calendarIcon() {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", "M4 0h1v2h6V0h1v2h2.5A1.5 1.5 0 0 1 16 3.5v11a1.5 1.5 0 0 1-1.5 1.5h-13A1.5 1.5 0 0 1 " +
      "0 14.5v-11A1.5 1.5 0 0 1 1.5 2H4V0zM1 6v8.5a.5.5 0 0 0 .5.5h13a.5.5 0 0 0 .5-.5V6H1zm2 2h2v2H3V8zm4 0h2v2H7V8zm4 " +
      "0h2v2h-2V8zm-8 3h2v2H3v-2zm4 0h2v2H7v-2z");
    svg.appendChild(path);
    return svg;
  }

  function Picker(input) {
    this.input = input;
    this.language = languageOf(input);
    this.withTime = input.getAttribute("data-datepicker") === "datetime";
    this.id = "datepicker-" + (++counter);
    var wrapper = element("div", "input-group datepicker");
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    this.button = element("button", "btn btn-outline-secondary datepicker-toggle");
    this.button.type = "button";
    this.button.setAttribute("aria-haspopup", "dialog");
    this.button.setAttribute("aria-expanded", "false");
    var fieldName = input.getAttribute("aria-label") || (input.labels && input.labels[0] ? input.labels[0].textContent.trim() : "");
    this.button.setAttribute("aria-label", labels.open + (fieldName ? ": " + fieldName : ""));
    this.button.appendChild(calendarIcon());
    wrapper.appendChild(this.button);
    this.dialog = null;  // built on first use: a form of many date fields stays light
    var self = this;
    this.button.addEventListener("click", function () { self.isOpen() ? self.close(true) : self.open(); });
  }

  Picker.prototype.buildDialog = function () {
    var self = this;
    var dialog = element("div", "datepicker-dialog");
    dialog.id = this.id;
    dialog.hidden = true;
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "false");
    var header = element("div", "datepicker-header");
    this.previous = element("button", "btn btn-sm btn-light", "‹");
    this.previous.type = "button";
    this.previous.setAttribute("aria-label", labels.previous);
    this.next = element("button", "btn btn-sm btn-light", "›");
    this.next.type = "button";
    this.next.setAttribute("aria-label", labels.next);
    this.heading = element("div", "datepicker-heading");
    this.heading.id = this.id + "-heading";
    this.heading.setAttribute("aria-live", "polite");
    dialog.setAttribute("aria-labelledby", this.heading.id);
    header.appendChild(this.previous);
    header.appendChild(this.heading);
    header.appendChild(this.next);
    dialog.appendChild(header);
    this.grid = element("table", "datepicker-grid");
    this.grid.setAttribute("role", "grid");
    this.grid.setAttribute("aria-labelledby", this.heading.id);
    var row = element("tr");
    WEEKDAYS[this.language].forEach(function (names) {
      var th = element("th", null, names[0]);
      th.scope = "col";
      th.setAttribute("abbr", names[1]);
      row.appendChild(th);
    });
    var thead = element("thead");
    thead.appendChild(row);
    this.grid.appendChild(thead);
    this.body = element("tbody");
    this.grid.appendChild(this.body);
    dialog.appendChild(this.grid);
    var footer = element("div", "datepicker-footer");
    var todayButton = element("button", "btn btn-sm btn-link", labels.today);
    todayButton.type = "button";
    var close = element("button", "btn btn-sm btn-secondary", labels.close);
    close.type = "button";
    footer.appendChild(todayButton);
    footer.appendChild(close);
    dialog.appendChild(footer);

    this.previous.addEventListener("click", function () { self.show(addMonths(self.focused, -1), false); });
    this.next.addEventListener("click", function () { self.show(addMonths(self.focused, 1), false); });
    todayButton.addEventListener("click", function () { self.show(today(), true); });
    close.addEventListener("click", function () { self.close(true); });
    this.body.addEventListener("click", function (event) {
      var cell = event.target.closest("[data-day]");
      if (cell) { self.pick(self.dayOf(cell)); }
    });
    dialog.addEventListener("keydown", function (event) { self.onKey(event); });
    return dialog;
  };

  Picker.prototype.isOpen = function () { return Boolean(this.dialog) && !this.dialog.hidden; };

  Picker.prototype.open = function () {
    if (!this.dialog) {
      this.dialog = this.buildDialog();
      this.button.parentNode.appendChild(this.dialog);
      this.button.setAttribute("aria-controls", this.id);
    }
    var typed = parse(this.input.value);
    this.selected = typed ? typed.date : null;
    this.time = typed ? typed.time : "";
    this.dialog.hidden = false;
    this.button.setAttribute("aria-expanded", "true");
    this.show(this.selected || today(), true);
    var self = this;
    this.outside = function (event) {
      if (!self.dialog.contains(event.target) && !self.button.contains(event.target)) { self.close(false); }
    };
    document.addEventListener("mousedown", this.outside);
  };

  Picker.prototype.close = function (refocus) {
    this.dialog.hidden = true;
    this.button.setAttribute("aria-expanded", "false");
    document.removeEventListener("mousedown", this.outside);
    if (refocus) { this.button.focus(); }
  };

  Picker.prototype.dayOf = function (cell) {
    var parts = cell.getAttribute("data-day").split("-");
    return new Date(+parts[0], +parts[1] - 1, +parts[2]);
  };

  // Draw the month of `date`, with `date` the one cell in the tab order.
  Picker.prototype.show = function (date, focus) {
    this.focused = date;
    var language = this.language, year = date.getFullYear(), month = date.getMonth();
    this.heading.textContent = MONTHS[language][month] + " " + shownYear(year, language);
    while (this.body.firstChild) { this.body.removeChild(this.body.firstChild); }
    var first = new Date(year, month, 1), start = addDays(first, -first.getDay()), now = today();
    for (var week = 0; week < 6; week++) {
      var cursor = addDays(start, week * 7);
      if (week > 0 && cursor.getMonth() !== month) { break; }
      var row = element("tr");
      for (var d = 0; d < 7; d++) {
        var day = addDays(start, week * 7 + d);
        var cell = element("td", "datepicker-day");
        cell.setAttribute("role", "gridcell");
        if (day.getMonth() !== month) {
          cell.className += " datepicker-outside";
          cell.setAttribute("aria-hidden", "true");
          row.appendChild(cell);
          continue;
        }
        cell.textContent = String(day.getDate());
        cell.setAttribute("data-day", day.getFullYear() + "-" + (day.getMonth() + 1) + "-" + day.getDate());
        cell.setAttribute("aria-label", day.getDate() + " " + MONTHS[language][month] + " " + shownYear(year, language));
        cell.setAttribute("aria-selected", sameDay(day, this.selected) ? "true" : "false");
        cell.tabIndex = sameDay(day, date) ? 0 : -1;
        if (sameDay(day, now)) { cell.className += " datepicker-today"; cell.setAttribute("aria-current", "date"); }
        row.appendChild(cell);
      }
      this.body.appendChild(row);
    }
    if (focus) {
      var target = this.body.querySelector("[tabindex='0']");
      if (target) { target.focus(); }
    }
  };

  Picker.prototype.pick = function (date) {
    var value = format(date, this.language);
    if (this.withTime) { value += " " + (this.time || "09:00"); }
    this.input.value = value;
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
    this.close(false);
    this.input.focus();
    if (this.withTime) { this.input.setSelectionRange(11, value.length); }  // ready to type the time
  };

  Picker.prototype.onKey = function (event) {
    if (event.key === "Escape") { event.preventDefault(); this.close(true); return; }
    if (event.key === "Tab") { return this.trapTab(event); }
    if (!event.target.closest || !event.target.closest("[data-day]")) { return; }
    var date = this.focused, moved = null;
    switch (event.key) {
      case "ArrowLeft": moved = addDays(date, -1); break;
      case "ArrowRight": moved = addDays(date, 1); break;
      case "ArrowUp": moved = addDays(date, -7); break;
      case "ArrowDown": moved = addDays(date, 7); break;
      case "Home": moved = addDays(date, -date.getDay()); break;
      case "End": moved = addDays(date, 6 - date.getDay()); break;
      case "PageUp": moved = addMonths(date, event.shiftKey ? -12 : -1); break;
      case "PageDown": moved = addMonths(date, event.shiftKey ? 12 : 1); break;
      case "Enter": case " ": event.preventDefault(); this.pick(date); return;
      default: return;
    }
    event.preventDefault();
    this.show(moved, true);
  };

  // Tab cycles through the dialog's controls while it is open.
  Picker.prototype.trapTab = function (event) {
    var stops = Array.prototype.filter.call(this.dialog.querySelectorAll("button, [tabindex='0']"),
      function (el) { return !el.disabled; });
    if (!stops.length) { return; }
    var index = stops.indexOf(document.activeElement);
    var nextIndex = event.shiftKey ? (index <= 0 ? stops.length - 1 : index - 1) : (index + 1) % stops.length;
    event.preventDefault();
    stops[nextIndex].focus();
  };

  function enhance(root) {
    Array.prototype.forEach.call(root.querySelectorAll("input[data-datepicker]:not([data-datepicker-ready])"), function (input) {
      input.setAttribute("data-datepicker-ready", "");
      new Picker(input);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
