// Search enhancements; /search works without them.
// 1. Autocomplete: an input with data-autocomplete="/search/suggest" becomes an ARIA 1.2 combobox
//    with a listbox of products (arrow keys move, Enter opens the product, Escape closes).
// 2. The filter form ([data-search-filters]) submits itself when a facet box or the sort changes.
(() => {
  'use strict';
  const DEBOUNCE_MS = 150;

  function autocomplete(input) {
    const form = input.form;
    const list = document.createElement('ul');
    list.id = `${input.id || 'search'}-suggestions`;
    list.className = 'suggestions';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Suggested products');
    list.hidden = true;
    input.insertAdjacentElement('afterend', list);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);

    let items = [];
    let active = -1;
    let timer = 0;
    let controller = null;

    const close = () => {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    };

    const highlight = (index) => {
      const options = list.querySelectorAll('[role=option]');
      options.forEach((option, i) => option.setAttribute('aria-selected', i === index ? 'true' : 'false'));
      active = index;
      if (index >= 0) {
        input.setAttribute('aria-activedescendant', options[index].id);
        options[index].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    };

    const render = () => {
      list.replaceChildren();
      items.forEach((item, i) => {
        const option = document.createElement('li');
        option.id = `${list.id}-${i}`;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        const link = document.createElement('a');
        link.href = item.url;
        link.tabIndex = -1;
        link.textContent = item.name;
        const sku = document.createElement('span');
        sku.className = 'sku muted';
        sku.textContent = item.sku;
        link.append(' ', sku);
        option.append(link);
        // mousedown, not click: the input's blur would close the list before a click lands.
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          window.location.assign(item.url);
        });
        list.append(option);
      });
      if (items.length === 0) {
        close();
        return;
      }
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      active = -1;
    };

    const fetchSuggestions = async () => {
      const q = input.value.trim();
      if (q.length < 2) {
        items = [];
        render();
        return;
      }
      controller?.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`${input.dataset.autocomplete}?q=${encodeURIComponent(q)}`, {
          headers: { Accept: 'application/json' },
          signal: controller.signal,
        });
        if (!response.ok) return;
        items = await response.json();
        render();
      } catch {
        // Aborted by newer typing, or offline: the plain search form still works.
      }
    };

    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DEBOUNCE_MS);
    });

    input.addEventListener('keydown', (event) => {
      const open = !list.hidden && items.length > 0;
      switch (event.key) {
        case 'ArrowDown':
          if (!open) {
            fetchSuggestions();
            return;
          }
          event.preventDefault();
          highlight(active < items.length - 1 ? active + 1 : 0);
          break;
        case 'ArrowUp':
          if (!open) return;
          event.preventDefault();
          highlight(active > 0 ? active - 1 : items.length - 1);
          break;
        case 'Enter':
          if (open && active >= 0) {
            event.preventDefault();
            window.location.assign(items[active].url);
          }
          break; // no option chosen: the form submits the search
        case 'Escape':
          if (open) {
            event.preventDefault();
            close();
          }
          break;
      }
    });

    input.addEventListener('blur', () => setTimeout(close, 100));
    form?.addEventListener('submit', close);
  }

  document.querySelectorAll('input[data-autocomplete]').forEach(autocomplete);

  document.querySelectorAll('form[data-search-filters]').forEach((form) => {
    form.addEventListener('change', (event) => {
      const target = event.target;
      if (target.matches('input[type=checkbox], select')) {
        form.requestSubmit();
      }
    });
    // With JavaScript the sort applies on change, so its button is not needed.
    form.querySelectorAll('.sort-apply').forEach((button) => { button.hidden = true; });
  });
})();
