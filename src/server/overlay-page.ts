/**
 * The overlay page at GET /overlay/:liveStreamId?token=kov_…: one self-contained document (inline CSS and JS, no
 * other host, transparent background) to add to OBS as a browser source. It speaks graphql-transport-ws by hand
 * (connection_init with the token, subscribe, next/error/complete, ping/pong), reads the stream once, then follows
 * `liveStreamEvents`; after a dropped connection it subscribes again after the last cursor, so nothing is missed.
 * The Content-Security-Policy allows exactly this page's script and style (by hash) and connections to its own host.
 */
import { createHash } from 'node:crypto';

const STYLE = `
html, body { margin: 0; background: transparent; font-family: system-ui, "Segoe UI", Roboto, sans-serif; color: #fff; }
#overlay { position: fixed; inset: 16px; pointer-events: none; }
.panel { background: rgba(17, 17, 17, .72); border-radius: 14px; padding: 12px 16px; box-shadow: 0 4px 18px rgba(0, 0, 0, .35); }
#pinned { position: absolute; left: 0; bottom: 0; min-width: 260px; max-width: 420px; }
#pinned .label { font-size: 12px; text-transform: uppercase; letter-spacing: .08em; color: #ff7a45; }
#pinned-title { font-size: 20px; font-weight: 700; margin: 4px 0; }
#pinned-price { font-size: 22px; font-weight: 800; color: #ffd666; }
#pinned-stock { font-size: 14px; opacity: .85; }
#sold { position: absolute; right: 0; top: 0; text-align: right; }
#units-sold { font-size: 34px; font-weight: 800; color: #ffd666; }
#sold .label { font-size: 13px; opacity: .85; }
#sale { position: absolute; left: 0; top: 0; background: rgba(245, 34, 45, .85); font-weight: 700; font-size: 18px; }
#toasts { position: absolute; right: 0; bottom: 0; display: flex; flex-direction: column; gap: 8px; align-items: flex-end; }
.toast { font-size: 17px; animation: in .3s ease-out; }
#state { position: absolute; left: 50%; top: 0; transform: translateX(-50%); font-size: 13px; opacity: .8; }
[hidden] { display: none !important; }
@keyframes in { from { opacity: 0; transform: translateY(12px); } to { opacity: 1; transform: none; } }
`;

