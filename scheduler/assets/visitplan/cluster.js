/* visitplan, clustered (city-wide) maps only: runs after map.js.
 *
 * Centers sit in one Leaflet.markercluster group per district, so a calendar row
 * opens its center through the cluster (zoomToShowLayer) instead of map.js's plain
 * focus. Adds the district filter (calendar rows, counselor list, map view) and hides
 * the numbered stops until the map is zoomed in. Like map.js it builds no HTML.
 */
(function () {
  "use strict";

  function init() {
    var d = window.VP_DATA;
    if (!d || !d.map || !d.districts) {
      return;
    }
    var map = d.map;
    var container = map.getContainer();
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr.vp-row"));
    var districtSel = document.getElementById("vp-filter-district");
    var teamSel = document.getElementById("vp-filter-team");
    var weekSel = document.getElementById("vp-filter-week");
    var count = document.getElementById("vp-count");

    function zoomClass() {
      container.classList.toggle("vp-far", map.getZoom() < d.stopsZoom);
    }
    map.on("zoomend", zoomClass);
    zoomClass();

    function showRow(row) {
      var i = Number(row.getAttribute("data-site"));
      var marker = d.centers[i];
      var district = marker ? d.districts[d.centerDistrict[i]] : null;
      if (!district) {
        return;
      }
      if (!map.hasLayer(district.group)) {
        map.addLayer(district.group);
      }
      rows.forEach(function (other) {
        other.classList.remove("vp-selected");
      });
      row.classList.add("vp-selected");
      map.closePopup();
      district.cluster.zoomToShowLayer(marker, function () {
        marker.openPopup();
      });
    }

    // Capture phase: runs before map.js's row handlers, which this replaces.
    function intercept(event) {
      var row = event.target && event.target.closest ? event.target.closest("tr.vp-row") : null;
      if (!row) {
        return;
      }
      if (event.type === "keydown" && event.key !== "Enter" && event.key !== " ") {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      showRow(row);
    }
    document.addEventListener("click", intercept, true);
    document.addEventListener("keydown", intercept, true);

    function applyDistrict() {
      var k = districtSel ? districtSel.value : "";
      if (teamSel) {
        Array.prototype.forEach.call(teamSel.querySelectorAll("optgroup"), function (og) {
          var off = k !== "" && og.getAttribute("data-district") !== k;
          og.hidden = off;
          og.disabled = off;
        });
      }
      var shown = 0;
      rows.forEach(function (row) {
        if (k !== "" && row.getAttribute("data-district") !== k) {
          row.classList.add("vp-hidden");
        }
        if (!row.classList.contains("vp-hidden")) {
          shown += 1;
        }
      });
      if (count) {
        count.textContent = shown + " / " + rows.length;
      }
    }

    if (districtSel) {
      districtSel.addEventListener("change", function () {
        var k = districtSel.value;
        var opt = teamSel && teamSel.selectedOptions ? teamSel.selectedOptions[0] : null;
        var og = opt && opt.parentNode && opt.parentNode.tagName === "OPTGROUP" ? opt.parentNode : null;
        if (teamSel && k !== "" && og && og.getAttribute("data-district") !== k) {
          teamSel.value = "";
        }
        // Let map.js re-filter by counselor and week first; the listener below then narrows.
        if (teamSel) {
          teamSel.dispatchEvent(new Event("change"));
        } else {
          applyDistrict();
        }
        var district = k === "" ? null : d.districts[Number(k)];
        if (district) {
          if (!map.hasLayer(district.group)) {
            map.addLayer(district.group);
          }
          map.fitBounds(L.latLngBounds(district.bounds), { padding: [24, 24], animate: false });
        }
      });
    }
    if (teamSel) {
      teamSel.addEventListener("change", applyDistrict);
    }
    if (weekSel) {
      weekSel.addEventListener("change", applyDistrict);
    }
    applyDistrict();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
