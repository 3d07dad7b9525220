/* The map of a map page (templates/maps/map.html). Only when "show the map" is pressed
   does it fetch Leaflet and its CSS (the portal's own files), the initiatives as the map's
   slim GeoJSON (with the page's filters) and the commune's outline, then ask for tiles.
   Without JavaScript, or if any of it fails, the list below shows the same initiatives. */
(function () {
  "use strict";

  var root = document.querySelector("[data-map]");
  if (!root || !window.fetch || !window.Promise) return;
  var data = root.dataset;
  var button = root.querySelector(".show-map");
  var status = root.querySelector(".map-status");
  var rtl = document.documentElement.dir === "rtl";
  var CELL = 44; // pixels: markers closer than this on the screen become one group

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var node = element(tag, attributes);
      node.addEventListener("load", resolve);
      node.addEventListener("error", reject);
      document.head.appendChild(node);
    });
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  function element(tag, attributes, children) {
    var node = Object.assign(document.createElement(tag), attributes);
    node.append.apply(node, children || []);
    return node;
  }

  // A popup's content as elements (never HTML from the data), in the page's direction.
  function popup(properties) {
    var link = { href: properties.url, dir: "auto", textContent: properties.title };
    if (properties.lang) link.lang = properties.lang; // an Arabic title on a French page
    var lines = [
      element("p", {}, [element("a", link)]),
      element("p", {}, [element("span", {
        className: "status status-" + properties.status, textContent: properties.status_label,
      })]),
    ];
    if (properties.progress !== null && properties.progress !== undefined) {
      lines.push(element("p", {}, [
        data.progressLabel + " ", element("bdi", { textContent: data.percent.replace("%(value)s", properties.progress) }),
      ]));
    }
    return element("div", { className: "map-popup", dir: rtl ? "rtl" : "ltr" }, lines);
  }

  function marker(point) {
    return L.marker(point.latlng, {
      title: point.properties.title,
      alt: point.properties.title,
      icon: L.divIcon({ className: "map-marker status-" + point.properties.status, iconSize: [18, 18] }),
    }).bindPopup(popup(point.properties));
  }

  function group(map, points) {
    var bounds = L.latLngBounds(points.map(function (point) { return point.latlng; }));
    var label = data.groupLabel.replace("%(count)s", points.length);
    var icon = L.divIcon({
      className: "map-group", iconSize: [36, 36], html: element("span", { textContent: points.length }),
    });
    var grouped = L.marker(points[0].latlng, { icon: icon, title: label, alt: label });
    if (map.getZoom() >= map.getMaxZoom()) {
      // Same place even at the closest zoom: list them.
      grouped.bindPopup(element("ul", { className: "map-popup", dir: rtl ? "rtl" : "ltr" },
        points.map(function (point) { return element("li", {}, [popup(point.properties)]); })));
    } else {
      grouped.on("click", function () { map.fitBounds(bounds, { padding: [CELL, CELL] }); });
    }
    return grouped;
  }

  function draw(collection, outline) {
    var canvas = root.querySelector(".map-canvas");
    canvas.hidden = false;
    root.querySelector(".map-key").hidden = false;
    button.hidden = true;

    var map = L.map(canvas, { zoomControl: false, attributionControl: false, maxZoom: 18 });
    // Controls on the side where the reading starts: the right in Arabic; named in the
    // page's language (Leaflet's own names are English).
    L.control.zoom({
      position: rtl ? "topright" : "topleft", zoomInTitle: data.zoomInLabel, zoomOutTitle: data.zoomOutLabel,
    }).addTo(map);
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", data.closeLabel);
    });
    L.control.attribution({ position: rtl ? "bottomleft" : "bottomright", prefix: false }).addTo(map);
    // Left to right in any page: "© OpenStreetMap contributors" keeps its © in front.
    var credit = element("span", { dir: "ltr", textContent: data.attribution }).outerHTML;
    L.tileLayer(data.tiles, { attribution: credit, maxZoom: 18 }).addTo(map);

    var box = data.district.split(",").map(Number);
    var bounds = L.latLngBounds([]);
    if (outline) {
      var shape = L.geoJSON(outline, { style: { className: "map-outline" }, interactive: false });
      shape.addTo(map);
      bounds.extend(shape.getBounds());
    }
    var points = collection.features.map(function (feature) {
      var position = feature.geometry.coordinates; // longitude, then latitude
      return { latlng: L.latLng(position[1], position[0]), properties: feature.properties };
    });
    points.forEach(function (point) { bounds.extend(point.latlng); });
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [CELL, CELL], maxZoom: 15 });
    } else {
      map.fitBounds([[box[0], box[1]], [box[2], box[3]]]);
    }

    // A marker less than CELL pixels across and down from a group's first joins it; drawn
    // there, no two icons touch. Groups are found by their cell of the screen.
    var layer = L.layerGroup().addTo(map);
    function redraw() {
      var cells = {};
      layer.clearLayers();
      points.forEach(function (point) {
        var p = map.latLngToLayerPoint(point.latlng), x = Math.floor(p.x / CELL), y = Math.floor(p.y / CELL), near;
        for (var dx = -1; dx < 2; dx++) for (var dy = -1; dy < 2; dy++) {
          (cells[[x + dx, y + dy]] || []).forEach(function (g) {
            if (Math.abs(g.p.x - p.x) < CELL && Math.abs(g.p.y - p.y) < CELL) near = near || g;
          });
        }
        if (near) near.points.push(point);
        else (cells[[x, y]] = cells[[x, y]] || []).push({ p: p, points: [point] });
      });
      Object.values(cells).flat().forEach(function (g) {
        layer.addLayer(g.points[1] ? group(map, g.points) : marker(g.points[0]));
      });
    }
    map.on("zoomend", redraw);
    redraw();

    // The button is gone: say what appeared and put the keyboard on the map (its arrows
    // pan it, Tab reaches the markers).
    status.textContent = data.shownLabel;
    canvas.focus();
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = data.loadingLabel;
    Promise.all([
      load("link", { rel: "stylesheet", href: data.leafletCss }),
      load("link", { rel: "stylesheet", href: data.mapCss }),
      load("script", { src: data.leafletJs }),
      getJSON(data.geojson),
      data.outline ? getJSON(data.outline) : null,
    ]).then(function (results) {
      draw(results[3], results[4]);
    }, function () {
      status.textContent = data.failedLabel;
      button.disabled = false;
    });
  });
})();
