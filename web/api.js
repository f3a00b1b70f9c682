// Calls to the HTTP API (docs/http-api.md). A Channel keeps only its latest
// call: starting one aborts the one before, and an answer that arrives after
// a newer call started is dropped, so an older response never overwrites a
// newer one.

/// What a call gives: {stale: true} when a newer call replaced it, else
/// {ok, status, body} (body: the parsed JSON; for a failure the API's
/// {"error": {code, message, parameter, position}}).
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
      const response = await fetch(url, {signal: controller.signal,
                                         headers: {Accept: 'application/json'}});
      const body = await response.json();
      if (sequence !== this.sequence) return {stale: true};
      return {ok: response.ok, status: response.status, body};
    } catch (error) {
      if (sequence !== this.sequence || error.name === 'AbortError') return {stale: true};
      return {
        ok: false,
        status: 0,
        body: {error: {code: 'network', message: 'le serveur ne répond pas (' + error.message + ')'}},
      };
    }
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
