/* Directory maps: an enhancement of the list, never a replacement.
 *
 * Two kinds of containers, both hidden in the HTML (so that without JavaScript only the list
 * shows) and revealed here:
 * - results map:  <div data-directory-map data-geojson-url="..." data-tile-url="..." ...>
 *   fetches the same filtered results as the list (GeoJSON points) and clusters them;
 * - place map:    <div data-directory-map data-lat="..." data-lon="..." data-name="...">
 *   one marker.
 * The results map is interactive only on request: the page first shows the list and a light map
 * drawn on the server (an SVG). Leaflet, its cluster plugin, their styles and the map data are
 * loaded when the visitor presses "Afficher la carte interactive" (a button revealed here) or
 * straight away on a wide screen. Their URLs come from the container's data attributes (static
 * files of the same origin: the CSP allows them, no inline code). The place map is drawn at once
 * (its page loads Leaflet itself).
 * Nothing here writes a style attribute or a <style> element (the CSP forbids both); Leaflet
 * sets element styles through the DOM, which the CSP allows.
 */
(function () {
  "use strict";

  var REGION_VIEW = { center: [47.5, 1.7], zoom: 7 };

  function tileLayer(el) {
    return L.tileLayer(el.dataset.tileUrl, {
      attribution: el.dataset.tileAttribution || "",
      maxZoom: 18,
    });
  }

  function baseMap(el) {
    el.hidden = false;
    var map = L.map(el, {
      scrollWheelZoom: false,
      zoomControl: false,
    });
    L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);
    map.attributionControl.setPrefix(false);
    tileLayer(el).addTo(map);
    return map;
  }

  function popupContent(properties) {
    // Built with the DOM (textContent): names come from users, never from innerHTML.
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name;
    var title = document.createElement("p");
    title.className = "directory-popup__title";
    title.appendChild(link);
    box.appendChild(title);
    if (properties.commune) {
      var where = document.createElement("p");
      where.textContent = properties.commune;
      box.appendChild(where);
    }
    if (properties.is_fictional) {
      var badge = document.createElement("p");
      badge.className = "badge badge--warn";
      badge.textContent = "Exemple fictif";
      box.appendChild(badge);
    }
    return box;
  }

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    return L.divIcon({
      html:
        "<span>" + count + '<span class="visually-hidden"> lieux, zoomer pour les voir</span></span>',
      className: "directory-cluster directory-cluster--" + size,
      iconSize: L.point(40, 40),
    });
  }

  function resultsMap(el) {
    var map = baseMap(el);
    map.setView(REGION_VIEW.center, REGION_VIEW.zoom);
    var group = L.markerClusterGroup
      ? L.markerClusterGroup({ iconCreateFunction: clusterIcon, showCoverageOnHover: false })
      : L.featureGroup();
    map.addLayer(group);
    el.classList.add("is-loading");
    fetch(el.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        var markers = [];
        (data.features || []).forEach(function (feature) {
          var coords = feature.geometry && feature.geometry.coordinates;
          if (!coords) return;
          var marker = L.marker([coords[1], coords[0]], {
            alt: feature.properties.name,
            title: feature.properties.name,
          });
          marker.bindPopup(popupContent(feature.properties));
          markers.push(marker);
        });
        if (group.addLayers) group.addLayers(markers);
        else markers.forEach(function (m) { group.addLayer(m); });
        if (markers.length) {
          map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 13 });
        }
        el.dataset.markers = String(markers.length);
      })
      .catch(function () {
        el.dataset.error = "1";
      })
      .finally(function () {
        el.classList.remove("is-loading");
        el.dataset.ready = "1";
      });
    return map;
  }

  function placeMap(el) {
    var map = baseMap(el);
    var position = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
    map.setView(position, 14);
    L.marker(position, { alt: el.dataset.name || "", title: el.dataset.name || "" }).addTo(map);
    el.dataset.markers = "1";
    el.dataset.ready = "1";
    return map;
  }

  var WIDE = "(min-width: 62rem)";
  var leafletLoading = null;

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function loadStyle(url) {
    if (!url || document.querySelector('link[href="' + url + '"]')) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = url;
    document.head.appendChild(link);
  }

  function loadLeaflet(el) {
    // Loaded once per page, whatever the number of containers or htmx swaps.
    if (window.L && window.L.markerClusterGroup) return Promise.resolve();
    if (!leafletLoading) {
      loadStyle(el.dataset.leafletCss);
      loadStyle(el.dataset.clusterCss);
      leafletLoading = (window.L ? Promise.resolve() : loadScript(el.dataset.leafletJs)).then(
        function () {
          return el.dataset.clusterJs ? loadScript(el.dataset.clusterJs) : null;
        }
      );
    }
    return leafletLoading;
  }

  function draw(el) {
    if (el._directoryMap) {
      el._directoryMap.remove();
    }
    el._directoryMap = el.dataset.lat ? placeMap(el) : resultsMap(el);
  }

  function showInteractive(el) {
    var box = el.closest(".directory-maps") || el.parentNode;
    var button = box.querySelector("[data-directory-map-load]");
    if (button) button.disabled = true;
    return loadLeaflet(el).then(function () {
      var svg = box.querySelector(".directory-svgmap");
      if (svg) svg.hidden = true;
      if (button) button.parentNode.hidden = true;
      draw(el);
    }).catch(function () {
      el.dataset.error = "1";
      if (button) button.disabled = false;
    });
  }

  function init(root) {
    var containers = (root || document).querySelectorAll("[data-directory-map]");
    Array.prototype.forEach.call(containers, function (el) {
      if (el.dataset.lat) {
        if (window.L) draw(el);
        return;
      }
      var box = el.closest(".directory-maps") || el.parentNode;
      var button = box.querySelector("[data-directory-map-load]");
      // Once asked for (or on a wide screen), the interactive map follows the filters.
      // A small map of a few points (data-autoload) is drawn at once, whatever the screen.
      if (el.hasAttribute("data-autoload") || document.body.dataset.interactiveMap === "1" ||
          window.matchMedia(WIDE).matches) {
        showInteractive(el);
      } else if (button) {
        button.parentNode.hidden = false;
        button.addEventListener("click", function () {
          document.body.dataset.interactiveMap = "1";
          showInteractive(el);
        });
      }
    });
  }

  function start() {
    init(document);
    // The filters update the results in place with htmx: rebuild the map with the new URL.
    document.body.addEventListener("htmx:afterSettle", function (event) {
      init(event.detail.elt || document);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
