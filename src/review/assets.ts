/**
 * The supervision page's assets: the HTML shell (no data in it, no inline script or style), its
 * style sheet and its script, each served as its own route. The script builds every element with
 * `textContent`, never `innerHTML`, so that a name can never become markup.
 *
 * @internal
 * @module
 */

import { createHash } from 'node:crypto';

/** The style sheet. */
export const APP_CSS = `
:root{--blue:#1b4f9c;--red:#9c1b1b;--orange:#9c5a00;--green:#17663a;--grey:#555}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#fff}
header{padding:1rem 1.5rem;background:#f3f5f9;border-bottom:1px solid #d5d9e0}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.25rem 0 .5rem}
main{padding:0 1.5rem 2rem}
.meta{margin:.15rem 0;color:var(--grey)}
.local{margin:.4rem 0 0;font-size:.9rem;color:var(--green)}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f0f0f0}
#summary td{text-align:right;font-variant-numeric:tabular-nums}
#summary tr.total th,#summary tr.total td{font-weight:bold}
.tabs,.filters{display:flex;flex-wrap:wrap;gap:.3rem;margin:.5rem 0}
button{font:inherit;padding:.3rem .7rem;border:1px solid #888;border-radius:.25rem;background:#fff;cursor:pointer}
button[aria-pressed="true"],button.primary{background:var(--blue);border-color:var(--blue);color:#fff}
button:disabled{opacity:.5;cursor:default}
.controls{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:.5rem 0}
input[type=search]{font:inherit;padding:.25rem .4rem;min-width:16rem}
select{font:inherit}
td.status[data-status="matched"],td.status[data-status="confirmed"]{color:var(--green)}
td.status[data-status="manual"]{color:var(--blue)}
td.status[data-status="conflict"]{color:var(--orange);font-weight:bold}
td.status[data-status="ambiguous"]{color:var(--red);font-weight:bold}
td.status[data-status="unmatched"]{color:#6b6b6b;font-weight:bold}
.family{color:#333;font-style:italic}
.id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;color:var(--grey)}
.pager{display:flex;gap:.75rem;align-items:center;margin:.5rem 0}
#panel{border:2px solid var(--blue);border-radius:.4rem;padding:.75rem 1rem;margin:1rem 0;background:#fbfcff}
#panel h2{margin-top:0}
.why{background:#fff6e5;border-left:4px solid var(--orange);padding:.4rem .6rem}
.candidates{list-style:none;padding:0}
.candidates li{margin:.25rem 0}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.75rem 0 0}
.notice{padding:.4rem .6rem;border-left:4px solid var(--blue);background:#eef3fb}
.error{padding:.4rem .6rem;border-left:4px solid var(--red);background:#fbeeee}
.glossary dt{font-weight:bold}.glossary dd{margin:0 0 .3rem 1rem}
`;

