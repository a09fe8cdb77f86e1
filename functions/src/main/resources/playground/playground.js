// The playground: calls POST /generate/stream and /infill/stream (Server-Sent Events read from the
// fetch() body, since EventSource cannot POST), draws each canvas as it arrives, and shows the
// result's checks and provenance. Plain JS, nothing loaded from elsewhere.
'use strict';

const SECTIONS = [
  ['HPI', 'HPI: history of present illness'],
  ['ROS', 'ROS: review of systems'],
  ['EXAM', 'EXAM: physical examination'],
  ['ASSESSMENT', 'ASSESSMENT'],
  ['PLAN', 'PLAN'],
];
const MASK = '[MASK]';
const PAD = '[PAD]';
const UNK = '[UNK]';  // a given word outside the vocabulary: the model sees this, the answer keeps the word

const $ = (id) => document.getElementById(id);
let canvases = [];   // every canvas of the last run, as token lists
let running = null;  // the AbortController of the call under way

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function buildSectionEditors() {
  const box = $('sections');
  for (const [name, label] of SECTIONS) {
    const id = 'section-' + name;
    box.append(el('div', {class: 'section', 'data-section': name},
      el('div', {class: 'section-head'},
        el('label', {for: id}, label),
        el('span', {class: 'tick'},
          el('input', {type: 'checkbox', id: 'regen-' + name, 'data-section': name}),
          el('label', {for: 'regen-' + name}, 'regenerate ' + name)),
        el('span', {id: 'status-' + name, class: 'status', 'aria-live': 'polite'})),
      el('textarea', {id, rows: '2', spellcheck: 'false', 'data-section': name})));
  }
}

function token() {
  const t = $('token').value.trim();
  return t ? {Authorization: 'Bearer ' + t} : {};
}

function number(id) {
  const input = $(id);
  if (!input.checkValidity()) {
    input.focus();
    throw new Error(input.labels[0].textContent + ': ' + input.validationMessage);
  }
  return Number(input.value);
}

function samplerOptions() {
  const options = {steps: number('steps'), temperature: number('temperature'), seed: number('seed')};
  // blank: the service's default for the task (a threshold for whole notes, none when filling sections)
  if ($('threshold').value.trim() !== '') options.threshold = number('threshold');
  return options;
}

/** Reads a text/event-stream body, calling onEvent(name, data) per event as it arrives. */
async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const {value, done} = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), {stream: !done});
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) onEvent(name, JSON.parse(data.join('\n')));
    }
    if (done) return;
  }
}

/** POSTs JSON; answers the parsed result (from the stream's result event when streaming). */
async function call(path, body, streaming) {
  running = new AbortController();
  const response = await fetch(path, {method: 'POST', signal: running.signal,
    headers: {'Content-Type': 'application/json', Accept: streaming ? 'text/event-stream' : 'application/json', ...token()},
    body: JSON.stringify(body)});
  const type = response.headers.get('Content-Type') || '';
  if (!response.ok || !type.startsWith(streaming ? 'text/event-stream' : 'application/json')) {
    let message = response.status + ' ' + response.statusText;
    try {
      const error = await response.json();
      message = response.status + ' ' + error.error + (error.field ? ' (' + error.field + ', limit ' + error.limit + ')' : '')
        + ': ' + error.message;
    } catch (ignored) { /* not a JSON error body */ }
    throw new Error(message);
  }
  if (!streaming) return response.json();
  let result = null;
  await readEvents(response, (name, data) => {
    if (name === 'step') showStep(data);
    else if (name === 'result') result = data;
    else if (name === 'error') throw new Error(data.error);
  });
  if (!result) throw new Error('the stream ended without a result');
  return result;
}

function resetCanvas() {
  canvases = [];
  $('step-log').replaceChildren();
  $('canvas').replaceChildren();
  $('scrub').disabled = true;
  $('scrub').max = '0';
  $('scrub').value = '0';
  $('scrub-value').textContent = '-';
  $('canvas').dataset.steps = '0';
}

function showStep(step) {
  canvases.push(step.tokens);
  $('step-log').append(el('li', {'data-step': String(step.step), 'data-masked': String(step.masked)}, step.text));
  $('canvas').dataset.steps = String(canvases.length);
  drawCanvas(canvases.length - 1);
  $('progress').textContent = 'Step ' + step.step + ': ' + step.masked + ' positions still masked.';
}

