/* visitplan map page: legend control, calendar panel, filters, labels, print sizing.
 *
 * Reads window.VP_DATA, written by scheduler/output/map.py after the Leaflet
 * objects exist. It never builds HTML from strings: every text on the page was
 * escaped in Python; this script only moves, shows and hides existing nodes.
 */
(function () {
  "use strict";

  var NARROW_PX = 560; // below this map width: legend and layer list start collapsed
  var LABEL_SPOTS = [
    "translate(-50%, 13px)",
    "translate(-50%, calc(-100% - 13px))",
    "translate(14px, -50%)",
    "translate(calc(-100% - 14px), -50%)",
  ];

  function init() {
    var d = window.VP_DATA;
    if (!d || !d.map) {
      return;
    }
    var map = d.map;
    var container = map.getContainer();
    if (map.attributionControl) {
      map.attributionControl.setPrefix(d.prefix);
      if (d.attribution) {
        map.attributionControl.addAttribution(d.attribution);
      }
    }

    function narrow() {
      return container.clientWidth > 0 && container.clientWidth < NARROW_PX;
    }

    // Legend: the hidden server-rendered block becomes a Leaflet control.
    var source = document.getElementById("vp-legend-source");
    var legendNode = source ? source.firstElementChild : null;
    if (legendNode) {
      var Legend = L.Control.extend({
        options: { position: "bottomright" },
        onAdd: function () {
          L.DomEvent.disableClickPropagation(legendNode);
          L.DomEvent.disableScrollPropagation(legendNode);
          return legendNode;
        },
      });
      new Legend().addTo(map);
      if (narrow()) {
        legendNode.open = false;
      }
      legendNode.addEventListener("toggle", function () {
        placeLabels();
      });
    }
    // On a phone the layer list folds into its button.
    if (d.layerControl && narrow()) {
      d.layerControl.remove();
      d.layerControl.options.collapsed = true;
      d.layerControl.addTo(map);
    }

    var teamSel = document.getElementById("vp-filter-team");
    var weekSel = document.getElementById("vp-filter-week");
    var daySel = document.getElementById("vp-filter-day");
    var count = document.getElementById("vp-count");
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr.vp-row"));

    function value(sel) {
      return sel ? sel.value : "";
    }

    function matches(team, week, day) {
      var t = value(teamSel);
      var w = value(weekSel);
      var dd = value(daySel);
      return (t === "" || String(team) === t) && (w === "" || String(week) === w) &&
        (dd === "" || String(day) === dd);
    }

    // The box of what is shown: the routes of the period, else everything.
    function shownBounds() {
      var b = null;
      d.routes.forEach(function (route) {
        if (!matches(route.team, route.week, route.day)) {
          return;
        }
        route.layers.forEach(function (layer) {
          if (layer.getBounds) {
            b = b ? b.extend(layer.getBounds()) : L.latLngBounds(layer.getBounds().getSouthWest(),
              layer.getBounds().getNorthEast());
          }
        });
      });
      return b;
    }

    function applyFilters(refit) {
      var shown = 0;
      var period = value(weekSel) !== "" || value(daySel) !== "";
      rows.forEach(function (row) {
        var ok = matches(row.getAttribute("data-team"), row.getAttribute("data-week"),
          row.getAttribute("data-date"));
        row.classList.toggle("vp-hidden", !ok);
        if (ok) {
          shown += 1;
        }
      });
      d.routes.forEach(function (route) {
        var ok = matches(route.team, route.week, route.day);
        route.layers.forEach(function (layer) {
          if (ok) {
            route.group.addLayer(layer);
          } else {
            route.group.removeLayer(layer);
          }
        });
        // Visit-order numbers only for a chosen week or day: all of them at once hide the map.
        (route.stops || []).forEach(function (layer) {
          if (ok && period) {
            route.group.addLayer(layer);
          } else {
            route.group.removeLayer(layer);
          }
        });
      });
      if (count) {
        count.textContent = shown + " / " + rows.length;
      }
      if (refit) {
        map.closePopup();
        rows.forEach(function (other) {
          other.classList.remove("vp-selected");
        });
        var b = value(teamSel) === "" && !period ? null : shownBounds();
        fitAll(b);
      }
    }

    function showRow(row) {
      var marker = d.centers[Number(row.getAttribute("data-site"))];
      if (!marker) {
        return;
      }
      if (!map.hasLayer(d.centersGroup)) {
        map.addLayer(d.centersGroup);
      }
      rows.forEach(function (other) {
        other.classList.remove("vp-selected");
      });
      row.classList.add("vp-selected");
      var zoom = Math.min(Math.max(map.getZoom(), d.focusZoom), d.focusZoom + 1);
      map.setView(marker.getLatLng(), zoom, { animate: false });
      marker.openPopup();
    }

    rows.forEach(function (row) {
      row.addEventListener("click", function () {
        showRow(row);
      });
      row.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          showRow(row);
        }
      });
    });
    if (teamSel) {
      teamSel.addEventListener("change", function () {
        applyFilters(true);
      });
    }
    if (weekSel) {
      weekSel.addEventListener("change", function () {
        if (daySel && weekSel.value !== "") {
          daySel.value = "";
        }
        applyFilters(true);
      });
    }
    if (daySel) {
      daySel.addEventListener("change", function () {
        if (weekSel && daySel.value !== "") {
          weekSel.value = "";
        }
        applyFilters(true);
      });
    }
    applyFilters(false);

    // Labels that do not collide: center labels first, then dong names; a label that
    // would overlap one already shown, or a center symbol, is hidden until there is room.
    function placeLabels() {
      var centerLabels = Array.prototype.slice.call(container.querySelectorAll(".vp-clabel > div"));
      var dongLabels = Array.prototype.slice.call(container.querySelectorAll(".vp-dong-label > div"));
      var pins = Array.prototype.slice.call(container.querySelectorAll(".vp-center .vp-pin"))
        .map(function (p) {
          return p.getBoundingClientRect();
        });
      var placed = Array.prototype.slice.call(container.querySelectorAll(".leaflet-control"))
        .map(function (c) {
          return c.getBoundingClientRect();
        });

      function overlaps(r, list, skip) {
        for (var i = 0; i < list.length; i += 1) {
          var o = list[i];
          if (i !== skip && r.left < o.right && r.right > o.left && r.top < o.bottom &&
              r.bottom > o.top) {
            return true;
          }
        }
        return false;
      }

      var frame = container.getBoundingClientRect();
      function inside(r) {
        return r.left >= frame.left && r.right <= frame.right && r.top >= frame.top &&
          r.bottom <= frame.bottom;
      }

      centerLabels.concat(dongLabels).forEach(function (el) {
        el.style.visibility = "";
      });
      // Labels are added in the centers' order, like the symbols: label i belongs to pin i.
      // Below the symbol first, then above, right and left of it; hidden when none is free.
      centerLabels.forEach(function (el, i) {
        var done = false;
        for (var k = 0; k < LABEL_SPOTS.length && !done; k += 1) {
          el.style.transform = LABEL_SPOTS[k];
          var r = el.getBoundingClientRect();
          if (!r.width) {
            return;
          }
          if (inside(r) && !overlaps(r, placed, -1) && !overlaps(r, pins, i)) {
            placed.push(r);
            done = true;
          }
        }
        if (!done) {
          el.style.transform = LABEL_SPOTS[0];
          el.style.visibility = "hidden";
        }
      });
      dongLabels.forEach(function (el) {
        var r = el.getBoundingClientRect();
        if (!r.width) {
          return;
        }
        if (!inside(r) || overlaps(r, placed, -1) || overlaps(r, pins, -1)) {
          el.style.visibility = "hidden";
        } else {
          placed.push(r);
        }
      });
    }
    map.on("zoomend moveend overlayadd overlayremove", placeLabels);

    // Fit the district (or what the filters show) clear of the layer list (top right)
    // and the legend (bottom right): try room above or beside each, keep the largest
    // zoom. Padding that would leave no room is dropped, so a small window never gets
    // an impossible fit (Leaflet would compute NaN coordinates).
    var lastBounds = null;
    function fitAll(target) {
      map.invalidateSize({ animate: false });
      if (target !== undefined) {
        lastBounds = target;
      }
      var bounds = lastBounds || (d.bounds ? L.latLngBounds(d.bounds) : null);
      if (!bounds || !bounds.isValid()) {
        return;
      }
      var size = map.getSize();
      if (!(size.x > 0 && size.y > 0)) {
        return;
      }
      var pad = Math.max(4, Math.min(16, Math.round(Math.min(size.x, size.y) / 25)));
      var layers = container.querySelector(".leaflet-top.leaflet-right .leaflet-control-layers");
      var legend = container.querySelector(".leaflet-control.vp-legend");
      var tops = [L.point(pad, pad)];
      if (layers && layers.offsetHeight && layers.offsetHeight < size.y / 3) {
        tops.push(L.point(pad, layers.offsetHeight + 2 * pad));
      }
      var bottoms = [L.point(pad, pad)];
      if (legend && legend.offsetWidth && legend.offsetWidth < size.x / 2 &&
          legend.offsetHeight < size.y / 2) {
        bottoms = [L.point(legend.offsetWidth + 2 * pad, pad),
          L.point(pad, legend.offsetHeight + 2 * pad)];
      }
      var best = null;
      bottoms.forEach(function (br) {
        tops.forEach(function (tl) {
          var room = size.subtract(tl).subtract(br);
          if (room.x < size.x * 0.4 || room.y < size.y * 0.4) {
            return;
          }
          var zoom = map.getBoundsZoom(bounds, false, tl.add(br));
          if (isFinite(zoom) && (best === null || zoom >= best.zoom)) {
            best = { zoom: zoom, tl: tl, br: br };
          }
        });
      });
      if (best === null) {
        best = { tl: L.point(0, 0), br: L.point(0, 0) };
      }
      map.fitBounds(bounds, {
        paddingTopLeft: best.tl,
        paddingBottomRight: best.br,
        maxZoom: 17,
        animate: false,
      });
      placeLabels();
    }

    function printFit() {
      if (legendNode) {
        legendNode.open = true;
      }
      lastBounds = null;
      fitAll();
    }

    // Browsers lay out the print page after "beforeprint": refit when print media applies too.
    window.addEventListener("beforeprint", printFit);
    window.addEventListener("afterprint", function () {
      fitAll();
    });
    if (window.matchMedia) {
      var printQuery = window.matchMedia("print");
      if (printQuery.addEventListener) {
        printQuery.addEventListener("change", function () {
          fitAll();
        });
      }
    }
    var resizeTimer = null;
    window.addEventListener("resize", function () {
      if (resizeTimer) {
        window.clearTimeout(resizeTimer);
      }
      resizeTimer = window.setTimeout(function () {
        fitAll();
      }, 100);
    });
    fitAll(null);
    document.body.setAttribute("data-vp-ready", "1");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
