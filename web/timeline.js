// Time: the bar chart of the date facet, which drills down year → month →
// day on click, the path back up, and the range form. All of them set the
// API's `from` and `to`.
import {bucketLabel, countLabel, fill, frenchDate, h} from './dom.js';

const GRANULARITY_WORDS = {year: 'par année', month: 'par mois', day: 'par jour'};

export class Timeline {
  /// `app.setRange(from, to)` changes the range.
  constructor(container, app) {
    this.app = app;
    this.crumbs = h('nav', {class: 'crumbs', 'aria-label': 'Période'});
    this.caption = h('p', {class: 'chart-caption', id: 'chart-caption'});
    this.bars = h('ol', {class: 'bars', 'aria-describedby': 'chart-caption'});
    this.fromInput = h('input', {type: 'text', id: 'range-from', name: 'from', inputmode: 'numeric',
                                 placeholder: 'AAAA-MM-JJ', size: 11, autocomplete: 'off'});
    this.toInput = h('input', {type: 'text', id: 'range-to', name: 'to', inputmode: 'numeric',
                               placeholder: 'AAAA-MM-JJ', size: 11, autocomplete: 'off'});
    this.form = h('form', {class: 'range', onsubmit: (event) => {
                    event.preventDefault();
                    this.app.setRange(this.fromInput.value.trim(), this.toInput.value.trim());
                  }},
                  h('label', {for: 'range-from'}, 'Du'), this.fromInput,
                  h('label', {for: 'range-to'}, 'au'), this.toInput,
                  h('button', {type: 'submit'}, 'Appliquer'));
    this.element = h('section', {class: 'timeline', 'aria-labelledby': 'timeline-title'},
                     h('h2', {id: 'timeline-title', class: 'visually-hidden'}, 'Dates de publication'),
                     this.crumbs, this.bars, this.caption, this.form);
    container.append(this.element);
  }

  /// Shows the date facet of a /search answer under the state's range.
  render(facet, state) {
    this.fromInput.value = state.from;
    this.toInput.value = state.to;
    this.renderCrumbs(state);
    const values = facet ? facet.values : [];
    const granularity = facet ? facet.granularity : '';
    const most = values.reduce((m, v) => Math.max(m, v.count), 0);
    this.bars.dataset.granularity = granularity || '';
    fill(this.bars, values.map((bucket) => {
      const drill = granularity !== 'day' || state.from !== bucket.value || state.to !== bucket.value;
      const percent = most === 0 ? 0 : Math.max(2, Math.round((100 * bucket.count) / most));
      const label = frenchDate(bucket.value) + ' : ' + countLabel(bucket.count, 'article', 'articles');
      const bar = h('span', {class: 'bar'});
      bar.style.height = percent + '%';
      return h('li', {},
               h('button', {type: 'button', class: 'bucket', title: label, 'aria-label': label,
                            'aria-pressed': drill ? 'false' : 'true',
                            dataset: {value: bucket.value, count: String(bucket.count)},
                            onclick: () => this.app.setRange(bucket.value, bucket.value)},
                 h('span', {class: 'bar-area'}, bar),
                 h('span', {class: 'bucket-label'}, bucketLabel(bucket.value))));
    }));
    if (values.length === 0) this.bars.append(h('li', {class: 'empty'}, 'Aucun article daté.'));
    fill(this.caption, granularity ? 'Articles ' + GRANULARITY_WORDS[granularity] +
                                       (values.length > 0 ? ' ; choisissez une barre pour zoomer.' : '')
                                   : '');
  }

  // "Toutes les dates › 2017 › avril 2017": each step up is a link to that
  // range; the last one is where we are.
  renderCrumbs(state) {
    const steps = [{from: '', to: '', label: 'Toutes les dates'}];
    if (state.from !== '' && state.from === state.to &&
        /^\d{4}(-\d{2}(-\d{2})?)?$/.test(state.from)) {
      const parts = state.from.split('-');
      for (let n = 1; n <= parts.length; ++n) {
        const value = parts.slice(0, n).join('-');
        steps.push({from: value, to: value, label: frenchDate(value)});
      }
    } else if (state.from !== '' || state.to !== '') {
      steps.push({from: state.from, to: state.to,
                  label: (state.from ? 'du ' + frenchDate(state.from) : 'jusqu’') +
                         (state.to ? (state.from ? ' au ' : 'au ') + frenchDate(state.to) : ' à aujourd’hui')});
    }
    const items = steps.map((step, index) => {
      if (index === steps.length - 1) return h('span', {'aria-current': 'location'}, step.label);
      return h('button', {type: 'button', class: 'link', onclick: () => this.app.setRange(step.from, step.to)},
               step.label);
    });
    const children = [];
    items.forEach((item, index) => {
      if (index > 0) children.push(h('span', {class: 'sep', 'aria-hidden': 'true'}, ' › '));
      children.push(item);
    });
    fill(this.crumbs, children);
  }
}