/** The script (ES2017, no dependency). */
export const APP_JS = `
'use strict';
(function () {
  var state = { population: 'eleves', filter: 'all', q: '', sort: 'name', desc: false, offset: 0, limit: 50, total: 0, vocab: null, selected: null };
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function api(path, body) {
    var init = body === undefined ? { headers: { 'X-Review': '1' } } :
      { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Review': '1' }, body: JSON.stringify(body) };
    return fetch('api/' + path, init).then(function (r) {
      return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || ('HTTP ' + r.status)); return j; });
    });
  }
  function qs(o) { return Object.keys(o).map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(o[k]); }).join('&'); }
  function message(target, text, kind) { clear(target); if (text) target.appendChild(el('p', { 'class': kind || 'notice', role: kind === 'error' ? 'alert' : 'status' }, text)); }
  function personText(p) { return p ? (p.nom + ' ' + p.prenom) : ''; }

  function renderSummary(s) {
    var v = state.vocab;
    var m = $('meta'); clear(m);
    s.info.forEach(function (line) { m.appendChild(el('p', { 'class': 'meta' }, line)); });
    var t = $('summary'); clear(t);
    var head = el('tr'); head.appendChild(el('th', { scope: 'col' }, 'Population'));
    v.countKeys.forEach(function (k) { head.appendChild(el('th', { scope: 'col' }, v.counts[k])); });
    var thead = el('thead'); thead.appendChild(head); t.appendChild(thead);
    var tb = el('tbody');
    s.populations.forEach(function (p) {
      var tr = el('tr', { 'data-population': p.population });
      tr.appendChild(el('th', { scope: 'row' }, v.populations[p.population]));
      v.countKeys.forEach(function (k) { tr.appendChild(el('td', { 'data-count': k }, p.counts[k])); });
      tb.appendChild(tr);
    });
    var tot = el('tr', { 'class': 'total', 'data-population': 'total' });
    tot.appendChild(el('th', { scope: 'row' }, 'Total'));
    v.countKeys.forEach(function (k) { tot.appendChild(el('td', { 'data-count': k }, s.totals[k])); });
    tb.appendChild(tot); t.appendChild(tb);
    var tabs = $('tabs'); clear(tabs);
    s.populations.forEach(function (p) {
      var b = el('button', { type: 'button', 'data-population': p.population, 'aria-pressed': String(p.population === state.population) },
        v.populations[p.population] + ' (' + p.filters.all + ')');
      b.addEventListener('click', function () { state.population = p.population; state.offset = 0; state.selected = null; closePanel(); refresh(); });
      tabs.appendChild(b);
    });
    var cur = s.populations.filter(function (p) { return p.population === state.population; })[0];
    var f = $('filters'); clear(f);
    v.filterKeys.forEach(function (k) {
      var b = el('button', { type: 'button', 'data-filter': k, 'aria-pressed': String(k === state.filter) }, v.filters[k] + ' (' + cur.filters[k] + ')');
      b.addEventListener('click', function () { state.filter = k; state.offset = 0; refresh(); });
      f.appendChild(b);
    });
    $('list-title').textContent = v.populations[state.population];
    renderDecisions(s.decisions);
  }

  function renderDecisions(d) {
    var box = $('pending'); clear(box);
    $('confirm').disabled = d.pending.length === 0;
    $('cancel').disabled = d.pending.length === 0;
    $('save').disabled = d.pending.length > 0;
    $('pending-count').textContent = d.pending.length === 0 ? 'Aucune décision en attente.' :
      d.pending.length + ' décision(s) validée(s), à confirmer :';
    d.pending.forEach(function (x, i) {
      var li = el('li', { 'data-index': String(i) }, x.label + ' ');
      var b = el('button', { type: 'button' }, 'Retirer');
      b.addEventListener('click', function () { api('pending', { op: 'remove', index: i }).then(refresh, fail); });
      li.appendChild(b); box.appendChild(li);
    });
    var c = $('confirmed'); clear(c);
    $('confirmed-count').textContent = d.confirmed.length + ' décision(s) confirmée(s).';
    d.confirmed.forEach(function (x) {
      var li = el('li', null, x.label + ' ');
      var b = el('button', { type: 'button' }, 'Annuler cette décision');
      b.addEventListener('click', function () { pend(Object.assign({ kind: 'revoke' }, x.decision)); });
      li.appendChild(b); c.appendChild(li);
    });
  }

  function renderRows(r) {
    var v = state.vocab;
    state.total = r.total;
    var tb = $('rows'); clear(tb);
    r.rows.forEach(function (row) {
      var tr = el('tr', { 'data-key': row.key, 'data-status': row.status, 'data-side': row.side });
      tr.appendChild(el('td', { 'class': 'status', 'data-status': row.status }, v.statuses[row.status]));
      tr.appendChild(el('td', { 'class': 'ent-name' }, personText(row.ent)));
      tr.appendChild(el('td', null, row.ent ? row.ent.naissance : ''));
      tr.appendChild(el('td', { 'class': 'pronote-name' }, personText(row.pronote)));
      tr.appendChild(el('td', null, row.pronote ? row.pronote.naissance : ''));
      tr.appendChild(el('td', null, row.note));
      var td = el('td');
      var b = el('button', { type: 'button', 'class': 'open' }, row.side === 'both' ? 'Voir' : 'Traiter');
      b.addEventListener('click', function () { openPanel(row.key); });
      td.appendChild(b); tr.appendChild(td);
      tb.appendChild(tr);
    });
    var from = r.total === 0 ? 0 : state.offset + 1;
    $('range').textContent = r.total === 0 ? 'Aucune personne.' : 'Lignes ' + from + ' à ' + (state.offset + r.rows.length) + ' sur ' + r.total;
    $('prev').disabled = state.offset === 0;
    $('next').disabled = state.offset + r.rows.length >= r.total;
  }

  function loadRows() {
    return api('rows?' + qs({ population: state.population, filter: state.filter, q: state.q, sort: state.sort, order: state.desc ? 'desc' : 'asc', offset: state.offset, limit: state.limit }))
      .then(renderRows);
  }
  function refresh() {
    return api('summary').then(function (s) { renderSummary(s); return loadRows(); }).then(function () {
      if (state.selected) return openPanel(state.selected, true);
    }).catch(fail);
  }
  function fail(e) { message($('messages'), e.message, 'error'); }
  function pend(decision) {
    return api('pending', { op: 'add', decision: decision }).then(function () { message($('messages'), 'Décision validée : confirmez-la pour l’appliquer.'); return refresh(); }, fail);
  }
  function closePanel() { $('panel').hidden = true; state.selected = null; }

  function candidateItem(c, side, name) {
    var li = el('li');
    var id = 'c-' + side + '-' + c.id;
    var input = el('input', { type: 'radio', name: name, value: c.id, id: id });
    li.appendChild(input);
    var label = el('label', { 'for': id }, personText(c) + (c.naissance ? ' (' + c.naissance + ')' : '') + ' ');
    label.appendChild(el('span', { 'class': 'id' }, c.id));
    if (c.famille) label.appendChild(el('span', { 'class': 'family' }, ' — ' + c.famille));
    if (c.linkedTo) label.appendChild(el('span', null, ' — déjà rapproché avec ' + c.linkedTo));
    li.appendChild(label);
    return li;
  }

  function openPanel(key, keepMessages) {
    state.selected = key;
    return api('person?' + qs({ population: state.population, key: key })).then(function (p) {
      var v = state.vocab;
      var panel = $('panel'); clear(panel); panel.hidden = false;
      panel.appendChild(el('h2', { id: 'panel-title' }, p.title));
      panel.appendChild(el('p', null, 'Statut : ' + v.statuses[p.row.status] + (p.row.note ? ' — ' + p.row.note : '')));
      if (p.row.ent) panel.appendChild(el('p', null, 'ENT : ' + personText(p.row.ent) + (p.row.ent.naissance ? ', né(e) le ' + p.row.ent.naissance : '') + ' — identifiant ENT ' + p.row.ent.id + (p.row.ent.famille ? ' — ' + p.row.ent.famille : '')));
      if (p.row.pronote) panel.appendChild(el('p', null, 'PRONOTE : ' + personText(p.row.pronote) + (p.row.pronote.naissance ? ', né(e) le ' + p.row.pronote.naissance : '') + ' — identifiant PRONOTE ' + p.row.pronote.id + (p.row.pronote.famille ? ' — ' + p.row.pronote.famille : '')));
      if (p.why) panel.appendChild(el('p', { 'class': 'why' }, p.why));
      var actions = el('div', { 'class': 'actions' });
      if (p.row.side === 'both') {
        var un = el('button', { type: 'button', id: 'unlink' }, 'Défaire ce lien');
        un.addEventListener('click', function () { pend({ kind: 'unlink', population: state.population, idPartenaire: p.row.ent.id, idpn: p.row.pronote.id }); });
        actions.appendChild(un);
      } else {
        var other = p.row.side === 'ent' ? 'pronote' : 'ent';
        var name = 'candidate';
        panel.appendChild(el('h3', null, p.candidates.length > 0 ? 'Candidats (' + p.candidateCount + ')' : 'Aucun candidat proposé'));
        var ul = el('ul', { 'class': 'candidates', id: 'candidates' });
        p.candidates.forEach(function (c) { ul.appendChild(candidateItem(c, other, name)); });
        panel.appendChild(ul);
        if (p.candidateCount > p.candidates.length) panel.appendChild(el('p', null, (p.candidateCount - p.candidates.length) + ' autre(s) candidat(s) : cherchez par nom ci-dessous.'));
        var lab = el('label', { 'for': 'other-search' }, 'Chercher côté ' + v.sides[other] + ' : ');
        var input = el('input', { type: 'search', id: 'other-search', placeholder: 'nom ou prénom' });
        panel.appendChild(lab); panel.appendChild(input);
        var found = el('ul', { 'class': 'candidates', id: 'found' });
        panel.appendChild(found);
        var timer = null;
        input.addEventListener('input', function () {
          clearTimeout(timer);
          timer = setTimeout(function () {
            api('search?' + qs({ population: state.population, side: other, q: input.value, limit: 20 })).then(function (r) {
              clear(found);
              r.people.forEach(function (c) { found.appendChild(candidateItem(c, other + '-s', name)); });
              if (r.total > r.people.length) found.appendChild(el('li', null, (r.total - r.people.length) + ' autre(s) : précisez la recherche.'));
              if (r.total === 0 && input.value.trim() !== '') found.appendChild(el('li', null, 'Personne de ce nom.'));
            }, fail);
          }, 200);
        });
        var ok = el('button', { type: 'button', id: 'validate', 'class': 'primary' }, 'Valider ce lien');
        ok.addEventListener('click', function () {
          var sel = panel.querySelector('input[name="candidate"]:checked');
          if (!sel) { message($('messages'), 'Choisissez d’abord une personne dans la liste.', 'error'); return; }
          var d = { kind: 'link', population: state.population };
          if (p.row.side === 'ent') { d.idPartenaire = p.row.ent.id; d.idpn = sel.value; } else { d.idpn = p.row.pronote.id; d.idPartenaire = sel.value; }
          pend(d);
        });
        actions.appendChild(ok);
        var ex = el('button', { type: 'button', id: 'exclude' }, 'Exclure du rapprochement automatique');
        ex.addEventListener('click', function () {
          var d = { kind: 'exclude', population: state.population };
          if (p.row.side === 'ent') d.idPartenaire = p.row.ent.id; else d.idpn = p.row.pronote.id;
          pend(d);
        });
        actions.appendChild(ex);
      }
      var close = el('button', { type: 'button', id: 'close' }, 'Fermer');
      close.addEventListener('click', closePanel);
      actions.appendChild(close);
      panel.appendChild(actions);
      if (!keepMessages) message($('messages'), '');
    }, function () { closePanel(); });
  }

  function renderSaved(r) {
    var box = $('saved'); clear(box);
    box.appendChild(el('p', { 'class': 'notice', role: 'status' }, 'Fichiers enregistrés :'));
    var ul = el('ul');
    r.files.forEach(function (f) { var li = el('li'); li.appendChild(el('strong', null, f.path)); li.appendChild(document.createTextNode(' — ' + f.description)); ul.appendChild(li); });
    box.appendChild(ul);
  }

  function init() {
    api('vocabulary').then(function (v) {
      state.vocab = v;
      var ol = $('next-steps'); clear(ol);
      v.nextSteps.forEach(function (s) { ol.appendChild(el('li', null, s)); });
      var gl = $('glossary'); clear(gl);
      v.glossary.forEach(function (g) { gl.appendChild(el('dt', null, g[0])); gl.appendChild(el('dd', null, g[1])); });
      return refresh();
    }).catch(fail);
    var timer = null;
    $('search').addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = $('search').value; state.offset = 0; loadRows().catch(fail); }, 200);
    });
    $('sort').addEventListener('change', function () { state.sort = $('sort').value; state.offset = 0; loadRows().catch(fail); });
    $('order').addEventListener('change', function () { state.desc = $('order').value === 'desc'; state.offset = 0; loadRows().catch(fail); });
    $('prev').addEventListener('click', function () { state.offset = Math.max(0, state.offset - state.limit); loadRows().catch(fail); });
    $('next').addEventListener('click', function () { state.offset += state.limit; loadRows().catch(fail); });
    $('confirm').addEventListener('click', function () {
      api('confirm', {}).then(function (r) { closePanel(); message($('messages'), r.message); return refresh(); }, fail);
    });
    $('cancel').addEventListener('click', function () { api('pending', { op: 'clear' }).then(refresh, fail); });
    $('save').addEventListener('click', function () {
      api('save', {}).then(function (r) { renderSaved(r); message($('messages'), 'Enregistré. Lisez « Et ensuite ? » ci-dessous.'); }, fail);
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
`;

