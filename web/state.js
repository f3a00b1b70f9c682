// The page's state and its URL: every view is a query string that uses the
// HTTP API's parameter names (q, person, not_person, from, to, mentioned,
// like, sort, offset), plus two of the page's own: `more` (facet panels
// shown long) and `article` (the article view). stateFromSearch and
// searchOfState are inverse; apiSearchParams turns a state into the
// parameters of GET /search.

export const ENTITY_FACETS = ['person', 'organization', 'location'];
export const PAGE_SIZE = 10;
export const FACET_SIZE = 10;
export const FACET_SIZE_MORE = 50;
export const SORTS = ['relevance', 'newest', 'oldest', 'recent'];

export function emptyState() {
  const state = {
    q: '',
    filters: {},
    exclusions: {},
    mentioned: [],
    from: '',
    to: '',
    like: '',
    sort: '',
    offset: 0,
    more: [],
    article: '',
  };
  for (const facet of ENTITY_FACETS) {
    state.filters[facet] = [];
    state.exclusions[facet] = [];
  }
  return state;
}

export function cloneState(state) {
  return JSON.parse(JSON.stringify(state));
}

function unique(values) {
  return [...new Set(values.filter((value) => value !== ''))];
}

/// The state a query string ("?q=…&person=…") describes; unknown names are
/// ignored, a bad offset is 0.
export function stateFromSearch(search) {
  const params = new URLSearchParams(search);
  const state = emptyState();
  state.q = params.get('q') || '';
  for (const facet of ENTITY_FACETS) {
    state.filters[facet] = unique(params.getAll(facet));
    state.exclusions[facet] = unique(params.getAll('not_' + facet));
  }
  state.mentioned = unique(params.getAll('mentioned'));
  state.from = params.get('from') || '';
  state.to = params.get('to') || '';
  state.like = params.get('like') || '';
  const sort = params.get('sort') || '';
  state.sort = SORTS.includes(sort) ? sort : '';
  const offset = Number.parseInt(params.get('offset') || '0', 10);
  state.offset = Number.isFinite(offset) && offset > 0 ? offset : 0;
  state.more = unique(params.getAll('more')).filter(
    (facet) => ENTITY_FACETS.includes(facet) || facet === 'mentioned');
  state.article = params.get('article') || '';
  return state;
}

// The search's own parameters, in a fixed order (shared by the page's URL and
// the API's).
function appendSearch(params, state) {
  if (state.q !== '') params.append('q', state.q);
  for (const facet of ENTITY_FACETS) {
    for (const value of state.filters[facet]) params.append(facet, value);
    for (const value of state.exclusions[facet]) params.append('not_' + facet, value);
  }
  for (const value of state.mentioned) params.append('mentioned', value);
  if (state.from !== '') params.append('from', state.from);
  if (state.to !== '') params.append('to', state.to);
  if (state.like !== '') params.append('like', state.like);
}

/// "?q=…" for the page's URL ("" for the empty state).
export function searchOfState(state) {
  const params = new URLSearchParams();
  appendSearch(params, state);
  if (state.sort !== '') params.append('sort', state.sort);
  if (state.offset > 0) params.append('offset', String(state.offset));
  for (const facet of state.more) params.append('more', facet);
  if (state.article !== '') params.append('article', state.article);
  const text = params.toString();
  return text === '' ? '' : '?' + text;
}

/// The date facet's buckets for a range: months inside one year, days inside
/// one month, else the API's choice.
export function dateGranularity(from, to) {
  if (from !== '' && from === to) {
    if (/^\d{4}$/.test(from)) return 'month';
    if (/^\d{4}-\d{2}$/.test(from)) return 'day';
  }
  return '';
}

/// The parameters of GET /search for a state: the filters, the page, and the
/// facet sizes and date buckets the panels and the chart show.
export function apiSearchParams(state) {
  const params = new URLSearchParams();
  appendSearch(params, state);
  if (state.sort !== '') params.append('sort', state.sort);
  if (state.offset > 0) params.append('offset', String(state.offset));
  params.append('limit', String(PAGE_SIZE));
  params.append('facet_size', String(state.more.length > 0 ? FACET_SIZE_MORE : FACET_SIZE));
  const granularity = dateGranularity(state.from, state.to);
  if (granularity !== '') params.append('date_granularity', granularity);
  return params;
}

/// The parameters of GET /facets/{facet}: the search's filters and `prefix`.
export function apiFacetSearchParams(state, prefix) {
  const params = new URLSearchParams();
  appendSearch(params, state);
  params.append('prefix', prefix);
  params.append('facet_size', String(FACET_SIZE));
  return params;
}
