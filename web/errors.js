// The French text of the API's errors (docs/http-api.md lists their codes).
// The API's own messages are English and meant for programs: the page
// never shows them. It says what went wrong from the error's code, its
// parameter and the value the page sent; for a query that cannot be read,
// from the known forms of the problem (the caret under the query, drawn by
// results.js, shows where).
import {FACET_LABELS} from './dom.js';

// The request parameters the page sends, as a French phrase; the API's
// aliases of a facet's name come back under the facet's own name.
const PARAMETERS = {
  q: 'la requête',
  from: 'le début de la période',
  to: 'la fin de la période',
  mentioned: 'le filtre « ' + FACET_LABELS.mentioned.one + ' »',
  like: 'l’article des « Articles similaires »',
  like_id: 'l’article des « Articles similaires »',
  sort: 'le tri',
  offset: 'la page',
  limit: 'le nombre de résultats',
  facet_size: 'le nombre de valeurs des filtres',
  date_granularity: 'le découpage du graphique des dates',
  prefix: 'la recherche dans un filtre',
};
for (const facet of ['person', 'organization', 'location']) {
  PARAMETERS[facet] = 'le filtre « ' + FACET_LABELS[facet].one + ' »';
  PARAMETERS['not_' + facet] = 'le filtre « ' + FACET_LABELS[facet].none + ' »';
}

function quoted(text) {
  return '« ' + text + ' »';
}

function parameterPhrase(parameter) {
  return PARAMETERS[parameter] || 'le paramètre ' + quoted(parameter);
}

const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const DATE_FORMS = 'une année (2016), un mois (03/2016 ou 2016-03), un jour (15/03/2016 ou ' +
                   '2016-03-15) ou une date en toutes lettres (« 15 mars 2016 »)';

// The values the page sent for `parameter`, from its state.
function sentValues(parameter, state) {
  if (!state) return [];
  if (parameter in state.filters) return state.filters[parameter];
  if (parameter.startsWith('not_') && parameter.slice(4) in state.exclusions) {
    return state.exclusions[parameter.slice(4)];
  }
  if (parameter === 'mentioned') return state.mentioned;
  if (parameter === 'like_id' || parameter === 'like') return [state.like];
  if (parameter === 'from' || parameter === 'to') return [state[parameter]];
  return [];
}

// The problems FindSyntaxProblem (query/query_syntax.cc) names, in French.
const SYNTAX_PROBLEMS = [
  [/^this quote is never closed$/, () => 'ce guillemet n’est jamais fermé'],
  [/^this "\)" closes no "\("$/, () => 'cette parenthèse fermante n’en ferme aucune'],
  [/^this "\(" is never closed$/, () => 'cette parenthèse n’est jamais fermée'],
  [/^"(.*)" needs a value right after it$/, (m) => quoted(m[1]) + ' doit être suivi d’une valeur'],
  [/^"(.*)" cannot follow "(.*)"$/, (m) => quoted(m[1]) + ' ne peut pas suivre ' + quoted(m[2])],
  [/^"(.*)" needs a query on its left$/, (m) => quoted(m[1]) + ' demande des mots à sa gauche'],
  [/^"(.*)" needs a query on its right$/, (m) => quoted(m[1]) + ' demande des mots à sa droite'],
  [/^([a-z_]+): .*? '([^']*)'/, (m) => 'la valeur ' + quoted(m[2]) + ' de ' + quoted(m[1] + ':') +
                                   ' ne peut pas être lue'],
  [/^([a-z_]+):"?(.*?)"?: no letter or digit/, (m) => quoted(m[1] + ':') + ' est suivi de ' +
                                                      quoted(m[2]) + ', sans lettre ni chiffre'],
];
const OPERATOR_ADVICE = / \(to search for the word, put it in quotes: "(.*)"\)$/;

