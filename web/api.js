// Calls to the HTTP API (docs/http-api.md). A Channel keeps only its latest
// call: starting one aborts the one before, and an answer that arrives after
// a newer call started is dropped, so an older response never overwrites a
// newer one. `busy` says whether a call is in flight.
//
// The read key, when the server wants one (401), is the user's: the page
// keeps it for the browser tab's session (sessionStorage, never in the URL)
// and sends it as the API expects, "Authorization: Bearer KEY".

const KEY_ITEM = 'facette.readKey';
let memoryKey = '';  // where the key stays when the browser refuses storage

export function readKey() {
  try {
    return sessionStorage.getItem(KEY_ITEM) || '';
  } catch (error) {
    return memoryKey;
  }
}

/// Keeps `key` for this tab's session ("" forgets it).
export function setReadKey(key) {
  memoryKey = key;
  try {
    if (key === '') {
      sessionStorage.removeItem(KEY_ITEM);
    } else {
      sessionStorage.setItem(KEY_ITEM, key);
    }
  } catch (error) {
    // Storage refused (a privacy setting): the key lasts as long as the page.
  }
}

/// The parsed JSON of a GET of `url`, as {ok, status, body} (for a failure
/// body is the API's {"error": {code, message, parameter, position}}; a
/// request that got no answer is code "network"). Throws AbortError when
/// `signal` aborts it.
export async function getJson(url, signal = undefined) {
  const headers = {Accept: 'application/json'};
  const key = readKey();
  if (key !== '') headers.Authorization = 'Bearer ' + key;
  try {
    const response = await fetch(url, {signal, headers});
    const body = await response.json();
    return {ok: response.ok, status: response.status, body};
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    return {ok: false, status: 0, body: {error: {code: 'network', message: error.message}}};
  }
}

/// What a call gives: {stale: true} when a newer call replaced it, else
/// getJson's {ok, status, body}.
export class Channel {
  constructor() {
    this.sequence = 0;
    this.controller = null;
  }

  async getJson(url) {
    const sequence = ++this.sequence;
    if (this.controller !== null) this.controller.abort();
    const controller = new AbortController();
    this.controller = controller;
    try {
      const answer = await getJson(url, controller.signal);
      return sequence === this.sequence ? answer : {stale: true};
    } catch (error) {
      return {stale: true};  // aborted: a newer call replaced it
    } finally {
      if (sequence === this.sequence) this.controller = null;
    }
  }

  get busy() {
    return this.controller !== null;
  }

  /// Drops the call in flight, if any.
  cancel() {
    ++this.sequence;
    if (this.controller !== null) this.controller.abort();
    this.controller = null;
  }
}

export function searchUrl(params) {
  return '/search?' + params.toString();
}

export function facetSearchUrl(facet, params) {
  return '/facets/' + encodeURIComponent(facet) + '?' + params.toString();
}

export function articleUrl(id) {
  return '/articles/' + encodeURIComponent(id);
}
