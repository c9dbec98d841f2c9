// Progressive enhancement for the desk's pages; every page works without it.
// - [data-due]: a live countdown to an ISO instant (and the risk badge that goes with it).
// - [data-refresh]: the region refreshes itself from the server every N seconds while nobody is typing in it
//   (marked as a refresh, so it does not count as use of an idle session).
// - form[data-confirm]: asks before an irreversible action.
// - #ticket-opener: a customer's ticket link keeps its token in the URL fragment (never sent to a server); the
//   page posts it once, and the server remembers it in a cookie of that ticket.
// - #sign-in-link: a sign-in link's token, also in the fragment, goes into the form; the person presses "Sign in"
//   (a mail scanner that opens links does not use the single-use link up).
// - fieldset[data-scope]: the submit form's pre-checks of the scope chosen under "Who is affected?" (all show without script).
(function () {
  "use strict";

  function format(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    if (d > 0) { return d + "d " + h + "h " + two(m) + "m"; }
    if (h > 0) { return h + "h " + two(m) + "m " + two(sec) + "s"; }
    return m + "m " + two(sec) + "s";
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-due]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) { return; }
      var left = due - now;
      el.textContent = left > 0 ? "in " + format(left) : "breached " + format(left) + " ago";
      var warn = Date.parse(el.getAttribute("data-warn") || "");
      var risk = left <= 0 ? "breached" : (!isNaN(warn) && now >= warn ? "at-risk" : "ok");
      var badge = el.getAttribute("data-badge") ? document.getElementById(el.getAttribute("data-badge")) : null;
      if (badge && badge.getAttribute("data-risk") !== risk) {
        badge.setAttribute("data-risk", risk);
        badge.className = "risk risk-" + risk;
        badge.textContent = risk === "at-risk" ? "at risk" : risk;
        var row = badge.closest("tr");
        if (row) { row.className = "row-" + risk; }
      }
    });
  }

  function refresh(region) {
    var seconds = parseInt(region.getAttribute("data-refresh"), 10);
    if (!(seconds > 0)) { return; }
    setInterval(function () {
      if (document.hidden || region.contains(document.activeElement) && document.activeElement.matches("input, select, textarea")) { return; }
      // X-Desk-Refresh: a refresh nobody asked for does not keep an idle session alive; once it has ended, the
      // answer is the sign-in page, and reloading shows it.
      fetch(window.location.href, { headers: { "Accept": "text/html", "X-Desk-Refresh": "1" }, credentials: "same-origin" })
        .then(function (r) {
          if (r.redirected || r.status === 401) { window.location.reload(); return null; }
          return r.ok ? r.text() : null;
        })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(region.id);
          if (fresh) { region.replaceChildren.apply(region, Array.prototype.slice.call(fresh.childNodes)); tick(); }
        })
        .catch(function () { /* the next refresh tries again */ });
    }, seconds * 1000);
  }

  function openTicket(form) {
    var match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
    if (!match) {
      document.getElementById("ticket-opener-missing").hidden = false;
      return;
    }
    form.elements.token.value = decodeURIComponent(match[1]);
    history.replaceState(null, "", window.location.pathname + window.location.search);
    form.submit();
  }

  function fragmentToken() {
    var match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function signInLink(form) {
    var token = fragmentToken();
    if (!token) {
      document.getElementById("sign-in-link-missing").hidden = false;
      form.querySelector("button").disabled = true;
      return;
    }
    form.elements.token.value = token;
    history.replaceState(null, "", window.location.pathname);
  }

  function triage(form) {
    var scopes = form.querySelectorAll("fieldset[data-scope]");
    function show() {
      var chosen = form.querySelector("input[name='affectedUsers']:checked");
      scopes.forEach(function (fieldset) {
        fieldset.hidden = !chosen || fieldset.getAttribute("data-scope") !== chosen.value;
      });
    }
    form.querySelectorAll("input[name='affectedUsers']").forEach(function (radio) { radio.addEventListener("change", show); });
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var opener = document.getElementById("ticket-opener");
    if (opener) { openTicket(opener); }
    var link = document.getElementById("sign-in-link");
    if (link) { signInLink(link); }
    var submit = document.getElementById("submit-ticket");
    if (submit) { triage(submit); }
    tick();
    setInterval(tick, 1000);
    document.querySelectorAll("[data-refresh]").forEach(refresh);
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (e) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); }
      });
    });
  });
}());