const sri = (text: string): string => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;

/** The SHA-256 (base64) of the script and the style sheet, for the CSP and `integrity`. */
export const APP_JS_HASH = sri(APP_JS);
export const APP_CSS_HASH = sri(APP_CSS);

/** The Content Security Policy of every response: the page's own script and style sheet only. */
export const REVIEW_CSP =
  `default-src 'none'; script-src 'self' '${APP_JS_HASH}'; style-src 'self'; connect-src 'self'; img-src 'none'; ` +
  `base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** The page (static: the data comes from the JSON API). */
export const PAGE_HTML =
  '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n' +
  '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
  '<title>Rapprochement ENT ⇄ PRONOTE — supervision</title>\n' +
  `<link rel="stylesheet" href="app.css" integrity="${APP_CSS_HASH}">\n` +
  `<script src="app.js" integrity="${APP_JS_HASH}" defer></script>\n</head>\n<body>\n` +
  '<header><h1>Rapprochement ENT ⇄ PRONOTE — supervision</h1><div id="meta"></div>' +
  '<p class="local">Application locale : cette page n’est servie qu’à cet ordinateur (127.0.0.1) et ne charge rien depuis Internet.</p></header>\n' +
  '<main>\n<div id="messages" aria-live="polite"></div>\n' +
  '<section aria-labelledby="howto-title"><h2 id="howto-title">Comment faire</h2><ol id="howto">' +
  '<li>Choisissez une population, puis le filtre « Ambigus » ou « Non rapprochés ».</li>' +
  '<li>Ouvrez une personne (« Traiter ») : la page dit pourquoi elle n’est pas rapprochée. Choisissez le bon compte parmi les candidats, ou cherchez-le par son nom, puis « Valider ce lien » (ou « Exclure » une personne qui n’a pas de compte de l’autre côté).</li>' +
  '<li>« Confirmer les décisions » : le rapprochement est recalculé avec elles.</li>' +
  '<li>« Enregistrer les fichiers », puis suivez « Et ensuite ? » en bas de page.</li></ol></section>\n' +
  '<section aria-labelledby="summary-title"><h2 id="summary-title">Synthèse</h2><table id="summary"></table></section>\n' +
  '<section aria-labelledby="list-title"><h2 id="list-title">Personnes</h2>' +
  '<div class="tabs" id="tabs" role="toolbar" aria-label="Population"></div>' +
  '<div class="filters" id="filters" role="toolbar" aria-label="Filtre"></div>' +
  '<div class="controls"><label for="search">Rechercher un nom </label><input type="search" id="search" placeholder="nom ou prénom">' +
  '<label for="sort">Trier par </label><select id="sort"><option value="name">Nom</option><option value="status">Statut</option><option value="date">Date de naissance</option></select>' +
  '<select id="order" aria-label="Ordre"><option value="asc">croissant</option><option value="desc">décroissant</option></select></div>' +
  '<div id="panel" hidden></div>' +
  '<table><thead><tr><th scope="col">Statut</th><th scope="col">ENT : nom et prénom</th><th scope="col">ENT : né(e) le</th>' +
  '<th scope="col">PRONOTE : nom et prénom</th><th scope="col">PRONOTE : né(e) le</th><th scope="col">Motif</th><th scope="col">Action</th></tr></thead>' +
  '<tbody id="rows"></tbody></table>' +
  '<div class="pager"><button type="button" id="prev">Précédent</button><span id="range"></span><button type="button" id="next">Suivant</button></div></section>\n' +
  '<section aria-labelledby="decisions-title"><h2 id="decisions-title">Décisions</h2>' +
  '<p id="pending-count"></p><ul id="pending"></ul>' +
  '<div class="actions"><button type="button" id="confirm" class="primary">Confirmer les décisions</button><button type="button" id="cancel">Abandonner les décisions en attente</button></div>' +
  '<p id="confirmed-count"></p><ul id="confirmed"></ul></section>\n' +
  '<section aria-labelledby="save-title"><h2 id="save-title">Enregistrer</h2>' +
  '<p>Enregistre vos décisions et les liens à importer de chaque côté (fichiers lisibles par vous seul).</p>' +
  '<button type="button" id="save" class="primary">Enregistrer les fichiers</button><div id="saved"></div></section>\n' +
  '<section aria-labelledby="next-title"><h2 id="next-title">Et ensuite ?</h2><ol id="next-steps"></ol></section>\n' +
  '<section aria-labelledby="glossary-title"><h2 id="glossary-title">Vocabulaire</h2><dl class="glossary" id="glossary"></dl></section>\n' +
  '</main>\n</body>\n</html>\n';
