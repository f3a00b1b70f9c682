// The search page: reads its state from the URL, runs the search on the API,
// renders the results, facets and chart, and turns every action into a new
// URL (pushed on the history, so Back and Forward work; typing replaces the
// entry it started). Other modules render; this one owns the state.
import {articleUrl, Channel, searchUrl} from './api.js';
import {renderArticle} from './article.js';
import {fill, FACET_LABELS, frenchDate, h} from './dom.js';
import {FacetPanel} from './facets.js';
import {clearError, renderError, renderResults} from './results.js';
import {apiSearchParams, cloneState, ENTITY_FACETS, searchOfState, stateFromSearch} from './state.js';
import {Timeline} from './timeline.js';

const TYPING_DEBOUNCE_MS = 40;

const $ = (id) => document.getElementById(id);

class App {
  constructor() {
    this.state = stateFromSearch(location.search);
    this.searchChannel = new Channel();
    this.articleChannel = new Channel();
    this.typing = false;        // the current history entry was made by typing
    this.typingTimer = 0;
    this.keystrokeTime = null;  // performance.now() of the last keystroke not yet shown
    this.titles = new Map();    // article id → title, for the "similar to" pill
    this.elements = {
      form: $('search-form'),
      query: $('q'),
      sort: $('sort'),
      pills: $('pills'),
      total: $('total'),
      suggestion: $('suggestion'),
      error: $('error'),
      hits: $('hits'),
      pager: $('pager'),
      results: $('results'),
      articleView: $('article-view'),
      timeline: $('timeline'),
      filters: $('filters'),
      filtersToggle: $('filters-toggle'),
    };
    this.panels = ['person', 'organization', 'location', 'mentioned'].map(
      (facet) => new FacetPanel($('facet-panels'), facet, this));
    this.timeline = new Timeline($('timeline'), this);
    this.bind();
    this.syncControls();
    this.update();
  }

