// The facet panels: persons, organisations, places (select several, exclude
// with "sauf", search their values) and the dates the articles mention.
// Counts are the API's, shown as they come: a facet with a selection is
// counted without it (multi-select), so its other values keep their counts.
import {Channel, facetSearchUrl} from './api.js';
import {countLabel, FACET_LABELS, fill, frenchDate, h} from './dom.js';
import {apiFacetSearchParams, FACET_SIZE} from './state.js';

const DEBOUNCE_MS = 120;

export class FacetPanel {
  /// `facet`: "person", "organization", "location" or "mentioned"; `app`
  /// gives the current state and changes it (toggleFilter, toggleExclusion,
  /// toggleMore).
  constructor(container, facet, app) {
    this.facet = facet;
    this.app = app;
    this.entity = facet !== 'mentioned';
    this.channel = new Channel();
    this.timer = 0;
    this.prefix = '';
    this.lastFacet = null;
    const labels = FACET_LABELS[facet];
    const headingId = 'facet-' + facet + '-title';
    this.list = h('ul', {class: 'values', 'aria-labelledby': headingId});
    this.note = h('p', {class: 'facet-note', 'aria-live': 'polite'});
    this.more = h('button', {type: 'button', class: 'more', hidden: true,
                             onclick: () => app.toggleMore(facet)});
    this.search = null;
    if (this.entity) {
      const inputId = 'facet-' + facet + '-search';
      this.search = h('input', {type: 'search', id: inputId, class: 'facet-search',
                                autocomplete: 'off', placeholder: 'Chercher ' + labels.search + '…',
                                oninput: () => this.onSearchInput()});
      this.searchLabel = h('label', {for: inputId, class: 'visually-hidden'},
                           'Chercher ' + labels.search + ' parmi les valeurs');
    }
    this.element = h('section', {class: 'facet', dataset: {facet}, 'aria-labelledby': headingId},
                     h('h2', {id: headingId}, labels.title),
                     this.search ? [this.searchLabel, this.search] : null,
                     this.note, this.list, this.more);
    container.append(this.element);
  }

  onSearchInput() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.runSearch(), DEBOUNCE_MS);
  }

  async runSearch() {
    this.prefix = this.search.value.trim();
    if (this.prefix === '') {
      this.channel.cancel();
      this.element.dataset.searching = '';
      if (this.lastFacet !== null) this.render(this.lastFacet, this.app.state);
      return;
    }
    const prefix = this.prefix;
    const url = facetSearchUrl(this.facet, apiFacetSearchParams(this.app.state, prefix));
    this.element.setAttribute('aria-busy', 'true');
    const answer = await this.channel.getJson(url);
    if (answer.stale) return;
    this.element.removeAttribute('aria-busy');
    this.element.dataset.searching = prefix;
    if (!answer.ok) {
      fill(this.note, answer.body.error ? answer.body.error.message : 'erreur');
      fill(this.list);
      return;
    }
    const values = answer.body.values;
    fill(this.note, values.length === 0 ? 'Aucune valeur ne commence par « ' + prefix + ' ».'
                                        : 'Valeurs commençant par « ' + prefix + ' » :');
    this.fillValues(values, this.app.state, false);
    this.more.hidden = true;
  }

  /// Shows a facet of a /search answer (its {distinct, values,
  /// selection_excluded}), or nothing when `facet` is undefined.
  render(facet, state) {
    this.lastFacet = facet || {distinct: 0, values: []};
    if (this.prefix !== '') {
      // A facet search is shown: run it again under the new filters.
      this.runSearch();
      return;
    }
    this.element.dataset.searching = '';
    const expanded = state.more.includes(this.facet);
    const values = this.lastFacet.values.slice(0, expanded ? undefined : FACET_SIZE);
    const distinct = this.lastFacet.distinct;
    fill(this.note, distinct > values.length
      ? values.length + ' sur ' + countLabel(distinct, 'valeur', 'valeurs')
      : '');
    this.fillValues(values, state, true);
    this.more.hidden = !(expanded || distinct > values.length);
    fill(this.more, expanded ? 'Afficher moins' : 'Afficher plus');
    this.more.setAttribute('aria-expanded', expanded ? 'true' : 'false');
  }

  // The selected and excluded values first when they are not among
  // `values`, then `values` with their counts.
  fillValues(values, state, withSelection) {
    const selected = this.entity ? state.filters[this.facet] : state.mentioned;
    const excluded = this.entity ? state.exclusions[this.facet] : [];
    const listed = new Set(values.map((value) => value.value.toLowerCase()));
    const rows = [];
    if (withSelection) {
      for (const value of selected) {
        if (!listed.has(value.toLowerCase())) rows.push(this.row(value, null, state));
      }
      for (const value of excluded) rows.push(this.row(value, null, state));
    }
    for (const value of values) rows.push(this.row(value.value, value.count, state));
    fill(this.list, rows);
    if (rows.length === 0) this.list.append(h('li', {class: 'empty'}, 'Aucune valeur.'));
  }

  row(value, count, state) {
    const facet = this.facet;
    const lower = value.toLowerCase();
    const selected = (this.entity ? state.filters[facet] : state.mentioned)
      .some((v) => v.toLowerCase() === lower);
    const excluded = this.entity && state.exclusions[facet].some((v) => v.toLowerCase() === lower);
    const label = this.entity ? value : frenchDate(value);
    const checkbox = h('input', {type: 'checkbox', checked: selected,
                                 onchange: () => this.app.toggleFilter(facet, value)});
    const dataset = {value};
    if (count !== null) dataset.count = String(count);
    const row = h('li', {class: 'value' + (selected ? ' selected' : '') + (excluded ? ' excluded' : ''),
                         dataset},
                  h('label', {},
                    checkbox,
                    h('span', {class: 'name'}, label),
                    h('span', {class: 'count'}, count === null ? (excluded ? 'exclu' : '') : count.toLocaleString('fr-FR'))));
    if (this.entity) {
      row.append(h('button', {type: 'button', class: 'not', 'aria-pressed': excluded ? 'true' : 'false',
                              'aria-label': (excluded ? 'Ne plus exclure ' : 'Exclure ') + value,
                              title: excluded ? 'Ne plus exclure' : 'Exclure (sauf)',
                              onclick: () => this.app.toggleExclusion(facet, value)},
                            'sauf'));
    }
    return row;
  }
}
