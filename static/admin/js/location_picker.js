/* The admin's location picker (maps/forms.py, LocationPickerInput): a button under the
   longitude that opens a map; a click on it writes the latitude and the longitude. Leaflet
   is loaded from the portal's static files only when the button is pressed. */
(function () {
  "use strict";

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { element[name] = attributes[name]; });
      element.addEventListener("load", resolve);
      element.addEventListener("error", reject);
      document.head.appendChild(element);
    });
  }

  function start(picker) {
    var data = picker.dataset;
    var button = picker.querySelector("button");
    var latitude = document.getElementById("id_latitude");
    var longitude = document.getElementById("id_longitude");
    if (!latitude || !longitude || !window.Promise) return;
    button.hidden = false;

    button.addEventListener("click", function () {
      button.disabled = true;
      Promise.all([
        load("link", { rel: "stylesheet", href: data.leafletCss }),
        load("script", { src: data.leafletJs }),
      ]).then(function () {
        button.hidden = true;
        var canvas = document.createElement("div");
        canvas.className = "location-picker-map";
        picker.appendChild(canvas);
        var rtl = document.documentElement.dir === "rtl";
        var map = L.map(canvas, { zoomControl: false, attributionControl: false });
        L.control.zoom({ position: rtl ? "topright" : "topleft" }).addTo(map);
        L.control.attribution({ position: rtl ? "bottomleft" : "bottomright", prefix: false }).addTo(map);
        var credit = document.createElement("span");
        credit.textContent = data.attribution;
        L.tileLayer(data.tiles, { attribution: credit.outerHTML, maxZoom: 18 }).addTo(map);

        var box = data.district.split(",").map(Number);
        var district = [[box[0], box[1]], [box[2], box[3]]];
        L.rectangle(district, { className: "location-picker-district", interactive: false }).addTo(map);
        var icon = L.divIcon({ className: "location-picker-marker", iconSize: [18, 18] });
        var marker = null;
        var lat = parseFloat(latitude.value), lon = parseFloat(longitude.value);
        if (!isNaN(lat) && !isNaN(lon)) {
          marker = L.marker([lat, lon], { icon: icon }).addTo(map);
          map.setView([lat, lon], 15);
        } else {
          map.fitBounds(district);
        }
        map.on("click", function (event) {
          latitude.value = event.latlng.lat.toFixed(6);
          longitude.value = event.latlng.lng.toFixed(6);
          if (marker) marker.setLatLng(event.latlng);
          else marker = L.marker(event.latlng, { icon: icon }).addTo(map);
        });
      }, function () {
        button.disabled = false;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".location-picker").forEach(start);
  });
})();
