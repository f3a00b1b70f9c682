// The article view: every stored field of one article (GET /articles/{id}),
// its entities as filters, and the way to its similar articles.
import {fill, FACET_LABELS, frenchDate, h} from './dom.js';
import {cloneState, ENTITY_FACETS, searchOfState} from './state.js';

const ARTICLE_ENTITY_KEYS = {person: 'persons', organization: 'organizations', location: 'locations'};

export function renderArticle(container, article, state, app) {
  const back = cloneState(state);
  back.article = '';
  const like = cloneState(state);
  like.article = '';
  like.like = article.id;
  like.q = '';
  like.offset = 0;
  const fields = [];
  const field = (name, ...value) => fields.push(h('dt', {}, name), h('dd', {}, ...value));
  field('Identifiant', h('code', {}, article.id));
  field('Date', article.date ? h('time', {datetime: article.date}, frenchDate(article.date)) : 'sans date');
  if (article.source) field('Source', article.source);
  if (article.url) field('Adresse', h('a', {href: article.url, rel: 'noopener noreferrer'}, article.url));
  for (const facet of ENTITY_FACETS) {
    const names = article[ARTICLE_ENTITY_KEYS[facet]] || [];
    if (names.length === 0) continue;
    field(FACET_LABELS[facet].title,
          h('ul', {class: 'chips'}, names.map((name) =>
            h('li', {}, h('button', {type: 'button', class: 'chip chip-' + facet,
                                     dataset: {facet, value: name},
                                     onclick: () => app.addFilter(facet, name)}, name)))));
  }
  const mentioned = article.dates_mentioned || [];
  if (mentioned.length > 0) field('Dates mentionnées', mentioned.map(frenchDate).join(', '));
  const body = (article.body || '').split(/\n+/).filter((line) => line.trim() !== '');
  fill(container,
       h('p', {class: 'article-nav'},
         h('a', {href: '/' + searchOfState(back), onclick: app.link(back)}, '← Retour aux résultats'),
         ' · ',
         h('a', {href: '/' + searchOfState(like), class: 'like', onclick: app.link(like)}, 'Articles similaires')),
       h('article', {class: 'article', dataset: {id: article.id}},
         h('h2', {id: 'article-title', tabindex: '-1'}, article.title || article.id),
         h('dl', {class: 'fields'}, fields),
         h('div', {class: 'body'}, body.map((line) => h('p', {}, line)))));
}
