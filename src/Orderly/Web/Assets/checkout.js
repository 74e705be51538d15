// The thank-you page follows its order live (Server-Sent Events); without this script the page's
// "Refresh" link shows the latest status.
(() => {
  const root = document.querySelector('[data-order-events]');
  if (!root || !('EventSource' in window)) return;
  const headline = root.querySelector('[data-order-headline]');
  const steps = root.querySelector('[data-order-steps]');
  const library = root.querySelector('[data-library]');
  const refresh = root.querySelector('[data-refresh]');
  if (refresh) refresh.hidden = true;
  const source = new EventSource(root.dataset.orderEvents);
  source.addEventListener('progress', (event) => {
    const progress = JSON.parse(event.data);
    headline.textContent = progress.headline;
    steps.replaceChildren(...progress.steps.map((step) => {
      const item = document.createElement('li');
      item.textContent = step.label;
      if (step.done) item.className = 'done';
      return item;
    }));
    if (progress.libraryUrl && library) {
      library.querySelector('[data-library-link]').href = progress.libraryUrl;
      library.hidden = false;
    }
    if (progress.final && (progress.libraryUrl || progress.status !== 'Completed')) source.close();
  });
  // The server ends the stream at a final status; the browser would reconnect, so stop instead.
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED && refresh) refresh.hidden = false;
  });
})();
