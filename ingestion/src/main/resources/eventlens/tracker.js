/* EventLens website tracker: page views (History API navigations too), outbound links, eventlens.track(name, props).
   No cookies, no storage: the server derives a visitor id that changes every day. https://github.com/eventlens */
(function (w, d, n) {
  var s = d.currentScript, key = s && s.getAttribute('data-key'), queued = w.eventlens && w.eventlens.q;
  var q = [], timer, last, el = w.eventlens = { track: function () {} };
  if (!key || (s.hasAttribute('data-respect-dnt')
      && (n.doNotTrack == '1' || w.doNotTrack == '1' || n.globalPrivacyControl))) return;
  var api = (s.getAttribute('data-api') || new URL(s.src).origin) + '/v1/collect?key=' + encodeURIComponent(key);

  function flush() {
    clearTimeout(timer);
    if (!q.length) return;
    var body = JSON.stringify({ events: q.splice(0) });
    // A beacon survives the page closing; text/plain needs no CORS preflight.
    if (!(n.sendBeacon && n.sendBeacon(api, body))) {
      fetch(api, { method: 'POST', body: body, keepalive: true, credentials: 'omit' }).catch(function () {});
    }
  }

  function send(name, props) {
    q.push({ n: name, u: location.href, r: d.referrer || null, p: props || {},
      i: w.crypto && crypto.randomUUID ? crypto.randomUUID() : null });
    clearTimeout(timer);
    if (q.length >= 20) flush(); else timer = setTimeout(flush, 250);
  }

  function page() {
    var path = location.pathname + location.search;
    if (path !== last) { last = path; send('page_view'); }
  }

  el.track = function (name, props) { if (typeof name == 'string' && name) send(name, props); };
  var push = history.pushState;
  history.pushState = function () { push.apply(this, arguments); page(); };
  w.addEventListener('popstate', page);
  d.addEventListener('click', function (e) {
    var a = e.target && e.target.closest && e.target.closest('a[href]');
    if (a && a.host && a.host !== location.host) send('outbound_link', { url: a.href });
  }, true);
  w.addEventListener('pagehide', flush);
  d.addEventListener('visibilitychange', function () { if (d.visibilityState == 'hidden') flush(); });
  page();
  if (queued) for (var i = 0; i < queued.length; i++) el.track.apply(el, queued[i]);
})(window, document, navigator);