/** Draws canvas i: masked positions greyed, tokens committed since the previous canvas marked. */
function drawCanvas(i) {
  const now = canvases[i];
  const before = i > 0 ? canvases[i - 1] : null;
  const spans = [];
  now.forEach((t, p) => {
    if (t === PAD) return;
    const cls = t === MASK ? 'mask' : /^[a-z]+:$/.test(t) ? 'header' : before && before[p] !== t ? 'new'
      : t === UNK ? 'unk' : 'kept';
    spans.push(el('span', {class: cls}, t === MASK ? '\u2588' : t), ' ');
  });
  $('canvas').replaceChildren(...spans);
  $('canvas').dataset.shown = String(i);
  $('scrub-value').textContent = i + ' / ' + (canvases.length - 1);
}

function enableScrub() {
  if (canvases.length === 0) return;
  $('scrub').max = String(canvases.length - 1);
  $('scrub').value = String(canvases.length - 1);
  $('scrub').disabled = false;
}

function setSections(sections) {
  for (const [name] of SECTIONS) {
    if (sections && name in sections) $('section-' + name).value = sections[name] ?? '';
  }
}

function definitionList(rows) {
  const dl = el('dl');
  for (const [term, value] of rows) {
    if (value === undefined || value === null) continue;
    dl.append(el('dt', {}, term), el('dd', {}, String(value)));
  }
  return dl;
}

function listOrNone(items, show = (x) => JSON.stringify(x)) {
  return items && items.length ? items.map(show).join('; ') : 'none';
}

function showGenerateChecks(note) {
  const s = note.structure || {};
  const e = note.errors || {};
  $('checks-body').replaceChildren(definitionList([
    ['Sections found', listOrNone(s.sections, String)],
    ['All five sections, in order', s.allSectionsInOrder === undefined ? undefined : s.allSectionsInOrder ? 'yes' : 'no'],
    ['Present sections in order', s.presentInOrder === undefined ? undefined : s.presentInOrder ? 'yes' : 'no'],
    ['Repeated phrases', listOrNone(e.repetitions)],
    ['Section confusion', listOrNone(e.sectionConfusion)],
    ['Missing sections', listOrNone(e.missingSections, String)],
    ['Truncations', e.truncations],
    ['Tokens', note.tokens],
    ['Model passes', note.passes],
  ]));
}

function showInfillChecks(result, given) {
  const rows = [['Generated', listOrNone(result.generated, String)], ['Given', listOrNone(result.given, String)]];
  let allKept = true;
  for (const name of Object.keys(given)) {
    const kept = result.sections[name] === given[name];
    allKept = allKept && kept;
    rows.push([name + ' kept verbatim', kept ? 'yes' : 'NO: changed']);
  }
  rows.push(['Unparsed text', listOrNone(result.unparsed, (u) => (u.header || '(before the first header)'))]);
  const body = definitionList(rows);
  body.dataset.verbatim = String(allKept);
  $('checks-body').replaceChildren(body);
}

function showProvenance(answer) {
  const m = answer.model || {};
  $('provenance-body').replaceChildren(definitionList([
    ['Model', m.id], ['Model version', m.version], ['Bundle hash (sha256)', m.sha256], ['Parameters', m.parameters],
    ['Steps', answer.steps], ['Temperature', answer.temperature], ['Seed', answer.seed], ['Mode', answer.mode],
    ['Strategy', answer.strategy], ['Confidence threshold', answer.threshold], ['Latency (ms)', answer.latencyMs],
  ]));
}

async function run(work) {
  $('error').textContent = '';
  for (const id of ['generate', 'infill', 'clear', 'draft']) $(id).disabled = true;
  $('stop').disabled = false;
  document.body.dataset.state = 'running';
  try {
    await work();
    document.body.dataset.state = 'done';
  } catch (e) {
    document.body.dataset.state = 'failed';
    $('error').textContent = e.name === 'AbortError' ? 'Stopped.' : 'Failed: ' + e.message;
    $('progress').textContent = 'Not finished.';
  } finally {
    running = null;
    for (const id of ['generate', 'infill', 'clear', 'draft']) $(id).disabled = false;
    $('stop').disabled = true;
    enableScrub();
  }
}

function generate() {
  return run(async () => {
    resetCanvas();
    for (const [name] of SECTIONS) $('status-' + name).textContent = '';
    const model = $('model').value;
    const options = samplerOptions();
    let answer;
    if (model === 'autoregressive') {
      // The baseline has no denoising steps (and no diffusion options): one plain call.
      delete options.threshold;
      $('progress').textContent = 'The autoregressive baseline writes left to right: waiting for the note.';
      answer = await call('/generate', {...options, model}, false);
    } else {
      $('progress').textContent = 'Starting: every position masked.';
      answer = await call('/generate/stream', {...options, mode: $('mode').value}, true);
    }
    const note = answer.notes[0];
    setSections(note.sections);
    for (const [name] of SECTIONS) $('status-' + name).textContent = 'generated';
    showGenerateChecks(note);
    showProvenance(answer);
    $('progress').textContent = 'Done: a note of ' + note.tokens + ' tokens'
      + (model === 'autoregressive' ? '.' : ' in ' + (canvases.length - 1) + ' steps.');
  });
}

