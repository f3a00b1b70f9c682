// The read key form: shown when the server answers 401 (it wants a key) or
// 403 (the key given is wrong). The key typed is kept for the tab's session
// by api.js; `onKey` runs the view again with it.
import {fill, h} from './dom.js';

/// Shows the form in `container`; `refused`: a key was sent and refused.
export function askForKey(container, refused, onKey) {
  const input = h('input', {type: 'password', id: 'read-key', name: 'key', required: true,
                            autocomplete: 'off', spellcheck: 'false'});
  const form = h('form', {class: 'key-form',
                          onsubmit: (event) => {
                            event.preventDefault();
                            const key = input.value.trim();
                            if (key !== '') onKey(key);
                          }},
                 h('label', {for: 'read-key'}, 'Clé de lecture'),
                 input,
                 h('button', {type: 'submit'}, 'Valider'));
  container.dataset.refused = refused ? 'true' : 'false';
  fill(container,
       h('p', {class: 'key-message'},
         refused ? 'La clé donnée a été refusée : vérifiez-la et recommencez.'
                 : 'Ce serveur demande une clé de lecture pour chercher dans ses articles.'),
       h('p', {class: 'key-note'},
         'Elle est gardée pour cet onglet seulement, le temps de la session, et jamais dans ' +
         'l’adresse de la page.'),
       form);
  container.hidden = false;
  input.focus();
}

export function hideKeyForm(container) {
  container.hidden = true;
  fill(container);
}
