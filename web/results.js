// The list of hits, the pager and the error message of the results column.
// Links are real links (a page URL each) that the app intercepts.
import {countLabel, fill, FACET_LABELS, frenchDate, h, splitAtByteRanges, charIndexOfByte}
  from './dom.js';
import {frenchError} from './errors.js';
import {cloneState, ENTITY_FACETS, PAGE_SIZE, searchOfState} from './state.js';

const CHIPS_PER_FACET = 4;
const HIT_ENTITY_KEYS = {person: 'persons', organization: 'organizations', location: 'locations'};

/// The snippet as text with its highlights in <mark>.
function snippetElement(snippet) {
  const paragraph = h('p', {class: 'snippet'});
  for (const piece of splitAtByteRanges(snippet.text, snippet.highlights)) {
    paragraph.append(piece.marked ? h('mark', {}, piece.text) : document.createTextNode(piece.text));
  }
  return paragraph;
}

function hitElement(hit, state, app) {
  const articleState = cloneState(state);
  articleState.article = hit.id;
  const likeState = cloneState(state);
  likeState.like = hit.id;
  likeState.q = '';
  likeState.offset = 0;
  const chips = [];
  let hidden = 0;
  for (const facet of ENTITY_FACETS) {
    (hit[HIT_ENTITY_KEYS[facet]] || []).forEach((name, index) => {
      const extra = index >= CHIPS_PER_FACET;
      if (extra) ++hidden;
      const selected = state.filters[facet].includes(name);
      chips.push(h('li', {class: extra ? 'extra' : null, hidden: extra},
                   h('button', {type: 'button', class: 'chip chip-' + facet, 'aria-pressed': selected ? 'true' : 'false',
                                title: FACET_LABELS[facet].one + ' : ajouter comme filtre',
                                dataset: {facet, value: name},
                                onclick: () => app.addFilter(facet, name)},
                     name)));
    });
  }
  if (hidden > 0) {
    // The first names of each kind are shown; the others on demand.
    const more = h('li', {}, h('button', {type: 'button', class: 'chip chip-more',
                                          onclick: (event) => {
                                            for (const chip of event.target.closest('ul').querySelectorAll('li.extra')) chip.hidden = false;
                                            event.target.closest('li').remove();
                                          }},
                               '+\u00a0' + hidden + ' autres'));
    chips.push(more);
  }
  return h('li', {class: 'hit', dataset: {id: hit.id}},
           h('h3', {class: 'hit-title'},
             h('a', {href: '/' + searchOfState(articleState), onclick: app.link(articleState)},
               hit.title || hit.id)),
           h('p', {class: 'hit-meta'},
             hit.date ? h('time', {datetime: hit.date}, frenchDate(hit.date)) : 'sans date',
             hit.source ? [' · ', h('span', {class: 'source'}, hit.source)] : null),
           snippetElement(hit.snippet || {text: '', highlights: []}),
           chips.length > 0 ? h('ul', {class: 'chips', 'aria-label': 'Entités citées'}, chips) : null,
           h('p', {class: 'hit-links'},
             h('a', {href: '/' + searchOfState(articleState), onclick: app.link(articleState)},
               'Lire l’article'),
             ' · ',
             h('a', {href: '/' + searchOfState(likeState), class: 'like',
                     onclick: app.link(likeState)}, 'Articles similaires')));
}

/// Fills the hit list, the total and the pager from a /search answer.
export function renderResults(elements, result, state, app) {
  const total = result.total;
  elements.total.dataset.total = String(total);
  fill(elements.total, total === 0 ? 'Aucun article' : countLabel(total, 'article', 'articles'));
  if (result.suggestion) {
    const suggested = cloneState(state);
    suggested.q = result.suggestion;
    suggested.offset = 0;
    fill(elements.suggestion, 'Vouliez-vous dire : ',
         h('a', {href: '/' + searchOfState(suggested), onclick: app.link(suggested), dataset: {suggestion: result.suggestion}},
           result.suggestion),
         ' ?');
    elements.suggestion.hidden = false;
  } else {
    fill(elements.suggestion);
    elements.suggestion.hidden = true;
  }
  fill(elements.hits, result.hits.map((hit) => hitElement(hit, state, app)));
  if (result.hits.length === 0 && total > 0) {
    elements.hits.append(h('li', {class: 'empty'}, 'Cette page est au-delà des résultats.'));
  }
  renderPager(elements.pager, total, state, app);
}

function renderPager(pager, total, state, app) {
  const pages = Math.ceil(total / PAGE_SIZE);
  if (pages <= 1) {
    fill(pager);
    return;
  }
  const page = Math.floor(state.offset / PAGE_SIZE) + 1;
  const at = (number) => {
    const next = cloneState(state);
    next.offset = (number - 1) * PAGE_SIZE;
    return next;
  };
  const link = (number, text, label) => {
    const target = at(number);
    return h('a', {href: '/' + searchOfState(target), onclick: app.link(target, {top: true}),
                   'aria-label': label}, text);
  };
  fill(pager,
       page > 1 ? link(page - 1, '← Précédente', 'Page précédente') : h('span', {class: 'off'}, '← Précédente'),
       h('span', {class: 'page', 'aria-current': 'page'}, 'Page ' + page + ' sur ' + pages),
       page < pages ? link(page + 1, 'Suivante →', 'Page suivante') : h('span', {class: 'off'}, 'Suivante →'));
}

/// Shows an API error in French: for a query that cannot be read, what is
/// wrong and the query with a caret under the place of the problem.
export function renderError(elements, error, state) {
  const code = error.code || '';
  const parts = [h('p', {class: 'message'}, frenchError(error, state))];
  if (code === 'bad_query' && typeof error.position === 'number') {
    const index = charIndexOfByte(state.q, error.position);
    parts.push(h('pre', {class: 'caret', 'aria-hidden': 'true'},
                 state.q + '\n' + ' '.repeat(index) + '^'));
  }
  elements.error.dataset.code = code;
  fill(elements.error, parts);
  elements.error.hidden = false;
  clearResults(elements, 'Erreur');
}

/// Empties the total, the hits and the pager; `total` says why.
export function clearResults(elements, total) {
  elements.total.dataset.total = '';
  fill(elements.total, total);
  fill(elements.hits);
  fill(elements.pager);
  elements.suggestion.hidden = true;
  elements.names.hidden = true;
}

export function clearError(elements) {
  elements.error.hidden = true;
  fill(elements.error);
}
