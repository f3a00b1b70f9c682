// Small DOM helpers shared by the page's modules: building elements, French
// labels of facets and dates, and UTF-8 byte offsets.

/// An element: h('a', {href: '/', class: 'x', onclick: f}, 'text', child…).
/// Attributes starting with "on" are listeners; `dataset` is an object of
/// data-* values; null and false attributes are left out.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'class') {
      element.className = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/// Replaces an element's children.
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export const FACET_LABELS = {
  person: {title: 'Personnes', one: 'Personne', none: 'Sauf personne', search: 'une personne'},
  organization: {title: 'Organisations', one: 'Organisation', none: 'Sauf organisation',
                 search: 'une organisation'},
  location: {title: 'Lieux', one: 'Lieu', none: 'Sauf lieu', search: 'un lieu'},
  mentioned: {title: 'Dates mentionnées', one: 'Mentionne', none: '', search: ''},
};

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août',
                'septembre', 'octobre', 'novembre', 'décembre'];
const SHORT_MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août',
                      'sept.', 'oct.', 'nov.', 'déc.'];

/// "2017" → "2017", "2017-04" → "avril 2017", "2017-04-01" → "1er avril 2017";
/// anything else as it is.
export function frenchDate(value) {
  const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value || '');
  // As typed in France (the API reads it too): 15/02/2017, 02/2017, with "/", "." or "-".
  const typed = /^(?:(\d{1,2})([/.-]))?(\d{1,2})([/.-])(\d{4})$/.exec(value || '');
  let year;
  let month;
  let day;
  if (iso !== null) {
    [, year, month, day] = iso;
  } else if (typed !== null && (typed[2] === undefined || typed[2] === typed[4])) {
    [, day, , month, , year] = typed;
  } else {
    return value || '';
  }
  if (month === undefined) return year;
  const monthName = MONTHS[Number(month) - 1] || month;
  if (day === undefined) return monthName + ' ' + year;
  const dayNumber = Number(day);
  return (dayNumber === 1 ? '1er' : String(dayNumber)) + ' ' + monthName + ' ' + year;
}

/// The short label of a date bucket on the chart: "2017", "avr.", "10".
export function bucketLabel(value) {
  const parts = value.split('-');
  if (parts.length === 1) return parts[0];
  if (parts.length === 2) return SHORT_MONTHS[Number(parts[1]) - 1] || parts[1];
  return String(Number(parts[2]));
}

export function countLabel(count, one, many) {
  return count.toLocaleString('fr-FR') + '\u00a0' + (count === 1 ? one : many);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/// `text` cut at UTF-8 byte offsets: the pieces between and inside the
/// ranges [start, end), as {text, marked}. Offsets are the API's, used as
/// they are (never recomputed here).
export function splitAtByteRanges(text, ranges) {
  const bytes = encoder.encode(text);
  const pieces = [];
  let position = 0;
  for (const {start, end} of ranges) {
    if (start < position || end < start || end > bytes.length) continue;
    if (start > position) {
      pieces.push({text: decoder.decode(bytes.subarray(position, start)), marked: false});
    }
    pieces.push({text: decoder.decode(bytes.subarray(start, end)), marked: true});
    position = end;
  }
  if (position < bytes.length) {
    pieces.push({text: decoder.decode(bytes.subarray(position)), marked: false});
  }
  return pieces;
}

/// The character index (UTF-16) of a UTF-8 byte offset of `text`.
export function charIndexOfByte(text, byteOffset) {
  return decoder.decode(encoder.encode(text).subarray(0, byteOffset)).length;
}
