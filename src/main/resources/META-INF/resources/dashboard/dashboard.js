// Herald's live dashboard: a node's vehicles on a map, fed by the REST API and the node's event stream.
// Plain script, no framework, nothing loaded from elsewhere (the page's Content-Security-Policy allows only 'self').
// Data from the network is always put into the page as text (textContent, attribute values): never parsed as HTML.
'use strict';

(() => {
  const GEOLOC_NS = 'http://jabber.org/protocol/geoloc';
  const ATOM_NS = 'http://www.w3.org/2005/Atom';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const TOKEN_KEY = 'herald.dashboard.token';
  const MAX_LAT = 85.05112878; // Web Mercator's edge
  const HISTORY = 500; // fixes kept per vehicle for a replay when the server has no track endpoint

  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const nodeId = params.get('node');

  const state = {
    vehicles: new Map(), // key -> vehicle
    history: new Map(), // key -> fixes seen by this page (kept across reconnects; a replay without a track endpoint)
    area: null, // {west, south, east, north} or null
    view: null, // {cx, cy, k}: centre in projected degrees, pixels per degree
    userView: false, // the user panned, zoomed or drew an area: the view is theirs until they press Fit
    selected: null,
    track: null, // {key, points: [{lat, lon, fixTime}], shown}
    stream: null, // {close()}
    generation: 0, // bumps on every reconnect; late answers of an older connection are dropped
  };

  // ---------------------------------------------------------------- projection (Web Mercator, degrees)
  const mercY = (lat) => {
    const phi = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI / 180;
    return Math.log(Math.tan(Math.PI / 4 + phi / 2)) * 180 / Math.PI;
  };
  const invMercY = (y) => (2 * Math.atan(Math.exp(y * Math.PI / 180)) - Math.PI / 2) * 180 / Math.PI;

  function size() {
    const r = $('map').getBoundingClientRect();
    return { w: Math.max(1, r.width), h: Math.max(1, r.height) };
  }

  function toScreen(lat, lon) {
    const { w, h } = size();
    const v = state.view;
    return { x: w / 2 + (lon - v.cx) * v.k, y: h / 2 - (mercY(lat) - v.cy) * v.k };
  }

  function toGeo(x, y) {
    const { w, h } = size();
    const v = state.view;
    return { lon: v.cx + (x - w / 2) / v.k, lat: invMercY(v.cy - (y - h / 2) / v.k) };
  }

  function fit() {
    const { w, h } = size();
    const all = [...state.vehicles.values()];
    if (state.area) {
      all.push({ lat: state.area.south, lon: state.area.west }, { lat: state.area.north, lon: state.area.east });
    }
    if (all.length === 0) {
      state.view = { cx: 0, cy: 0, k: w / 360 };
      return;
    }
    let west = Infinity, east = -Infinity, south = Infinity, north = -Infinity;
    for (const p of all) {
      west = Math.min(west, p.lon); east = Math.max(east, p.lon);
      south = Math.min(south, mercY(p.lat)); north = Math.max(north, mercY(p.lat));
    }
    const dx = Math.max(east - west, 0.005);
    const dy = Math.max(north - south, 0.005);
    state.view = { cx: (west + east) / 2, cy: (south + north) / 2, k: Math.min(w / dx, h / dy) * 0.75 };
  }

  // ---------------------------------------------------------------- drawing
  let drawPending = false;
  function schedule() {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(() => { drawPending = false; draw(); });
  }

  function el(name, attrs, parent) {
    const e = document.createElementNS(SVG_NS, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (parent) parent.appendChild(e);
    return e;
  }

  const NICE = [1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 45, 90];

  function degreeLabel(value, step, pos, neg) {
    const digits = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
    const text = Math.abs(value).toFixed(digits) + '°';
    return value === 0 ? text : text + (value > 0 ? pos : neg);
  }

  function drawGraticule() {
    const g = $('graticule');
    g.replaceChildren();
    g.setAttribute('class', 'grid');
    const { w, h } = size();
    const k = state.view.k;
    const step = NICE.find((s) => s * k >= 90) || 90;
    const nw = toGeo(0, 0), se = toGeo(w, h);
    const lonFrom = Math.ceil(Math.max(-180, nw.lon) / step) * step;
    for (let lon = lonFrom; lon <= Math.min(180, se.lon); lon += step) {
      const x = toScreen(0, lon).x;
      el('line', { x1: x, y1: 0, x2: x, y2: h }, g);
      const t = el('text', { x: x + 3, y: h - 4 }, g);
      t.textContent = degreeLabel(+lon.toFixed(10), step, 'E', 'W');
    }
    const latFrom = Math.ceil(Math.max(-MAX_LAT, se.lat) / step) * step;
    for (let lat = latFrom; lat <= Math.min(MAX_LAT, nw.lat); lat += step) {
      const y = toScreen(lat, 0).y;
      el('line', { x1: 0, y1: y, x2: w, y2: y }, g);
      const t = el('text', { x: 3, y: y - 3 }, g);
      t.textContent = degreeLabel(+lat.toFixed(10), step, 'N', 'S');
    }
    if (state.area) {
      const a = state.area;
      const p1 = toScreen(a.north, a.west), p2 = toScreen(a.south, a.east);
      el('rect', { class: 'area', x: p1.x, y: p1.y, width: Math.max(0, p2.x - p1.x), height: Math.max(0, p2.y - p1.y) }, g);
    }
  }

  function drawScale() {
    const g = $('scale');
    g.replaceChildren();
    const { w, h } = size();
    const lat = invMercY(state.view.cy);
    const metresPerPixel = 111320 * Math.cos(lat * Math.PI / 180) / state.view.k;
    const target = metresPerPixel * 120;
    const pow = Math.pow(10, Math.floor(Math.log10(target)));
    const metres = [5, 2, 1].map((m) => m * pow).find((m) => m <= target) || pow;
    const px = metres / metresPerPixel;
    const x = w - px - 24, y = h - 34; // bottom right: the graticule's labels run along the left and bottom edges
    el('rect', { class: 'scale-bg', x: x - 6, y: y - 22, width: px + 12, height: 32, rx: 3 }, g);
    el('line', { x1: x, y1: y, x2: x + px, y2: y }, g);
    el('line', { x1: x, y1: y - 5, x2: x, y2: y + 5 }, g);
    el('line', { x1: x + px, y1: y - 5, x2: x + px, y2: y + 5 }, g);
    const t = el('text', { x, y: y - 7 }, g);
    t.textContent = metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
  }

  function drawMarkers() {
    const layer = $('markers');
    const present = new Set();
    for (const v of state.vehicles.values()) {
      present.add(v.key);
      let g = v.marker;
      if (!g) {
        g = el('g', { class: 'vehicle' });
        g.dataset.key = v.key;
        el('path', { d: 'M0,-17 L5,-8 L-5,-8 Z' }, g);
        el('circle', { r: 6 }, g);
        el('text', { x: 9, y: 4 }, g);
        g.addEventListener('click', (e) => { e.stopPropagation(); select(v.key); });
        v.marker = g;
        layer.appendChild(g);
      }
      const p = toScreen(v.lat, v.lon);
      g.setAttribute('transform', `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`);
      g.dataset.x = p.x.toFixed(1);
      g.dataset.y = p.y.toFixed(1);
      g.dataset.lat = String(v.lat);
      g.dataset.lon = String(v.lon);
      g.classList.toggle('stale', !!v.stale);
      g.classList.toggle('selected', state.selected === v.key);
      const arrow = g.querySelector('path');
      if (Number.isFinite(v.bearing)) {
        arrow.setAttribute('transform', `rotate(${v.bearing})`);
        arrow.removeAttribute('visibility');
      } else {
        arrow.setAttribute('visibility', 'hidden');
      }
      g.querySelector('text').textContent = v.label || v.key;
    }
    for (const g of [...layer.children]) if (!present.has(g.dataset.key)) g.remove();
  }

  function drawTrack() {
    const g = $('track');
    g.replaceChildren();
    const t = state.track;
    if (!t || t.points.length === 0) return;
    const shown = t.points.slice(0, t.shown);
    const pts = shown.map((p) => { const s = toScreen(p.lat, p.lon); return `${s.x.toFixed(1)},${s.y.toFixed(1)}`; });
    const line = el('polyline', { class: 'track-line', points: pts.join(' ') }, g);
    line.dataset.key = t.key;
    line.dataset.points = String(shown.length);
    if (shown.length) {
      const last = toScreen(shown[shown.length - 1].lat, shown[shown.length - 1].lon);
      el('circle', { class: 'track-head', r: 5, cx: last.x, cy: last.y }, g);
    }
  }

  function draw() {
    if (!state.view) fit();
    drawGraticule();
    drawTrack();
    drawMarkers();
    drawScale();
    drawList();
  }

  // ---------------------------------------------------------------- vehicle list
  function age(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return `${s} s ago`;
    if (s < 3600) return `${Math.floor(s / 60)} min ago`;
    if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
    return `${Math.floor(s / 86400)} d ago`;
  }

  function drawList() {
    const ul = $('vehicles');
    const vehicles = [...state.vehicles.values()].sort((a, b) => (a.label || a.key).localeCompare(b.label || b.key));
    $('count').textContent = String(vehicles.length);
    const now = Date.now();
    const items = vehicles.map((v) => {
      let li = v.row;
      if (!li) {
        li = document.createElement('li');
        li.dataset.key = v.key;
        const name = document.createElement('span');
        name.className = 'name';
        const when = document.createElement('span');
        when.className = 'age';
        li.append(name, when);
        li.addEventListener('click', () => select(v.key));
        v.row = li;
      }
      li.querySelector('.name').textContent = v.label || v.key;
      li.querySelector('.age').textContent = (v.stale ? 'stale · ' : '') + age(now - v.fixTime);
      li.querySelector('.age').title = new Date(v.fixTime).toISOString();
      li.classList.toggle('stale', !!v.stale);
      li.classList.toggle('selected', state.selected === v.key);
      return li;
    });
    ul.replaceChildren(...items);
  }

  // ---------------------------------------------------------------- positions
  const num = (x) => (x === null || x === undefined || x === '' ? undefined : (Number.isFinite(+x) ? +x : undefined));

  function inArea(lat, lon) {
    const a = state.area;
    if (!a) return true;
    const lonIn = a.west <= a.east ? lon >= a.west && lon <= a.east : lon >= a.west || lon <= a.east; // antimeridian
    return lat >= a.south && lat <= a.north && lonIn;
  }

  // Position.advances: a later fix replaces the shown one; an older one (a late fix) only joins the history.
  function upsert(fix) {
    if (!fix.key || !Number.isFinite(fix.lat) || !Number.isFinite(fix.lon)) return;
    let v = state.vehicles.get(fix.key);
    if (!inArea(fix.lat, fix.lon)) {
      if (v && fix.fixTime >= v.fixTime) remove(fix.key);
      return;
    }
    if (!v) {
      v = { key: fix.key };
      state.vehicles.set(fix.key, v);
      // each new vehicle widens the view to all of them, until the user takes the view (moves alone never refit,
      // so a marker's motion on screen is the vehicle's)
      if (!state.userView) state.view = null;
    }
    remember(fix);
    if (v.fixTime === undefined || fix.fixTime >= v.fixTime) {
      Object.assign(v, {
        itemId: fix.itemId, lat: fix.lat, lon: fix.lon, bearing: fix.bearing, speed: fix.speed,
        fixTime: fix.fixTime, stale: !!fix.stale, label: fix.label || v.label,
      });
    }
    schedule();
  }

  function remember(fix) {
    let h = state.history.get(fix.key);
    if (!h) state.history.set(fix.key, h = []);
    if (h.some((p) => p.fixTime === fix.fixTime && p.lat === fix.lat && p.lon === fix.lon)) return; // seen again after a reconnect
    h.push({ lat: fix.lat, lon: fix.lon, fixTime: fix.fixTime });
    if (h.length > HISTORY) h.shift();
  }

  function remove(key) {
    const v = state.vehicles.get(key);
    if (!v) return;
    if (v.marker) v.marker.remove();
    state.vehicles.delete(key);
    if (state.selected === key) closeReplay();
    schedule();
  }

  /** P of the brief: {key, itemId, lat, lon, alt?, accuracy?, speed?, bearing?, fixTime, received, stale, label?}. */
  function fromPosition(p) {
    return {
      key: p.key, itemId: p.itemId, lat: num(p.lat), lon: num(p.lon), bearing: num(p.bearing), speed: num(p.speed),
      fixTime: Date.parse(p.fixTime) || Date.parse(p.received) || Date.now(), stale: p.stale === true,
      label: typeof p.label === 'string' ? p.label : undefined,
    };
  }

  /** The XEP-0080 geoloc of an item payload (the payload itself, or a child of an Atom entry), or null. */
  function geolocOf(item) {
    if (typeof item.payload !== 'string' || item.contentType === 'application/json') return null;
    const doc = new DOMParser().parseFromString(item.payload, 'application/xml');
    const root = doc.documentElement;
    if (!root || root.getElementsByTagName('parsererror').length) return null;
    if (root.namespaceURI === GEOLOC_NS && root.localName === 'geoloc') return root;
    if (root.namespaceURI === ATOM_NS && root.localName === 'entry') {
      return [...root.children].find((c) => c.namespaceURI === GEOLOC_NS && c.localName === 'geoloc') || null;
    }
    return null;
  }

  function field(geoloc, name) {
    const c = [...geoloc.children].find((e) => e.namespaceURI === GEOLOC_NS && e.localName === name);
    return c ? c.textContent.trim() : undefined;
  }

  /** A fix read from an item (REST item or stream `item` event); key from data.geo when Herald tells it. */
  function fromItem(item) {
    const g = geolocOf(item);
    if (!g) return null;
    const key = (item.geo && item.geo.key) || item.id;
    const lat = num(field(g, 'lat')), lon = num(field(g, 'lon'));
    const ts = Date.parse(field(g, 'timestamp') || '');
    return {
      key, itemId: item.id, lat, lon, bearing: num(field(g, 'bearing')), speed: num(field(g, 'speed')),
      fixTime: Number.isFinite(ts) ? ts : (Date.parse(item.published) || Date.now()),
      stop: lat === undefined && lon === undefined,
      label: field(g, 'text') || field(g, 'description') || undefined,
    };
  }

  function onItem(item) {
    if (item.geo && item.geo.crossing === 'leave') { remove(item.geo.key); return; }
    const fix = fromItem(item);
    if (!fix) return;
    if (fix.stop) { remove(fix.key); return; } // XEP-0080 §3: an empty geoloc stops publishing the location
    upsert(fix);
  }

  // ---------------------------------------------------------------- network
  const enc = (s) => encodeURIComponent(s);
  const nodePath = () => `/api/v1/nodes/${enc(nodeId)}`;
  const token = () => sessionStorage.getItem(TOKEN_KEY) || '';
  const areaQuery = () => (state.area ? `bbox=${[state.area.west, state.area.south, state.area.east, state.area.north].join(',')}` : '');

  function headers() {
    const t = token();
    return t ? { Authorization: `Bearer ${t}`, Accept: 'application/json' } : { Accept: 'application/json' };
  }

  async function getJson(url) {
    const res = await fetch(url, { headers: headers(), cache: 'no-store', credentials: 'omit' });
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    return { status: res.status, body };
  }

  function status(text, kind) {
    const s = $('status');
    s.textContent = text;
    s.className = 'status' + (kind ? ' ' + kind : '');
  }

  function problemText(r) {
    if (r.status === 401) return 'this node needs a token';
    if (r.status === 403) return 'this token may not read the node';
    if (r.status === 404) return 'no such node';
    return (r.body && (r.body.detail || r.body.title)) || `HTTP ${r.status}`;
  }

  /** The snapshot: GET …/positions; where Herald has no position index, the latest items' geolocs instead. */
  async function snapshot(gen) {
    const q = areaQuery();
    const r = await getJson(`${nodePath()}/positions${q ? '?' + q : ''}`);
    if (gen !== state.generation) return;
    if (r.status === 200 && r.body && Array.isArray(r.body.positions)) {
      $('map').dataset.snapshot = 'positions'; // where the first state came from (shown to tests and the curious)
      r.body.positions.forEach((p) => upsert(fromPosition(p)));
      return;
    }
    if (r.status === 401 || r.status === 403) throw new Error(problemText(r));
    const items = await getJson(`${nodePath()}/items?limit=100`);
    if (gen !== state.generation) return;
    if (items.status !== 200) throw new Error(problemText(items));
    $('map').dataset.snapshot = 'items';
    // newest first: walking backwards lets later fixes win as they would live
    [...(items.body.items || [])].reverse().forEach(onItem);
  }

  function handleEvent(type, data) {
    let d;
    try { d = JSON.parse(data); } catch (e) { return; }
    if (type === 'position') upsert(fromPosition(d));
    else if (type === 'item') onItem(d);
    else if (type === 'stale') {
      const v = state.vehicles.get(d.key);
      if (v) { v.stale = true; schedule(); }
    } else if (type === 'retract') {
      const ids = new Set(d.ids || []);
      for (const v of [...state.vehicles.values()]) if (ids.has(v.itemId)) remove(v.key);
    } else if (type === 'purge') {
      for (const key of [...state.vehicles.keys()]) remove(key);
    } else if (type === 'delete') {
      status('the node was deleted', 'error');
    } else if (type === 'closed') {
      status(`stream closed: ${d.reason || ''}`, 'error');
    }
  }

  const EVENTS = ['position', 'item', 'stale', 'retract', 'purge', 'delete', 'closed'];

  /** Anonymous readers: the browser's EventSource (it reconnects by itself, sending Last-Event-ID). */
  function eventSource(url) {
    const es = new EventSource(url);
    EVENTS.forEach((t) => es.addEventListener(t, (e) => handleEvent(t, e.data)));
    es.onopen = () => status('live', 'live');
    es.onerror = () => status(es.readyState === EventSource.CLOSED ? 'stream refused (a token may be needed)' : 'reconnecting…', 'error');
    return { close: () => es.close() };
  }

  /** With a token: EventSource cannot send headers, so the stream is read through fetch (W3C HTML §9.2.6 parsing). */
  function fetchStream(url) {
    const ctl = new AbortController();
    let stopped = false;
    let delay = 1000;
    const run = async () => {
      while (!stopped) {
        try {
          const res = await fetch(url, {
            headers: { Authorization: `Bearer ${token()}`, Accept: 'text/event-stream' }, cache: 'no-store',
            credentials: 'omit', signal: ctl.signal,
          });
          if (!res.ok) {
            let body = null;
            try { body = await res.json(); } catch (e) { body = null; }
            status(problemText({ status: res.status, body }), 'error');
            if (res.status >= 400 && res.status < 500) return; // a refusal does not change by retrying
          } else {
            status('live', 'live');
            delay = 1000;
            await readSse(res.body);
            if (!stopped) status('reconnecting…', 'error');
          }
        } catch (e) {
          if (stopped) return;
          status('reconnecting…', 'error');
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 30000);
      }
    };
    const readSse = async (body) => {
      const reader = body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '', type = '', data = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += value;
        let i;
        while ((i = buf.search(/\r\n|\r|\n/)) >= 0) {
          if (buf[i] === '\r' && i === buf.length - 1) break; // a CR at the end may be half of CRLF
          const line = buf.slice(0, i);
          buf = buf.slice(i + (buf[i] === '\r' && buf[i + 1] === '\n' ? 2 : 1));
          if (line === '') {
            if (data.length) handleEvent(type || 'message', data.join('\n'));
            type = ''; data = [];
          } else if (!line.startsWith(':')) {
            const c = line.indexOf(':');
            const name = c < 0 ? line : line.slice(0, c);
            let val = c < 0 ? '' : line.slice(c + 1);
            if (val.startsWith(' ')) val = val.slice(1);
            if (name === 'event') type = val;
            else if (name === 'data') data.push(val);
          }
        }
      }
    };
    run();
    return { close: () => { stopped = true; ctl.abort(); } };
  }

  /** (Re)connects: the stream first, so nothing published meanwhile is missed, then the snapshot. */
  function connect() {
    state.generation += 1;
    const gen = state.generation;
    if (state.stream) state.stream.close();
    // the new stream and snapshot tell the vehicles again; an open track replay stays
    for (const v of state.vehicles.values()) if (v.marker) v.marker.remove();
    state.vehicles.clear();
    schedule();
    status('connecting…');
    // Always an area: without one the user drew, the whole world. An area stream tells each item's vehicle key and
    // crossing (data.geo), and leaves out what is not a position (late fixes, flagged payloads, other items); a
    // Herald without area streams ignores the parameter and sends plain items, which the page reads itself.
    const url = `${nodePath()}/events?${areaQuery() || 'bbox=-180,-90,180,90'}`;
    state.stream = token() ? fetchStream(url) : eventSource(url);
    snapshot(gen).catch((e) => { if (gen === state.generation) status(e.message, 'error'); });
    $('area-clear').disabled = !state.area;
    $('area-text').textContent = state.area ? `area ${areaQuery().slice(5)}` : 'shift+drag: area filter · drag: pan · wheel: zoom';
  }

  // ---------------------------------------------------------------- track replay
  async function select(key) {
    state.selected = key;
    schedule();
    $('replay').hidden = false;
    $('replay-key').textContent = key;
    $('replay-info').textContent = 'loading…';
    const r = await getJson(`${nodePath()}/positions/${enc(key)}/track?points=500`);
    if (state.selected !== key) return;
    let points;
    if (r.status === 200 && r.body && Array.isArray(r.body.points)) {
      points = r.body.points.map(fromPosition);
      $('replay-info').textContent = `${points.length} of ${r.body.total ?? points.length} fixes`;
    } else {
      points = (state.history.get(key) || []).slice();
      const why = r.status === 404 ? 'no track from the server' : `the track was refused: ${problemText(r)}`;
      $('replay-info').textContent = `${points.length} fixes seen by this page (${why})`;
    }
    points = points.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon)).sort((a, b) => a.fixTime - b.fixTime);
    state.track = { key, points, shown: points.length };
    schedule();
  }

  let playing = 0;
  function play() {
    const t = state.track;
    if (!t || t.points.length === 0) return;
    const started = performance.now();
    const duration = Math.min(10000, Math.max(2000, t.points.length * 20));
    const run = ++playing;
    const step = (now) => {
      if (run !== playing || state.track !== t) return;
      t.shown = Math.max(1, Math.min(t.points.length, Math.ceil(((now - started) / duration) * t.points.length)));
      drawTrack();
      if (t.shown < t.points.length) requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  function closeReplay() {
    playing += 1;
    state.selected = null;
    state.track = null;
    $('replay').hidden = true;
    schedule();
  }

  // ---------------------------------------------------------------- pointer: pan, zoom, area
  function wire() {
    const svg = $('map');
    let drag = null;
    const local = (e) => { const r = svg.getBoundingClientRect(); return { x: e.clientX - r.left, y: e.clientY - r.top }; };
    svg.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      // a press on a vehicle is a click on it: capturing the pointer would send the click to the map instead
      if (!e.shiftKey && e.target.closest && e.target.closest('.vehicle')) return;
      const p = local(e);
      drag = { start: p, view: { ...state.view }, area: e.shiftKey };
      svg.setPointerCapture(e.pointerId);
      svg.classList.add('dragging');
    });
    svg.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const p = local(e);
      if (drag.area) {
        const sel = $('selection');
        sel.setAttribute('x', Math.min(p.x, drag.start.x));
        sel.setAttribute('y', Math.min(p.y, drag.start.y));
        sel.setAttribute('width', Math.abs(p.x - drag.start.x));
        sel.setAttribute('height', Math.abs(p.y - drag.start.y));
        sel.setAttribute('visibility', 'visible');
      } else {
        state.view = { ...drag.view, cx: drag.view.cx - (p.x - drag.start.x) / drag.view.k, cy: drag.view.cy + (p.y - drag.start.y) / drag.view.k };
        state.userView = true;
        schedule();
      }
    });
    const end = (e) => {
      if (!drag) return;
      const p = local(e);
      svg.classList.remove('dragging');
      $('selection').setAttribute('visibility', 'hidden');
      if (drag.area && Math.abs(p.x - drag.start.x) > 4 && Math.abs(p.y - drag.start.y) > 4) {
        const a = toGeo(Math.min(p.x, drag.start.x), Math.min(p.y, drag.start.y));
        const b = toGeo(Math.max(p.x, drag.start.x), Math.max(p.y, drag.start.y));
        const r6 = (x) => Math.round(x * 1e6) / 1e6;
        state.area = { west: r6(Math.max(-180, a.lon)), south: r6(Math.max(-90, b.lat)), east: r6(Math.min(180, b.lon)), north: r6(Math.min(90, a.lat)) };
        state.userView = true; // keep the view where the user drew
        connect();
      }
      drag = null;
    };
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
    svg.addEventListener('wheel', (e) => {
      e.preventDefault();
      const p = local(e);
      const before = toGeo(p.x, p.y);
      const { w, h } = size();
      const k = Math.max(0.5, Math.min(1e8, state.view.k * Math.exp(-e.deltaY * 0.002)));
      state.view = { k, cx: before.lon - (p.x - w / 2) / k, cy: mercY(before.lat) + (p.y - h / 2) / k };
      state.userView = true;
      schedule();
    }, { passive: false });
    window.addEventListener('resize', schedule);
    $('fit').addEventListener('click', () => { state.userView = false; fit(); schedule(); });
    $('area-clear').addEventListener('click', () => { state.area = null; connect(); });
    $('replay-play').addEventListener('click', play);
    $('replay-close').addEventListener('click', closeReplay);
    $('token-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const t = $('token').value.trim();
      if (t) sessionStorage.setItem(TOKEN_KEY, t);
      $('token').value = '';
      connect();
    });
    $('token-forget').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); connect(); });
    setInterval(drawList, 1000); // the ages
  }

  function start() {
    if (!nodeId) {
      status('add ?node=<node id> to the address', 'error');
      return;
    }
    $('node-name').textContent = nodeId;
    document.title = `Herald · ${nodeId}`;
    wire();
    fit();
    connect();
    schedule();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
