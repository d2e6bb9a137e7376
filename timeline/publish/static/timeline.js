// The map of located events on the timeline page. Everything it shows comes from the JSON
// embedded in the page and is put into the DOM as text, never as HTML. Tiles are not used:
// the page must work offline, so land is drawn from a bundled outline of the world's countries.
(function () {
  "use strict";
  var pointsElement = document.getElementById("timeline-map-points");
  var mapElement = document.getElementById("timeline-map");
  if (!pointsElement || !mapElement || typeof L === "undefined") { return; }
  var points = JSON.parse(pointsElement.textContent);
  if (!points.length) { return; }
  var config = JSON.parse(document.getElementById("timeline-map-config").textContent);

  var map = L.map(mapElement, { worldCopyJump: true, attributionControl: true });
  map.attributionControl.setPrefix("Leaflet | countries: Natural Earth");

  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.tile_attribution, maxZoom: 18 }).addTo(map);
  }

  fetch(config.world)
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (world) {
      if (!world) { return; }
      L.geoJSON(world, {
        style: { color: "#8a9aa8", weight: 0.6, fillColor: "#f7f5ef", fillOpacity: 1 },
        interactive: false
      }).addTo(map).bringToBack();
    })
    .catch(function () { /* no outline: the points still work */ });

  function popupFor(placePoints) {
    var box = document.createElement("div");
    var place = document.createElement("strong");
    place.textContent = placePoints[0].place;
    box.appendChild(place);
    placePoints.forEach(function (point) {
      var line = document.createElement("div");
      var when = document.createElement("span");
      when.className = "tl-popup-date";
      when.textContent = point.date;
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.summary;
      line.appendChild(when);
      line.appendChild(link);
      box.appendChild(line);
    });
    return box;
  }

  // One marker per place, its popup listing every event of the page there.
  var byPlace = new Map();
  points.forEach(function (point) {
    var key = point.lat + "," + point.lon;
    if (!byPlace.has(key)) { byPlace.set(key, []); }
    byPlace.get(key).push(point);
  });
  var bounds = [];
  byPlace.forEach(function (placePoints) {
    var first = placePoints[0];
    var marker = L.circleMarker([first.lat, first.lon], {
      radius: 6 + Math.min(placePoints.length, 10), color: "#8b1e1e", weight: 2,
      fillColor: "#d9483b", fillOpacity: 0.8, className: "tl-map-point"
    });
    marker.bindPopup(popupFor(placePoints));
    marker.bindTooltip(first.place + " (" + placePoints.length + ")");
    marker.addTo(map);
    bounds.push([first.lat, first.lon]);
  });
  if (bounds.length === 1) {
    map.setView(bounds[0], 5);
  } else {
    map.fitBounds(bounds, { padding: [40, 40], maxZoom: 6 });
  }
  mapElement.dataset.points = String(byPlace.size);
})();

// Filters left empty stay out of the URL, so that a filtered page's address reads cleanly.
(function () {
  "use strict";
  var form = document.querySelector("form.tl-filters");
  if (!form) { return; }
  form.addEventListener("submit", function () {
    Array.prototype.forEach.call(form.elements, function (field) {
      var isDefault = field.name === "show" && field.value === "all";
      if (field.name && (field.value === "" || isDefault)) { field.disabled = true; }
    });
  });
})();