function infill() {
  return run(async () => {
    const given = {};
    const wanted = [];
    for (const [name] of SECTIONS) {
      const text = $('section-' + name).value.trim();
      if ($('regen-' + name).checked) wanted.push(name);
      else if (text) given[name] = text;
    }
    if (wanted.length === 0) throw new Error('tick at least one section to (re)generate');
    if (Object.keys(given).length === 0) throw new Error('give the text of at least one section, or generate a note');
    resetCanvas();
    $('progress').textContent = 'Starting: ' + wanted.join(', ') + ' masked, the rest given.';
    const options = samplerOptions();
    const result = await call('/infill/stream', {sections: given, generate: wanted, ...options}, true);
    setSections(result.sections);
    for (const [name] of SECTIONS) {
      $('status-' + name).textContent = wanted.includes(name) ? 'generated'
        : name in given ? (result.sections[name] === given[name] ? 'given, kept verbatim' : 'given, CHANGED') : '';
    }
    showInfillChecks(result, given);
    showProvenance(result);
    $('progress').textContent = 'Done: ' + wanted.join(', ') + ' filled in ' + (canvases.length - 1) + ' steps.';
  });
}

/** POST /draft: each drafted section, its sentences marked supported (with their turns) or unsupported. */
function draft() {
  return run(async () => {
    const sections = $('draft-sections').value.split(',').map((s) => s.trim()).filter((s) => s);
    const body = {transcript: $('transcript').value, model: $('model').value};
    if (sections.length) body.sections = sections;
    if ($('model').value === 'diffusion') body.steps = number('steps');
    $('drafts').replaceChildren(el('p', {class: 'help'}, 'Drafting...'));
    const answer = await call('/draft', body, false);
    const out = [];
    for (const s of answer.sections) {
      const text = el('p', {class: 'draft-text'});
      for (const sentence of s.sentences) {
        if (sentence.supported) {
          text.append(el('span', {class: 'supported', title: 'supported by turns ' + sentence.turns.join(', ')},
            sentence.text), ' ');
        } else {
          text.append(el('mark', {class: 'unsupported', title: 'too little support in the transcript'}, sentence.text),
            el('span', {class: 'flag'}, ' [unsupported]'), ' ');
        }
      }
      if (!s.sentences.length) text.append(el('em', {}, 'No text.'));
      out.push(el('div', {class: 'draft-section', 'data-section': s.name},
        el('h3', {}, s.name + (s.header !== s.name ? ' (' + s.header + ')' : '')), text,
        el('p', {class: 'help'}, (s.turns ? 'Drafted from turns ' + (s.turns.from + 1) + '-' + s.turns.to + ' of '
          + s.turns.of + ' (the conversation is longer than the model reads at once). ' : '')
          + s.unsupportedSentences + ' unsupported sentence(s); ' + s.passes + ' model passes, ' + s.millis + ' ms')));
    }
    out.push(definitionList([['Model', answer.model], ['Model hash', answer.modelHash],
      ['Transcript (sha256)', answer.transcriptSha256]]));
    $('drafts').replaceChildren(...out);
  });
}

function syncModel() {
  const diffusion = $('model').value === 'diffusion';
  $('mode').disabled = !diffusion;
  $('threshold').disabled = !diffusion;
}

document.addEventListener('DOMContentLoaded', () => {
  buildSectionEditors();
  $('generate').addEventListener('click', generate);
  $('infill').addEventListener('click', infill);
  $('draft').addEventListener('click', draft);
  $('stop').addEventListener('click', () => running && running.abort());
  $('clear').addEventListener('click', () => {
    for (const [name] of SECTIONS) {
      $('section-' + name).value = '';
      $('status-' + name).textContent = '';
    }
  });
  $('model').addEventListener('change', syncModel);
  $('scrub').addEventListener('input', () => drawCanvas(Number($('scrub').value)));
  for (const form of ['settings', 'note', 'drafting']) $(form).addEventListener('submit', (e) => e.preventDefault());
  syncModel();
  document.body.dataset.state = 'ready';
});