/// What is wrong with a query the API could not read (an error of code
/// bad_query), in French: "ce guillemet n’est jamais fermé".
function syntaxProblem(message) {
  let problem = (message || '').replace(/^syntax error in the query: /, '');
  let advice = '';
  const wordAdvice = OPERATOR_ADVICE.exec(problem);
  if (wordAdvice !== null) {
    problem = problem.slice(0, wordAdvice.index);
    advice = ' (pour chercher le mot, mettez-le entre guillemets : "' + wordAdvice[1] + '")';
  }
  for (const [pattern, french] of SYNTAX_PROBLEMS) {
    const match = pattern.exec(problem);
    if (match !== null) return french(match) + advice;
  }
  return 'ce passage ne peut pas être lu';
}

function invalidArgument(error, state) {
  const parameter = error.parameter || '';
  const values = sentValues(parameter, state).filter((value) => value !== '');
  if (parameter === 'from' || parameter === 'to') {
    return 'La date ' + quoted(values[0] || '') + ' (' + parameterPhrase(parameter) +
           ') ne peut pas être lue : écrivez ' + DATE_FORMS + '.';
  }
  if (parameter === 'mentioned') {
    return 'Une des dates du filtre ' + quoted(FACET_LABELS.mentioned.title) +
           ' ne peut pas être lue : écrivez ' + DATE_FORMS + '.';
  }
  if (parameter === 'like' || parameter === 'like_id') {
    return 'Les articles similaires à ' + quoted(values[0] || '') + ' ne peuvent pas être ' +
           'cherchés : aucun article n’a cet identifiant, ou il n’a aucun mot à comparer.';
  }
  if (parameter === '' && state && state.from !== '' && state.to !== '') {
    return 'La période du ' + state.from + ' au ' + state.to + ' finit avant de commencer.';
  }
  if (parameter in PARAMETERS && parameter !== 'q') {
    const bad = values.find((value) => !HAS_LETTER_OR_DIGIT.test(value));
    if (bad !== undefined) {
      return 'Dans ' + parameterPhrase(parameter) + ', ' + quoted(bad) +
             ' n’a ni lettre ni chiffre : il n’y a rien à chercher.';
    }
  }
  return 'La valeur de ' + parameterPhrase(parameter || 'q') + ' est refusée par le serveur.';
}

/// The French sentence for an API error ({code, message, parameter,
/// position}) of a request made for `state` (null when not a search). For
/// bad_query, the sentence names the problem; the caller shows where.
export function frenchError(error, state = null) {
  const code = (error && error.code) || '';
  switch (code) {
    case 'bad_query':
      return 'La requête ne peut pas être lue : ' + syntaxProblem(error.message) + '.';
    case 'invalid_argument':
      return invalidArgument(error, state);
    case 'query_too_long':
      return 'La requête est trop longue pour ce serveur : raccourcissez-la.';
    case 'invalid_utf8':
      return 'La requête contient des caractères illisibles (pas de l’UTF-8).';
    case 'unknown_parameter':
      return 'Le serveur ne connaît pas ' + parameterPhrase(error.parameter || '') + '.';
    case 'invalid_parameter':
    case 'missing_parameter':
      return (code === 'missing_parameter' ? 'Il manque ' : 'Valeur refusée pour ') +
             parameterPhrase(error.parameter || '') + '.';
    case 'unauthorized':
      return 'Ce serveur demande une clé de lecture.';
    case 'forbidden':
      return 'La clé de lecture a été refusée : vérifiez-la.';
    case 'not_found':
      return 'Introuvable sur ce serveur.';
    case 'uri_too_long':
      return 'Cette recherche est trop longue pour une adresse : retirez des filtres.';
    case 'queue_full':
    case 'locked':
    case 'shutting_down':
      return 'Le serveur est occupé ou s’arrête : réessayez dans un instant.';
    case 'database_error':
    case 'io_error':
    case 'internal':
      return 'Le serveur n’a pas pu lire sa base d’articles (erreur interne).';
    case 'network':
      return 'Le serveur ne répond pas : vérifiez qu’il tourne, puis réessayez.';
    default:
      return 'Le serveur a refusé la demande (code ' + quoted(code || 'inconnu') + ').';
  }
}
