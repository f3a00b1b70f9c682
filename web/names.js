// What the names typed as filters matched (the API's `matched` and
// `name_suggestions`, docs/json-output.md): a line for each name that is not
// simply the one entity it matched ("trump": Donald Trump, Ivanka Trump,
// Trump), and for a name that matched nothing, the nearest names, each a
// link that puts it in the name's place when the name is a filter of the
// page (a name of the query box gets them as text).
import {fill, FACET_LABELS, h} from './dom.js';
import {cloneState, ENTITY_FACETS, searchOfState} from './state.js';

// Entities listed per name before "et N autres".
const SHOWN = 5;

const NO_SUCH_NAME = {
  person: 'aucune personne de ce nom',
  organization: 'aucune organisation de ce nom',
  location: 'aucun lieu de ce nom',
};

// Case, accents and punctuation off: whether a name is the entity as typed.
function folded(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

// `state` with `value` in the place of the filter or exclusion `text` of
// `facet`; null when `text` is neither (a name of the query box).
function withNameReplaced(state, facet, text, value) {
  for (const list of ['filters', 'exclusions']) {
    const index = state[list][facet].indexOf(text);
    if (index < 0) continue;
    const next = cloneState(state);
    next[list][facet].splice(index, 1);
    if (!next[list][facet].includes(value)) next[list][facet].splice(index, 0, value);
    next.offset = 0;
    next.article = '';
    return next;
  }
  return null;
}

function entityList(values) {
  const shown = values.slice(0, SHOWN).map((v) => v.value + ' (' + v.count.toLocaleString('fr-FR') + ')');
  const rest = values.length - shown.length;
  return shown.join(', ') + (rest > 0 ? ' et ' + rest + (rest > 1 ? ' autres' : ' autre') : '');
}

function nameLine(facet, text, values, suggestions, state, app) {
  const head = FACET_LABELS[facet].one + ' « ' + text + ' » : ';
  const dataset = {facet, text, matched: String(values.length)};
  if (values.length > 0) return h('li', {dataset}, head, entityList(values));
  const parts = [head, NO_SUCH_NAME[facet]];
  if (suggestions.length > 0) {
    parts.push(' ; vouliez-vous dire : ');
    suggestions.forEach((suggestion, index) => {
      if (index > 0) parts.push(', ');
      const target = withNameReplaced(state, facet, text, suggestion.value);
      const label = suggestion.value + ' (' + suggestion.count.toLocaleString('fr-FR') + ')';
      parts.push(target === null
        ? label
        : h('a', {href: '/' + searchOfState(target), onclick: app.link(target),
                  dataset: {name: suggestion.value}}, label));
    });
    parts.push(' ?');
  }
  return h('li', {class: 'no-match', dataset}, ...parts);
}

/// Fills `element` (a list) from a /search answer; hidden when no name
/// needs a line.
export function renderNames(element, result, state, app) {
  const matched = result.matched || {};
  const suggestions = result.name_suggestions || {};
  const lines = [];
  for (const facet of ENTITY_FACETS) {
    for (const [text, values] of Object.entries(matched[facet] || {})) {
      if (values.length === 1 && folded(values[0].value) === folded(text)) continue;
      lines.push(nameLine(facet, text, values, (suggestions[facet] || {})[text] || [], state, app));
    }
  }
  fill(element, lines);
  element.hidden = lines.length === 0;
}
