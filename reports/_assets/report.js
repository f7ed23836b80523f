/* report.js: sortable and filterable tables for the stdmap HTML reports.
 * Inlined into each report (no network, works from file://). Markup it reads:
 *   <table class="data" id="t-KEY" data-sortable> with <th scope="col" data-type="num|text|date">
 *     <button type="button" class="sort">Label</button></th>; a cell's sort key is its data-sort
 *     attribute, else its trimmed text.
 *   <input type="search" class="filter" data-filter="t-KEY">: hides the tbody rows not containing the query.
 *   <output class="count" data-count-for="t-KEY">: receives "shown / total".
 */
(function () {
  'use strict';

  // Text collation follows <html lang> (pinyin order for lang="zh"); an unknown tag falls back to the default.
  var collator;
  try {
    collator = new Intl.Collator(document.documentElement.lang || undefined);
  } catch (e) {
    collator = new Intl.Collator();
  }

  function sortKey(cell) {
    if (!cell) return '';
    var attr = cell.getAttribute('data-sort');
    return (attr !== null ? attr : cell.textContent).trim();
  }

  // Turn a key into a comparable value; null = missing (empty or unparsable), sorted last both ways.
  function parse(type, key) {
    if (key === '') return null;
    if (type === 'num') {
      var n = parseFloat(key.replace(/[,\s\u00a0]/g, '')); // "1,234" (thousands separators) -> 1234
      return isNaN(n) ? null : n; // "—" and other non-numbers are missing
    }
    if (type === 'date') return /^\d{4}/.test(key) ? key : null; // ISO YYYY-MM-DD compares as a string
    return key;
  }

  function compare(type, a, b) {
    if (type === 'text') return collator.compare(a, b);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  // Sort every tbody of `table` by column `index`; ties keep their current order (stable by position).
  function sortTable(table, th, index, descending) {
    var type = th.getAttribute('data-type') || 'text';
    Array.prototype.forEach.call(table.tBodies, function (tbody) {
      var items = Array.prototype.map.call(tbody.rows, function (row, pos) {
        return { row: row, pos: pos, value: parse(type, sortKey(row.cells[index])) };
      });
      items.sort(function (x, y) {
        if (x.value === null || y.value === null) {
          if (x.value === null && y.value === null) return x.pos - y.pos;
          return x.value === null ? 1 : -1;
        }
        var c = compare(type, x.value, y.value);
        return (descending ? -c : c) || x.pos - y.pos;
      });
      items.forEach(function (item) { tbody.appendChild(item.row); }); // re-append in the new order
    });
    // aria-sort only on the column the table is now sorted by
    Array.prototype.forEach.call(table.querySelectorAll('th[aria-sort]'), function (other) {
      if (other !== th) other.removeAttribute('aria-sort');
    });
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
  }

  function initSorting(table) {
    Array.prototype.forEach.call(table.querySelectorAll('th button.sort'), function (button) {
      var th = button.closest('th');
      if (!th || button.dataset.sortReady) return;
      button.dataset.sortReady = '1';
      // a <button> also fires click for Enter and Space, so this covers the keyboard
      button.addEventListener('click', function () {
        sortTable(table, th, th.cellIndex, th.getAttribute('aria-sort') === 'ascending');
      });
    });
  }

  // Apply every filter input aimed at `table`, then update its count outputs.
  function applyFilters(table) {
    var queries = [];
    Array.prototype.forEach.call(document.querySelectorAll('input.filter[data-filter]'), function (input) {
      var q = input.value.trim().toLowerCase();
      if (input.getAttribute('data-filter') === table.id && q) queries.push(q);
    });
    var shown = 0, total = 0;
    Array.prototype.forEach.call(table.tBodies, function (tbody) {
      Array.prototype.forEach.call(tbody.rows, function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !queries.every(function (q) { return text.indexOf(q) !== -1; });
        total += 1;
        if (!row.hidden) shown += 1;
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll('output.count[data-count-for]'), function (out) {
      if (out.getAttribute('data-count-for') === table.id) out.textContent = shown + ' / ' + total;
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('table[data-sortable]'), initSorting);
    Array.prototype.forEach.call(document.querySelectorAll('input.filter[data-filter]'), function (input) {
      var table = document.getElementById(input.getAttribute('data-filter'));
      if (!table || input.dataset.filterReady) return;
      input.dataset.filterReady = '1';
      input.addEventListener('input', function () { applyFilters(table); });
      input.addEventListener('change', function () { applyFilters(table); }); // also values set without typing
      applyFilters(table); // a value the browser restored (back button) applies at once; sets the counts
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