  bind() {
    const {form, query, sort, filtersToggle} = this.elements;
    query.addEventListener('input', () => {
      this.keystrokeTime = performance.now();
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.commitQuery(), TYPING_DEBOUNCE_MS);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(this.typingTimer);
      this.commitQuery(true);
    });
    sort.addEventListener('change', () => {
      const next = cloneState(this.state);
      next.sort = sort.value;
      next.offset = 0;
      this.navigate(next);
    });
    filtersToggle.addEventListener('click', () => this.showFilters(true));
    $('filters-close').addEventListener('click', () => this.showFilters(false));
    this.elements.filters.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.elements.filters.classList.contains('open')) {
        this.showFilters(false);
      }
    });
    window.addEventListener('popstate', () => {
      this.state = stateFromSearch(location.search);
      this.typing = false;
      this.syncControls();
      this.update();
    });
  }

  // The panels over the page (narrow screens only: on wide ones they are
  // always beside the results and the button is hidden).
  showFilters(open) {
    const {filters, filtersToggle} = this.elements;
    filters.classList.toggle('open', open);
    filtersToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    (open ? $('filters-close') : filtersToggle).focus();
  }

  commitQuery(submitted = false) {
    const q = this.elements.query.value;
    if (q === this.state.q && (!submitted || this.state.article === '')) return;
    const next = cloneState(this.state);
    next.q = q;
    next.offset = 0;
    next.article = '';
    this.navigate(next, {typing: !submitted});
  }

  /// Shows `next` and records it in the history: a new entry, or the
  /// current one replaced while the user goes on typing.
  navigate(next, {typing = false, top = false} = {}) {
    const url = '/' + searchOfState(next);
    if (typing && this.typing) {
      history.replaceState(null, '', url);
    } else {
      history.pushState(null, '', url);
    }
    this.typing = typing;
    const wasArticle = this.state.article !== '';
    this.state = next;
    this.syncControls();
    this.update();
    if (top || wasArticle !== (next.article !== '')) window.scrollTo(0, 0);
  }

  /// A click handler for a link to `target`: the page changes in place,
  /// except when the user asks for another tab or window.
  link(target, options = {}) {
    return (event) => {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      this.navigate(cloneState(target), options);
    };
  }

  edit(change) {
    const next = cloneState(this.state);
    change(next);
    next.offset = 0;
    next.article = '';
    this.navigate(next);
  }

  addFilter(facet, value) {
    this.edit((next) => {
      if (!next.filters[facet].includes(value)) next.filters[facet].push(value);
      next.exclusions[facet] = next.exclusions[facet].filter((v) => v !== value);
    });
  }

  toggleFilter(facet, value) {
    this.edit((next) => {
      const list = facet === 'mentioned' ? next.mentioned : next.filters[facet];
      const index = list.findIndex((v) => v.toLowerCase() === value.toLowerCase());
      if (index >= 0) {
        list.splice(index, 1);
      } else {
        list.push(value);
        if (facet !== 'mentioned') {
          next.exclusions[facet] = next.exclusions[facet].filter((v) => v.toLowerCase() !== value.toLowerCase());
        }
      }
    });
  }

  toggleExclusion(facet, value) {
    this.edit((next) => {
      const list = next.exclusions[facet];
      const index = list.findIndex((v) => v.toLowerCase() === value.toLowerCase());
      if (index >= 0) {
        list.splice(index, 1);
      } else {
        list.push(value);
        next.filters[facet] = next.filters[facet].filter((v) => v.toLowerCase() !== value.toLowerCase());
      }
    });
  }

  toggleMore(facet) {
    const next = cloneState(this.state);
    next.more = next.more.includes(facet) ? next.more.filter((f) => f !== facet) : [...next.more, facet];
    this.navigate(next);
  }

  setRange(from, to) {
    this.edit((next) => {
      next.from = from;
      next.to = to;
    });
  }

  // The controls that show the state: the query box, the sort menu, the
  // filter pills.
  syncControls() {
    const {query, sort} = this.elements;
    if (query.value !== this.state.q) query.value = this.state.q;
    sort.value = this.state.sort;
    this.renderPills();
  }

  renderPills() {
    const state = this.state;
    const pills = [];
    const pill = (label, value, remove) => pills.push(
      h('li', {class: 'pill'},
        h('span', {}, label + ' : ', h('strong', {}, value)),
        h('button', {type: 'button', class: 'remove', 'aria-label': 'Retirer le filtre ' + label + ' : ' + value,
                     onclick: () => this.edit(remove)}, '×')));
    for (const facet of ENTITY_FACETS) {
      for (const value of state.filters[facet]) {
        pill(FACET_LABELS[facet].one, value, (next) => {
          next.filters[facet] = next.filters[facet].filter((v) => v !== value);
        });
      }
      for (const value of state.exclusions[facet]) {
        pill(FACET_LABELS[facet].none, value, (next) => {
          next.exclusions[facet] = next.exclusions[facet].filter((v) => v !== value);
        });
      }
    }
    for (const value of state.mentioned) {
      pill('Mentionne', frenchDate(value), (next) => {
        next.mentioned = next.mentioned.filter((v) => v !== value);
      });
    }
    if (state.from !== '' || state.to !== '') {
      const range = state.from === state.to ? frenchDate(state.from)
                                            : (state.from ? frenchDate(state.from) : '…') + ' – ' +
                                              (state.to ? frenchDate(state.to) : '…');
      pill('Période', range, (next) => {
        next.from = '';
        next.to = '';
      });
    }
    if (state.like !== '') {
      pill('Similaires à', this.titles.get(state.like) || state.like, (next) => {
        next.like = '';
      });
      if (!this.titles.has(state.like)) this.fetchTitle(state.like);
    }
    fill(this.elements.pills, pills);
    fill(this.elements.filtersToggle, pills.length > 0 ? 'Filtres (' + pills.length + ')' : 'Filtres');
    this.elements.pills.hidden = pills.length === 0;
  }

  async fetchTitle(id) {
    const response = await fetch(articleUrl(id)).catch(() => null);
    if (response === null || !response.ok) return;
    const article = await response.json();
    this.titles.set(id, article.title || id);
    if (this.state.like === id) this.renderPills();
  }

  update() {
    const showArticle = this.state.article !== '';
    this.elements.results.hidden = showArticle;
    this.elements.timeline.hidden = showArticle;
    this.elements.articleView.hidden = !showArticle;
    if (showArticle) this.showArticle(this.state.article);
    this.search();
  }

  async showArticle(id) {
    const view = this.elements.articleView;
    view.setAttribute('aria-busy', 'true');
    const answer = await this.articleChannel.getJson(articleUrl(id));
    if (answer.stale) return;
    view.removeAttribute('aria-busy');
    if (!answer.ok) {
      fill(view, h('p', {class: 'error', role: 'alert'}, 'Article introuvable : ', answer.body.error.message));
      return;
    }
    this.titles.set(id, answer.body.title || id);
    renderArticle(view, answer.body, this.state, this);
    const title = $('article-title');
    if (title) title.focus({preventScroll: true});
  }

  async search() {
    const state = this.state;
    const search = location.search;
    const url = searchUrl(apiSearchParams(state));
    const body = document.body;
    body.dataset.state = 'loading';
    this.elements.results.setAttribute('aria-busy', 'true');
    const answer = await this.searchChannel.getJson(url);
    if (answer.stale) return;
    this.elements.results.removeAttribute('aria-busy');
    if (!answer.ok) {
      renderError(this.elements, answer.body.error || {message: 'HTTP ' + answer.status}, state);
      this.finish('error', url, search);
      return;
    }
    const renderStart = performance.now();
    clearError(this.elements);
    const result = answer.body;
    renderResults(this.elements, result, state, this);
    const facets = result.facets || {};
    for (const panel of this.panels) panel.render(facets[panel.facet], state);
    this.timeline.render(facets.date, state);
    performance.measure('facette:render', {start: renderStart, end: performance.now()});
    this.finish('ready', url, search);
  }

  // Marks the page as showing the answer to `url` (the browser tests wait on
  // these attributes) and, for a view reached by typing, measures the time
  // from the last keystroke to the results on screen.
  finish(outcome, url, search) {
    const body = document.body;
    body.dataset.request = url;
    body.dataset.renderedFor = search;
    body.dataset.state = outcome;
    body.classList.add('shown');
    if (this.keystrokeTime !== null && this.elements.query.value === this.state.q) {
      const start = this.keystrokeTime;
      this.keystrokeTime = null;
      requestAnimationFrame(() => setTimeout(() => {
        performance.measure('facette:keystroke-to-results', {start, end: performance.now()});
      }, 0));
    }
  }
}

new App();
