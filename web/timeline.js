// Time: the bar chart of the date facet, which drills down year → month →
// day on click, the path back up, and the range form. All of them set the
// API's `from` and `to`.
import {bucketLabel, countLabel, fill, frenchDate, h} from './dom.js';

const GRANULARITY_WORDS = {year: 'par année', month: 'par mois', day: 'par jour'};

const MAX_SLOTS = 400;

function pad(number) {
  return String(number).padStart(2, '0');
}

// The periods the chart's axis shows: every year, month or day from the
// first bucket to the last (a whole year of months, a whole month of days
// when the range is that year or month), so that gaps show as gaps. The
// API's buckets alone when that would be too many.
function timeSlots(values, granularity, state) {
  if (values.length === 0) return [];
  const first = values[0].value;
  const last = values[values.length - 1].value;
  const slots = [];
  if (granularity === 'year') {
    for (let year = Number(first); year <= Number(last) && slots.length < MAX_SLOTS; ++year) {
      slots.push(String(year));
    }
  } else if (granularity === 'month') {
    const whole = /^\d{4}$/.test(state.from) && state.from === state.to;
    let [year, month] = (whole ? state.from + '-01' : first).split('-').map(Number);
    const end = whole ? state.from + '-12' : last;
    for (;;) {
      const value = year + '-' + pad(month);
      slots.push(value);
      if (value >= end || slots.length >= MAX_SLOTS) break;
      if (++month > 12) {
        month = 1;
        ++year;
      }
    }
  } else if (granularity === 'day') {
    const whole = /^\d{4}-\d{2}$/.test(state.from) && state.from === state.to;
    const start = whole ? state.from + '-01' : first;
    let day = new Date(start + 'T00:00:00Z');
    const end = whole ? null : last;
    const month = start.slice(0, 7);
    for (;;) {
      const value = day.toISOString().slice(0, 10);
      if (whole ? value.slice(0, 7) !== month : value > end) break;
      slots.push(value);
      if (slots.length >= MAX_SLOTS) break;
      day = new Date(day.getTime() + 86400000);
    }
  }
  // Whatever the axis, every bucket of the API is on it.
  const set = new Set(slots);
  if (slots.length >= MAX_SLOTS || !values.every((v) => set.has(v.value))) {
    return values.map((v) => v.value);
  }
  return slots;
}

export class Timeline {
  /// `app.setRange(from, to)` changes the range.
  constructor(container, app) {
    this.app = app;
    this.crumbs = h('nav', {class: 'crumbs', 'aria-label': 'Période'});
    this.caption = h('p', {class: 'chart-caption', id: 'chart-caption'});
    this.bars = h('ol', {class: 'bars', 'aria-describedby': 'chart-caption'});
    this.fromInput = h('input', {type: 'text', id: 'range-from', name: 'from', inputmode: 'numeric',
                                 placeholder: 'JJ/MM/AAAA', size: 11, autocomplete: 'off'});
    this.toInput = h('input', {type: 'text', id: 'range-to', name: 'to', inputmode: 'numeric',
                               placeholder: 'JJ/MM/AAAA', size: 11, autocomplete: 'off'});
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
    const counts = new Map(values.map((v) => [v.value, v.count]));
    const slots = timeSlots(values, granularity, state);
    const sparse = slots.length > 16;  // label every few days only
    this.bars.dataset.granularity = granularity || '';
    fill(this.bars, slots.map((value, index) => {
      const count = counts.get(value) || 0;
      const shownLabel = !sparse || index === 0 || Number(value.slice(-2)) % 5 === 0
        ? bucketLabel(value) : '';
      if (count === 0) {
        // A period without articles: a gap on the axis, not a control.
        return h('li', {}, h('span', {class: 'bucket gap', title: frenchDate(value) + ' : aucun article'},
                              h('span', {class: 'bar-area'}),
                              h('span', {class: 'bucket-label', 'aria-hidden': 'true'}, shownLabel)));
      }
      const current = state.from === value && state.to === value;
      const percent = most === 0 ? 0 : Math.max(2, Math.round((100 * count) / most));
      const label = frenchDate(value) + ' : ' + countLabel(count, 'article', 'articles');
      const bar = h('span', {class: 'bar'});
      bar.style.height = percent + '%';
      return h('li', {},
               h('button', {type: 'button', class: 'bucket', title: label, 'aria-label': label,
                            'aria-pressed': current ? 'true' : 'false',
                            dataset: {value, count: String(count)},
                            onclick: () => this.app.setRange(value, value)},
                 h('span', {class: 'bar-area'}, bar),
                 h('span', {class: 'bucket-label', 'aria-hidden': 'true'}, shownLabel)));
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
