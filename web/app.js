// The search page: reads its state from the URL, runs the search on the API,
// renders the results, facets and chart, and turns every action into a new
// URL (pushed on the history, so Back and Forward work; typing replaces the
// entry it started). Other modules render; this one owns the state.
import {articleUrl, Channel, getJson, searchUrl, setReadKey} from './api.js';
import {renderArticle} from './article.js';
import {fill, FACET_LABELS, frenchDate, h} from './dom.js';
import {frenchError} from './errors.js';
import {FacetPanel} from './facets.js';
import {askForKey, hideKeyForm} from './key.js';
import {renderNames} from './names.js';
import {clearError, clearResults, renderError, renderResults} from './results.js';
import {apiSearchParams, cloneState, ENTITY_FACETS, searchOfState, stateFromSearch} from './state.js';
import {Timeline} from './timeline.js';

// Typing: the query leaves once the box has been still for TYPING_QUIET_MS
// (longer than the gaps between the keys of a paste or of a program's
// typing, far shorter than a person's), so that a burst makes one search.
// If a search is still in flight then, the query waits for its answer (at
// most TYPING_WAIT_MS, then aborts it), and that answer, now outdated, is
// not shown: a busy server gets one search at a time from the box.
const TYPING_QUIET_MS = 10;
const TYPING_WAIT_MS = 100;

const $ = (id) => document.getElementById(id);

class App {
  constructor() {
    this.state = stateFromSearch(location.search);
    this.searchChannel = new Channel();
    this.articleChannel = new Channel();
    this.typing = false;        // the current history entry was made by typing
    this.typingTimer = 0;
    this.typingPending = false;  // the query box holds keystrokes not yet searched
    this.typingWaiting = false;  // ... and they wait for the search in flight
    this.keystrokeTime = null;  // performance.now() of the last keystroke not yet shown
    this.titles = new Map();    // article id → title, for the "similar to" pill
    this.elements = {
      form: $('search-form'),
      query: $('q'),
      sort: $('sort'),
      pills: $('pills'),
      total: $('total'),
      suggestion: $('suggestion'),
      names: $('names'),
      error: $('error'),
      hits: $('hits'),
      pager: $('pager'),
      results: $('results'),
      articleView: $('article-view'),
      timeline: $('timeline'),
      filters: $('filters'),
      filtersToggle: $('filters-toggle'),
      keyRequest: $('key-request'),
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
      this.typingPending = true;
      this.typingWaiting = false;
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => {
        if (!this.searchChannel.busy) {
          this.commitTyping();
          return;
        }
        this.typingWaiting = true;
        this.typingTimer = setTimeout(() => this.commitTyping(), TYPING_WAIT_MS);
      }, TYPING_QUIET_MS);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.cancelTyping();
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
      this.cancelTyping();
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

  cancelTyping() {
    clearTimeout(this.typingTimer);
    this.typingTimer = 0;
    this.typingPending = false;
    this.typingWaiting = false;
  }

  /// Searches what was typed and not yet searched; true when that started a
  /// new search.
  commitTyping() {
    if (!this.typingPending) return false;
    this.cancelTyping();
    return this.commitQuery();
  }

  /// Shows the query box's text (a new view unless it is the one shown);
  /// true when it did.
  commitQuery(submitted = false) {
    const q = this.elements.query.value;
    if (q === this.state.q && (!submitted || this.state.article === '')) return false;
    const next = cloneState(this.state);
    next.q = q;
    next.offset = 0;
    next.article = '';
    this.navigate(next, {typing: !submitted});
    return true;
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
    const answer = await getJson(articleUrl(id));
    if (!answer.ok) return;
    this.titles.set(id, answer.body.title || id);
    if (this.state.like === id) this.renderPills();
  }

  /// Whether `answer` says that the server wants a read key (401) or
  /// refused the one sent (403); if so, asks for one, and shows the view
  /// again with it.
  needsKey(answer) {
    if (answer.status !== 401 && answer.status !== 403) return false;
    const refused = answer.status === 403;
    if (refused) setReadKey('');
    document.body.classList.add('shown');  // the form can take the focus
    askForKey(this.elements.keyRequest, refused, (key) => {
      setReadKey(key);
      hideKeyForm(this.elements.keyRequest);
      this.update();
    });
    return true;
  }

  update() {
    const showArticle = this.state.article !== '';
    this.elements.results.hidden = showArticle;
    // The chart stays away while an error or the key form is shown (it has
    // nothing to show), until an answer with dates comes.
    this.elements.timeline.hidden = showArticle || !this.elements.error.hidden ||
                                    !this.elements.keyRequest.hidden;
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
      if (this.needsKey(answer)) {
        fill(view);
        return;
      }
      const text = answer.status === 404 ? 'Aucun article n’a l’identifiant « ' + id + ' ».'
                                         : frenchError(answer.body.error);
      fill(view, h('p', {class: 'error', role: 'alert'}, text));
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
    const requestStart = performance.now();
    const answer = await this.searchChannel.getJson(url);
    if (answer.stale) return;
    // Typed text waits for this answer: search it now rather than show an
    // answer to a query no longer in the box.
    if (this.typingWaiting && this.commitTyping()) return;
    const requestEnd = performance.now();
    this.elements.results.removeAttribute('aria-busy');
    if (!answer.ok) {
      if (this.needsKey(answer)) {
        clearError(this.elements);
        clearResults(this.elements, 'Clé de lecture requise');
      } else {
        hideKeyForm(this.elements.keyRequest);
        renderError(this.elements, answer.body.error || {code: 'http_' + answer.status}, state);
      }
      this.elements.timeline.hidden = true;
      this.finish('error', url, search, {requestStart, requestEnd, renderEnd: performance.now()});
      return;
    }
    hideKeyForm(this.elements.keyRequest);
    this.elements.timeline.hidden = state.article !== '';
    const renderStart = performance.now();
    clearError(this.elements);
    const result = answer.body;
    renderResults(this.elements, result, state, this);
    renderNames(this.elements.names, result, state, this);
    const facets = result.facets || {};
    for (const panel of this.panels) panel.render(facets[panel.facet], state);
    this.timeline.render(facets.date, state);
    const renderEnd = performance.now();
    performance.measure('facette:render', {start: renderStart, end: renderEnd});
    this.finish('ready', url, search, {requestStart, requestEnd, renderEnd});
  }

  // Marks the page as showing the answer to `url` (the browser tests wait on
  // these attributes) and, for a view reached by typing, measures the time
  // from the last keystroke to the results on screen; the measure's detail
  // splits it: waiting before the request, the request (answer parsed),
  // rendering, and the frame that shows it (milliseconds).
  finish(outcome, url, search, {requestStart, requestEnd, renderEnd}) {
    const body = document.body;
    body.dataset.request = url;
    body.dataset.renderedFor = search;
    body.dataset.state = outcome;
    body.classList.add('shown');
    if (this.keystrokeTime !== null && this.elements.query.value === this.state.q) {
      const start = this.keystrokeTime;
      this.keystrokeTime = null;
      requestAnimationFrame(() => setTimeout(() => {
        const end = performance.now();
        performance.measure('facette:keystroke-to-results', {start, end, detail: {
          wait: requestStart - start, request: requestEnd - requestStart,
          render: renderEnd - requestEnd, frame: end - renderEnd}});
      }, 0));
    }
  }
}

new App();