const SCRIPT = String.raw`
(() => {
  'use strict';
  const streamId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  const token = new URLSearchParams(location.search).get('token') || '';
  const $ = (id) => document.getElementById(id);
  const rupiah = (amount) => 'Rp' + Number(amount).toLocaleString('id-ID');
  const PRODUCT = 'fragment OverlayProduct on Product { id title priceRange { min { amount } } totalStock }';
  const STREAM = 'query OverlayStream($id: ID!) { liveStream(id: $id) { title status unitsSold pinnedProduct { ...OverlayProduct } ' +
    'activeFlashSale { status price { amount } startsAt endsAt } } } ' + PRODUCT;
  const EVENTS = 'subscription OverlayEvents($id: ID!, $after: String) { liveStreamEvents(liveStreamId: $id, after: $after) { __typename ' +
    '... on PurchaseEvent { cursor buyerName productId productTitle quantity stockLeft unitsSold } ' +
    '... on PinnedProductChangedEvent { cursor product { ...OverlayProduct } } ' +
    '... on FlashSaleEvent { cursor kind price { amount } startsAt endsAt } ' +
    '... on CheckoutStartedEvent { cursor } ... on ViewerCountEvent { cursor } ' +
    '... on StreamStatusEvent { cursor status } } } ' + PRODUCT;

  let cursor = null;
  let unitsSold = 0;
  let pinned = null;
  let sale = null;
  let retries = 0;
  let stopped = false;

  function state(text) {
    $('state').textContent = text;
    $('state').hidden = !text;
  }

  function showUnitsSold(value) {
    // Counts only go up: the first read and the first events may cross.
    unitsSold = Math.max(unitsSold, value);
    $('units-sold').textContent = unitsSold.toLocaleString('id-ID');
  }

  function showPinned(product) {
    pinned = product;
    $('pinned').hidden = !product;
    if (!product) return;
    $('pinned-title').textContent = product.title;
    $('pinned-price').textContent = product.priceRange ? rupiah(product.priceRange.min.amount) : '';
    showStock(product.totalStock);
  }

  function showStock(stock) {
    $('pinned-stock').textContent = stock > 0 ? 'Stok ' + stock.toLocaleString('id-ID') : 'Habis';
  }

  function showSale(next) {
    sale = next;
    tick();
  }

  function tick() {
    const box = $('sale');
    if (!sale) { box.hidden = true; return; }
    const now = Date.now();
    const starting = new Date(sale.startsAt).getTime() > now;
    const until = new Date(starting ? sale.startsAt : sale.endsAt).getTime();
    const left = Math.max(0, Math.round((until - now) / 1000));
    if (!starting && left === 0) { box.hidden = true; return; }
    const clock = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
    box.textContent = 'Flash sale ' + rupiah(sale.price.amount) + (starting ? ' mulai dalam ' : ' berakhir dalam ') + clock;
    box.hidden = false;
  }
  setInterval(tick, 1000);

  function toast(text) {
    const item = document.createElement('div');
    item.className = 'panel toast';
    item.textContent = text;
    $('toasts').appendChild(item);
    while ($('toasts').children.length > 4) $('toasts').firstChild.remove();
    setTimeout(() => item.remove(), 8000);
  }

  function onEvent(event) {
    if (event.cursor) cursor = event.cursor;
    switch (event.__typename) {
      case 'PurchaseEvent':
        toast(event.buyerName + ' bought ' + event.quantity + ' \u00d7 ' + event.productTitle);
        showUnitsSold(event.unitsSold);
        if (pinned && pinned.id === event.productId) showStock(event.stockLeft);
        break;
      case 'PinnedProductChangedEvent':
        showPinned(event.product);
        break;
      case 'FlashSaleEvent':
        showSale(event.kind === 'ENDED' || event.kind === 'SOLD_OUT' ? null : event);
        break;
      case 'StreamStatusEvent':
        if (event.status === 'ENDED') showSale(null);
        break;
    }
  }

  function onStream(stream) {
    if (!stream) { stopped = true; state('Live stream not found (or the overlay token is for another stream).'); return; }
    showUnitsSold(stream.unitsSold);
    showPinned(stream.pinnedProduct);
    showSale(stream.activeFlashSale && (stream.activeFlashSale.status === 'SCHEDULED' || stream.activeFlashSale.status === 'ACTIVE') ? stream.activeFlashSale : null);
  }

  function connect() {
    const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql', 'graphql-transport-ws');
    const send = (message) => socket.send(JSON.stringify(message));
    socket.onopen = () => send({ type: 'connection_init', payload: { authorization: 'Bearer ' + token } });
    socket.onmessage = (message) => {
      const data = JSON.parse(message.data);
      switch (data.type) {
        case 'connection_ack':
          retries = 0;
          state('');
          send({ id: 'stream', type: 'subscribe', payload: { query: STREAM, operationName: 'OverlayStream', variables: { id: streamId } } });
          send({ id: 'events', type: 'subscribe', payload: { query: EVENTS, operationName: 'OverlayEvents', variables: { id: streamId, after: cursor } } });
          break;
        case 'ping':
          send({ type: 'pong' });
          break;
        case 'next':
          if (data.payload.errors) { stopped = true; state(data.payload.errors[0].message); socket.close(1000); }
          else if (data.id === 'stream') onStream(data.payload.data.liveStream);
          else if (data.id === 'events') onEvent(data.payload.data.liveStreamEvents);
          break;
        case 'error':
          stopped = true;
          state(data.payload[0] ? data.payload[0].message : 'The overlay was refused.');
          socket.close(1000);
          break;
      }
    };
    socket.onclose = (event) => {
      if (event.code === 4403) { stopped = true; state('The overlay token is not valid or was revoked.'); }
      if (stopped) return;
      state('Reconnecting\u2026');
      retries += 1;
      setTimeout(connect, Math.min(10000, 500 * 2 ** Math.min(retries, 5)));
    };
  }

  if (!token) state('Add ?token=<overlay token> to the address.');
  else connect();
})();
`;

const BODY = `<div id="overlay">
  <div id="state" class="panel" hidden></div>
  <div id="sale" class="panel" hidden></div>
  <div id="sold" class="panel"><div id="units-sold">0</div><div class="label">terjual di live ini</div></div>
  <div id="pinned" class="panel" hidden><div class="label">Produk disematkan</div><div id="pinned-title"></div><div id="pinned-price"></div><div id="pinned-stock"></div></div>
  <div id="toasts"></div>
</div>`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export interface OverlayPage {
  readonly html: string;
  /** Only this page's own script and style; connections to its own host (HTTP and WebSocket). */
  readonly contentSecurityPolicy: string;
}

let cached: OverlayPage | undefined;

export function overlayPage(): OverlayPage {
  cached ??= {
    html: `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>Kedai Live overlay</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
${BODY}
<script>${SCRIPT}</script>
</body>
</html>
`,
    contentSecurityPolicy: [
      "default-src 'none'",
      `script-src ${sha256(SCRIPT)}`,
      `style-src ${sha256(STYLE)}`,
      // 'self' covers ws:/wss: to the same host (CSP level 3).
      "connect-src 'self'",
      "img-src 'self' data:",
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; '),
  };
  return cached;
}
