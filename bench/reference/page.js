/* global navigator, window, crypto, BroadcastChannel */
// The minimal reference (P1): start a background fetch and resolve when the worker has put it.
const registration = await navigator.serviceWorker.register('sw.js', { scope: './' });
await navigator.serviceWorker.ready;
const channel = new BroadcastChannel('reference');

window.referenceDownload = (url, total) =>
  new Promise((resolve, reject) => {
    const id = crypto.randomUUID();
    const done = (event) => {
      if (event.data.id !== id) return;
      channel.removeEventListener('message', done);
      if (event.data.ok) resolve();
      else reject(new Error(`reference download failed: ${event.data.reason}`));
    };
    channel.addEventListener('message', done);
    registration.backgroundFetch.fetch(id, [url], { downloadTotal: total }).catch(reject);
  });

window.referenceReady = true;
