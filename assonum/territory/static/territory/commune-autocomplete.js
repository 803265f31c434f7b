/* AssoNum — commune autocomplete (progressive enhancement of CommuneField).
 *
 * Turns every <input data-commune-autocomplete data-source="/api/v1/communes"> into an ARIA 1.2
 * combobox with a listbox popup: type 2+ characters, ArrowDown/ArrowUp to move, Enter to pick,
 * Escape to close. A polite live region announces how many communes were found. Without this
 * script the input stays a plain text field that the server understands on its own.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 200;
  var MIN_CHARS = 2;
  var counter = 0;

  function announce(region, text) {
    // Clearing first makes screen readers repeat an identical message.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function enhance(input) {
    if (input.dataset.communeEnhanced) { return; }
    input.dataset.communeEnhanced = "1";
    counter += 1;
    var listId = (input.id || "commune-" + counter) + "-suggestions";
    var source = input.getAttribute("data-source") || "/api/v1/communes";

    var wrapper = document.createElement("div");
    wrapper.className = "commune-ac";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var list = document.createElement("ul");
    list.id = listId;
    list.className = "commune-ac__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Communes suggérées");
    list.hidden = true;
    wrapper.appendChild(list);

    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var results = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var lastQuery = "";

    function optionId(i) { return listId + "-" + i; }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(i) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      if (i < 0) { i = options.length - 1; }
      if (i >= options.length) { i = 0; }
      active = i;
      for (var k = 0; k < options.length; k += 1) {
        options[k].setAttribute("aria-selected", k === i ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", optionId(i));
      options[i].scrollIntoView({ block: "nearest" });
    }

    function choose(i) {
      var commune = results[i];
      if (!commune) { return; }
      input.value = commune.label;
      lastQuery = input.value;
      close();
      announce(status, commune.label + " sélectionnée.");
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function render() {
      list.textContent = "";
      results.forEach(function (commune, i) {
        var li = document.createElement("li");
        li.id = optionId(i);
        li.className = "commune-ac__option";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "commune-ac__name";
        name.textContent = commune.label;
        var meta = document.createElement("span");
        meta.className = "commune-ac__meta";
        meta.textContent = commune.postal_codes.join(", ");
        li.appendChild(name);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(meta);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { choose(i); });
        list.appendChild(li);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        announce(status, results.length === 1
          ? "1 commune trouvée. Flèche bas pour la choisir."
          : results.length + " communes trouvées. Flèches haut et bas pour choisir.");
      } else {
        close();
        announce(status, "Aucune commune trouvée.");
      }
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q === lastQuery) { return; }
      lastQuery = q;
      if (q.length < MIN_CHARS) { results = []; close(); return; }
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      var url = source + "?q=" + encodeURIComponent(q) + "&limit=8";
      fetch(url, { headers: { Accept: "application/json" }, signal: controller && controller.signal })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (data) {
          if (input.value.trim() !== q) { return; }
          results = data;
          render();
        })
        .catch(function () { /* aborted or offline: the plain text field still works */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open && results.length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        setActive(active + 1);
      } else if (event.key === "ArrowUp") {
        if (!open) { return; }
        event.preventDefault();
        setActive(active - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();  // pick the commune, do not submit the form yet
          choose(active);
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-commune-autocomplete]");
    for (var i = 0; i < inputs.length; i += 1) { enhance(inputs[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  // Inputs arriving in an htmx fragment.
  document.addEventListener("htmx:load", init);
})();
