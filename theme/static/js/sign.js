/* Progressive enhancement only: every form posts and every page reads without this. */
(function () {
  "use strict";
  var fmt = new Intl.NumberFormat("en-GB");

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  /* Live counts: the figure printed at publish time, refreshed while the tab is visible. */
  function refreshCounts() {
    var byUrl = {};
    $$("[data-live-count]").forEach(function (el) {
      (byUrl[el.getAttribute("data-live-count")] = byUrl[el.getAttribute("data-live-count")] || []).push(el);
    });
    Object.keys(byUrl).forEach(function (url) {
      getJSON(url).then(function (data) {
        byUrl[url].forEach(function (el) {
          $$("[data-count]", el).forEach(function (n) { n.textContent = fmt.format(data.total); });
          $$("[data-clps]", el).forEach(function (n) { n.textContent = fmt.format(data.distinct_clps); });
          $$("[data-progress]", el).forEach(function (p) { p.value = Math.min(data.total, p.max); });
          var regions = data.regions || {};
          $$("[data-region]", el).forEach(function (td) { td.textContent = fmt.format(regions[td.getAttribute("data-region")] || 0); });
          $$("[data-region-meter]", el).forEach(function (m) {
            var values = Object.keys(regions).map(function (k) { return regions[k]; });
            m.max = Math.max.apply(null, values.concat([1]));
            m.value = regions[m.getAttribute("data-region-meter")] || 0;
          });
        });
      }).catch(function () { /* keep the published figure */ });
    });
  }

  function fieldOf(form, name) { return $('[data-field="' + name + '"]', form); }

  function clearErrors(form) {
    $$(".field--error", form).forEach(function (f) { f.classList.remove("field--error"); });
    $$(".field__error", form).forEach(function (e) { e.hidden = true; });
    var summary = $(".error-summary", form);
    summary.hidden = true;
    $(".error-summary__list", summary).innerHTML = "";
  }

  function showErrors(form, errors) {
    clearErrors(form);
    var summary = $(".error-summary", form);
    var list = $(".error-summary__list", summary);
    Object.keys(errors).forEach(function (name) {
      var li = document.createElement("li");
      var field = fieldOf(form, name);
      var message = errors[name];
      if (field) {
        field.classList.add("field--error");
        var err = $("#sign-" + name + "-error", form);
        if (err) {
          err.hidden = false;
          err.innerHTML = '<span class="visually-hidden">Error: </span>';
          err.appendChild(document.createTextNode(message));
        }
        var a = document.createElement("a");
        var input = $("#sign-" + name, form) || $("input, select", field);
        a.href = "#" + (input ? input.id : "sign-form");
        a.textContent = message;
        li.appendChild(a);
      } else {
        li.textContent = message;
      }
      list.appendChild(li);
    });
    summary.hidden = false;
    summary.focus();
  }

  function payload(form) {
    var data = {};
    $$("input, select", form).forEach(function (el) {
      if (!el.name) return;
      if (el.type === "checkbox") data[el.name] = el.checked;
      else if (el.type === "radio") { if (el.checked) data[el.name] = el.value; }
      else data[el.name] = el.value;
    });
    return data;
  }

  function loadConstituencies(form) {
    var select = $("#sign-clp", form);
    if (!select || select.getAttribute("data-all") === "yes") return Promise.resolve(select);
    return getJSON(form.getAttribute("data-constituencies-url")).then(function (rows) {
      var chosen = select.value;
      var groups = {};
      rows.forEach(function (c) { (groups[c.region] = groups[c.region] || []).push(c); });
      $$("optgroup", select).forEach(function (g) { g.remove(); });
      Object.keys(groups).sort().forEach(function (region) {
        var group = document.createElement("optgroup");
        group.label = region;
        groups[region].forEach(function (c) { group.appendChild(new Option(c.name, c.gss)); });
        select.appendChild(group);
      });
      select.value = chosen;
      select.setAttribute("data-all", "yes");
      return select;
    });
  }

  function lookUpPostcode(form) {
    var input = $("#sign-postcode", form);
    var found = $("[data-clp-found]", form);
    var postcode = input.value.trim();
    if (!found || postcode.length < 5) return;
    getJSON(form.getAttribute("data-lookup-url") + encodeURIComponent(postcode)).then(function (data) {
      var c = data.constituency;
      found.hidden = false;
      found.textContent = c ? "Your CLP: " + c.name + " (" + c.region + "). Not right? Choose it from the list below."
                            : "Choose your constituency from the list below.";
      if (c) loadConstituencies(form).then(function (select) { if (select && !select.value) select.value = c.gss; });
    }).catch(function () { found.hidden = true; });
  }

  function toggleOutside(form) {
    var box = $("#sign-outside_uk", form);
    if (!box) return;
    var outside = box.checked;
    ["postcode", "clp"].forEach(function (n) { var f = fieldOf(form, n); if (f) f.hidden = outside; });
    var country = fieldOf(form, "country");
    if (country) country.hidden = !outside;
  }

  function enhance(form) {
    var started = $('input[name="started"]', form);
    if (started && !started.value) started.value = String(Date.now());
    var postcode = $("#sign-postcode", form);
    if (postcode) postcode.addEventListener("change", function () { lookUpPostcode(form); });
    var clp = $("#sign-clp", form);
    if (clp) clp.addEventListener("focus", function () { loadConstituencies(form).catch(function () {}); });
    var outside = $("#sign-outside_uk", form);
    if (outside) { outside.addEventListener("change", function () { toggleOutside(form); }); toggleOutside(form); }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = $('button[type="submit"]', form);
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(payload(form))
      }).then(function (r) {
        return r.json().then(function (body) { return { status: r.status, body: body }; });
      }).then(function (answer) {
        button.disabled = false;
        if (answer.status === 202 && answer.body.next) { window.location.assign(answer.body.next); return; }
        if (answer.body.errors) { showErrors(form, answer.body.errors); return; }
        showErrors(form, { form: answer.body.error || "Something went wrong. Please press Sign again." });
      }).catch(function () {
        // No answer we can read: send the plain form instead, which always works.
        button.disabled = false;
        form.submit();
      });
    });
  }

  function startSearch() {
    var el = $("[data-search]");
    if (!el || !window.PagefindUI) return;
    new window.PagefindUI({ element: "#" + el.id, showSubResults: true, showImages: false });
    var fallback = $("[data-search-fallback]");
    if (fallback) fallback.hidden = true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    $$("form.sign-form").forEach(enhance);
    startSearch();
    if ($("[data-live-count]")) {
      refreshCounts();
      setInterval(function () { if (document.visibilityState === "visible") refreshCounts(); }, 30000);
    }
  });
})();
