// Quire annotator page. Vanilla JS, no dependencies, served with a strict CSP (no inline code).
//
// Security rule for this file: trace content only ever reaches the DOM as text nodes (createTextNode /
// textContent) or as attribute values set through h(), which refuses href, src, style and event handlers.
// There is no innerHTML, no insertAdjacentHTML, no document.write, no eval anywhere.
'use strict';

(() => {
  // ---------------------------------------------------------------- DOM helpers

  const SAFE_ATTRIBUTE = /^(class|id|role|title|tabindex|type|value|placeholder|rows|min|max|step|hidden|disabled|maxlength|spellcheck|autocomplete|colspan|open|aria-[a-z-]+|data-[a-z-]+)$/;

  function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    if (attributes) {
      for (const [name, value] of Object.entries(attributes)) {
        if (value === null || value === undefined || value === false) continue;
        if (!SAFE_ATTRIBUTE.test(name)) throw new Error('attribute not allowed: ' + name);
        element.setAttribute(name, value === true ? '' : String(value));
      }
    }
    append(element, children);
    return element;
  }

  function append(element, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      element.appendChild(child instanceof Node ? child : visibleText(String(child), null, 0));
    }
    return element;
  }

  // Characters that change how other text looks (bidi overrides and isolates, NUL and other controls) are
  // shown as visible codes instead of being obeyed: an RTL override in a trace must not disguise
  // "gnp.exe" as "exe.png". Tabs and line breaks stay as they are.
  const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

  function controlName(char) {
    return 'U+' + char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  }

  // A text node, or a fragment of text nodes and control badges; with `entries`, each text node is recorded
  // with its offset in the source so selections and highlights map back (span annotations).
  function visibleText(text, entries, start) {
    CONTROL.lastIndex = 0;
    if (!CONTROL.test(text)) {
      const node = document.createTextNode(text);
      if (entries) entries.push({ node, start });
      return node;
    }
    const fragment = document.createDocumentFragment();
    let last = 0;
    CONTROL.lastIndex = 0;
    for (let match = CONTROL.exec(text); match; match = CONTROL.exec(text)) {
      if (match.index > last) {
        const node = document.createTextNode(text.slice(last, match.index));
        if (entries) entries.push({ node, start: start + last });
        fragment.appendChild(node);
      }
      const name = controlName(match[0]);
      const badge = document.createElement('span');
      badge.className = 'ctrl';
      badge.title = 'Invisible control character ' + name + ', shown instead of applied';
      badge.textContent = name;
      fragment.appendChild(badge);
      last = match.index + 1;
    }
    if (last < text.length) {
      const node = document.createTextNode(text.slice(last));
      if (entries) entries.push({ node, start: start + last });
      fragment.appendChild(node);
    }
    return fragment;
  }

  function clear(element) {
    while (element.firstChild) element.removeChild(element.firstChild);
    return element;
  }

  const $ = (id) => document.getElementById(id);
  const number = new Intl.NumberFormat('en-US');
  const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

  function pretty(value) {
    try {
      return JSON.stringify(value, null, 2);
    } catch (_) {
      return String(value);
    }
  }

  function parseJSONText(text) {
    if (typeof text !== 'string') return undefined;
    const trimmed = text.trim();
    if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return undefined;
    try {
      return JSON.parse(trimmed);
    } catch (_) {
      return undefined;
    }
  }

  // ---------------------------------------------------------------- server

  async function readResponse(response) {
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      data = null;
    }
    if (!response.ok) {
      const error = new Error((data && data.error) || 'HTTP ' + response.status);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  const api = {
    async get(path) {
      return readResponse(await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } }));
    },
    async post(path, body) {
      // The custom header and the JSON type are what the server demands of every state change; a cross-site
      // form can send neither.
      return readResponse(await fetch(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-Quire': '1', Accept: 'application/json' },
        body: JSON.stringify(body),
      }));
    },
  };

  // ---------------------------------------------------------------- state

  const state = {
    queue: null,
    scores: [],
    total: 0,
    progress: null,
    doc: null, // GET /api/items/:n
    review: null,
    messages: [],
    scoreBlocks: [],
    view: 'focus',
    table: { status: 'all', offset: 0, limit: 50, q: '', selected: 0, rows: [], total: 0 },
    pendingSaves: 0,
    lastSeq: 0,
    cache: new Map(),
    selection: null,
  };

  // ---------------------------------------------------------------- saving

  let saveChain = Promise.resolve();

  function setSaveState(kind, detail) {
    const element = $('save-state');
    element.className = 'save-state ' + kind;
    if (kind === 'saving') element.textContent = 'Saving…';
    else if (kind === 'saved') element.textContent = 'Saved' + (detail ? ' · #' + detail : '');
    else if (kind === 'error') element.textContent = 'Not saved';
    else element.textContent = detail || '';
  }

  function showBanner(text) {
    $('banner-text').textContent = text;
    $('banner').hidden = false;
  }

  function hideBanner() {
    $('banner').hidden = true;
  }

  let toastTimer = null;
  function toast(text) {
    let element = $('toast');
    if (!element) {
      element = h('div', { id: 'toast', class: 'toast', role: 'status' });
      document.body.appendChild(element);
    }
    element.textContent = text;
    element.classList.add('visible');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => element.classList.remove('visible'), 2600);
  }

  // Saves run one after another in the order the reviewer acted; the indicator says "Saved" only once the
  // server has answered, which it does only after the journal line is fsync'd.
  function submit(path, body) {
    state.pendingSaves += 1;
    setSaveState('saving');
    const request = saveChain.then(() => api.post(path, body));
    saveChain = request.catch(() => undefined);
    return request.then(
      (ack) => {
        state.pendingSaves -= 1;
        applyAck(ack);
        if (state.pendingSaves === 0) setSaveState('saved', ack.seq);
        hideBanner();
        return ack;
      },
      (error) => {
        state.pendingSaves -= 1;
        setSaveState('error');
        showBanner('Not saved: ' + error.message);
        // Show what the server really holds, never the change that failed.
        if (state.doc) refreshItem();
        throw error;
      },
    );
  }

  function record(type, payload, item) {
    const id = item || (state.doc && state.doc.id);
    if (!id) return Promise.reject(new Error('no item'));
    return submit('/api/events', { item: id, type, payload: payload || {} });
  }

  function applyAck(ack) {
    if (!ack) return;
    if (ack.progress) renderProgress(ack.progress);
    state.lastSeq = ack.seq || state.lastSeq;
    state.canUndo = ack.canUndo;
    for (const [position, doc] of state.cache) {
      if (doc.id === ack.item) state.cache.delete(position);
    }
    if (state.doc && ack.item === state.doc.id && ack.review) {
      const spansChanged = JSON.stringify(ack.review.spans) !== JSON.stringify(state.review.spans);
      state.review = ack.review;
      state.doc.review = ack.review;
      renderReview();
      if (spansChanged) {
        highlightSpans();
        renderNotes();
      }
    }
  }

  // ---------------------------------------------------------------- progress and header

  // Progress arrives with every answer; an older one (a prefetched item, a slow read) must not replace a newer.
  function renderProgress(progress) {
    if (state.progress && progress.lastSeq < state.progress.lastSeq) progress = state.progress;
    state.progress = progress;
    const total = progress.total || 0;
    const percent = total ? (100 * progress.completed) / total : 0;
    const shown = percent > 0 && percent < 1 ? percent.toFixed(1) : Math.floor(percent).toString();
    $('progress-fill').style.width = percent.toFixed(2) + '%';
    $('progress-text').textContent = number.format(progress.completed) + ' / ' + number.format(total) + ' done · ' + shown + '%';
    $('progress').setAttribute('aria-valuenow', Math.round(percent));
    $('progress').title = number.format(progress.skipped) + ' skipped, ' + number.format(progress.flagged) +
      ' flagged, ' + number.format(progress.open) + ' open';
    if (state.view === 'table') renderFilters();
  }

  function renderQueueHeader() {
    const queue = state.queue;
    $('queue-name').textContent = queue.name;
    document.title = queue.name + ' · Quire';
    const meta = $('queue-meta');
    clear(meta);
    append(meta, [
      h('span', null, queue.reviewer ? 'reviewer ' + queue.reviewer : 'open bundle'),
      queue.blind ? h('span', { class: 'badge blind', title: 'Other reviewers\u2019 and EVAL scores are hidden until merge' }, 'blind') : null,
      queue.adjudication ? h('span', { class: 'badge adjudication' }, 'adjudication') : null,
    ]);
    const instructions = (queue.instructions || '').trim();
    // A queue without instructions shows no empty panel.
    $('instructions').hidden = instructions === '';
    renderMarkdown(instructions, $('instructions-body'), []);
  }

  // ---------------------------------------------------------------- Markdown (own, minimal, text nodes only)
  //
  // Every text node created from the source is recorded with its source offset, so a selection in the rendered
  // text maps back to a range of the message's text (span annotations), and highlights map forward again.

  function renderMarkdown(source, root, entries) {
    clear(root);
    const lines = [];
    let offset = 0;
    for (const raw of source.split('\n')) {
      lines.push({ text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, start: offset });
      offset += raw.length + 1;
    }
    renderBlocks(lines, root, entries);
    return root;
  }

  function mapped(entries, text, start) {
    return visibleText(text, entries, start);
  }

  const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
  const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
  const RULE = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;
  const QUOTE = /^ {0,3}> ?/;
  const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/;
  const TABLE_DIVIDER = /^ *\|? *:?-+:? *(\| *:?-+:? *)*\|? *$/;

  function isBlank(line) {
    return /^\s*$/.test(line.text);
  }

  function startsBlock(line) {
    return FENCE.test(line.text) || HEADING.test(line.text) || QUOTE.test(line.text) || RULE.test(line.text) ||
      LIST_ITEM.test(line.text);
  }

  function shift(line, count) {
    return { text: line.text.slice(count), start: line.start + count };
  }

  function renderBlocks(lines, root, entries) {
    let index = 0;
    while (index < lines.length) {
      const line = lines[index];
      if (isBlank(line)) {
        index += 1;
        continue;
      }
      let match = FENCE.exec(line.text);
      if (match) {
        const fence = match[1];
        const info = match[2].trim();
        const closing = new RegExp('^ {0,3}' + (fence[0] === '`' ? '`' : '~') + '{' + fence.length + ',}[ \\t]*$');
        const body = [];
        index += 1;
        while (index < lines.length && !closing.test(lines[index].text)) {
          body.push(lines[index]);
          index += 1;
        }
        index += 1;
        const code = h('code');
        if (body.length) {
          const last = body[body.length - 1];
          const text = body.map((entry) => entry.text).join('\n');
          // The lines are contiguous in the source (only a trailing \r may differ), so one node maps them.
          if (last.start + last.text.length - body[0].start === text.length) code.appendChild(mapped(entries, text, body[0].start));
          else body.forEach((entry, position) => append(code, [mapped(entries, entry.text, entry.start), position < body.length - 1 ? '\n' : null]));
        }
        root.appendChild(h('pre', { class: 'code-block', 'data-lang': info || null }, info ? h('span', { class: 'code-lang' }, info.split(/\s/)[0]) : null, code));
        continue;
      }
      match = HEADING.exec(line.text);
      if (match) {
        const level = Math.min(6, match[1].length + 2);
        const contentStart = line.text.indexOf(match[2], match[1].length);
        root.appendChild(renderInline(h('h' + level, { class: 'md-heading' }), match[2], line.start + contentStart, entries));
        index += 1;
        continue;
      }
      if (RULE.test(line.text)) {
        root.appendChild(h('hr'));
        index += 1;
        continue;
      }
      if (QUOTE.test(line.text)) {
        const inner = [];
        while (index < lines.length && !isBlank(lines[index])) {
          const quoteMatch = QUOTE.exec(lines[index].text);
          inner.push(quoteMatch ? shift(lines[index], quoteMatch[0].length) : lines[index]);
          index += 1;
        }
        const quote = h('blockquote');
        renderBlocks(inner, quote, entries);
        root.appendChild(quote);
        continue;
      }
      match = LIST_ITEM.exec(line.text);
      if (match) {
        index = renderList(lines, index, root, entries);
        continue;
      }
      if (line.text.includes('|') && index + 1 < lines.length && TABLE_DIVIDER.test(lines[index + 1].text) && lines[index + 1].text.includes('-')) {
        index = renderTable(lines, index, root, entries);
        continue;
      }
      const paragraph = h('p');
      let first = true;
      while (index < lines.length && !isBlank(lines[index]) && (first || !startsBlock(lines[index]))) {
        if (!first) paragraph.appendChild(h('br'));
        const current = lines[index];
        const leading = current.text.length - current.text.trimStart().length;
        renderInline(paragraph, current.text.slice(leading), current.start + leading, entries);
        first = false;
        index += 1;
      }
      root.appendChild(paragraph);
    }
  }

  function renderList(lines, index, root, entries) {
    const first = LIST_ITEM.exec(lines[index].text);
    const ordered = /\d/.test(first[2]);
    const list = h(ordered ? 'ol' : 'ul');
    if (ordered && parseInt(first[2], 10) !== 1) list.setAttribute('start', String(parseInt(first[2], 10)));
    const baseIndent = first[1].length;
    while (index < lines.length) {
      const match = LIST_ITEM.exec(lines[index].text);
      if (!match || match[1].length !== baseIndent || /\d/.test(match[2]) !== ordered) break;
      const contentIndent = match[0].length;
      const itemLines = [shift(lines[index], contentIndent)];
      index += 1;
      while (index < lines.length) {
        const line = lines[index];
        if (isBlank(line)) {
          const next = lines[index + 1];
          if (next && !isBlank(next) && next.text.length - next.text.trimStart().length >= contentIndent) {
            itemLines.push(line);
            index += 1;
            continue;
          }
          break;
        }
        const indent = line.text.length - line.text.trimStart().length;
        if (indent >= contentIndent) {
          itemLines.push(shift(line, contentIndent));
        } else if (!LIST_ITEM.test(line.text) && !startsBlock(line)) {
          itemLines.push(shift(line, indent));
        } else {
          break;
        }
        index += 1;
      }
      const item = h('li');
      renderBlocks(itemLines, item, entries);
      // A tight item is one paragraph: show it inline rather than with paragraph margins.
      if (item.childNodes.length === 1 && item.firstChild.nodeName === 'P') {
        const paragraph = item.firstChild;
        while (paragraph.firstChild) item.appendChild(paragraph.firstChild);
        item.removeChild(paragraph);
      }
      list.appendChild(item);
      while (index < lines.length && isBlank(lines[index])) {
        const next = lines[index + 1];
        const nextMatch = next && LIST_ITEM.exec(next.text);
        if (nextMatch && nextMatch[1].length === baseIndent) index += 1;
        else break;
      }
    }
    root.appendChild(list);
    return index;
  }

  function splitCells(line) {
    const cells = [];
    let text = line.text;
    let start = line.start;
    const leading = text.length - text.trimStart().length;
    text = text.slice(leading);
    start += leading;
    if (text.startsWith('|')) {
      text = text.slice(1);
      start += 1;
    }
    let cellStart = 0;
    for (let position = 0; position <= text.length; position += 1) {
      const char = text[position];
      if (char === '\\') {
        position += 1;
        continue;
      }
      if (char === '|' || position === text.length) {
        const raw = text.slice(cellStart, position);
        const lead = raw.length - raw.trimStart().length;
        const trimmed = raw.trim();
        if (!(position === text.length && trimmed === '' && char !== '|')) cells.push({ text: trimmed, start: start + cellStart + lead });
        cellStart = position + 1;
      }
    }
    if (cells.length && cells[cells.length - 1].text === '' && text.trimEnd().endsWith('|')) cells.pop();
    return cells;
  }

  function renderTable(lines, index, root, entries) {
    const header = splitCells(lines[index]);
    const alignments = splitCells(lines[index + 1]).map((cell) => {
      const left = cell.text.startsWith(':');
      const right = cell.text.endsWith(':');
      return left && right ? 'center' : right ? 'right' : left ? 'left' : null;
    });
    const table = h('table', { class: 'md-table' });
    const head = h('tr');
    header.forEach((cell, column) => head.appendChild(renderInline(h('th', { class: alignments[column] ? 'align-' + alignments[column] : null }), cell.text, cell.start, entries)));
    table.appendChild(h('thead', null, head));
    const body = h('tbody');
    index += 2;
    while (index < lines.length && !isBlank(lines[index]) && lines[index].text.includes('|')) {
      const row = h('tr');
      splitCells(lines[index]).forEach((cell, column) => row.appendChild(renderInline(h('td', { class: alignments[column] ? 'align-' + alignments[column] : null }), cell.text, cell.start, entries)));
      body.appendChild(row);
      index += 1;
    }
    table.appendChild(body);
    root.appendChild(h('div', { class: 'table-wrap' }, table));
    return index;
  }

  const PUNCTUATION = /[!-/:-@[-`{-~]/;
  const LINK = /^\[([^\]\n]*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+"[^"\n]*")?\)/;

  function renderInline(parent, text, start, entries) {
    let plain = '';
    let plainStart = 0;
    const flush = (at) => {
      if (plain) parent.appendChild(mapped(entries, plain, start + plainStart));
      plain = '';
      plainStart = at;
    };
    let position = 0;
    while (position < text.length) {
      const char = text[position];
      if (char === '\\' && position + 1 < text.length && PUNCTUATION.test(text[position + 1])) {
        flush(position + 1);
        plain = text[position + 1];
        flush(position + 2);
        position += 2;
        continue;
      }
      if (char === '`') {
        let run = 1;
        while (text[position + run] === '`') run += 1;
        const fence = '`'.repeat(run);
        let search = position + run;
        let close = -1;
        while ((search = text.indexOf(fence, search)) !== -1) {
          if (text[search + run] !== '`' && text[search - 1] !== '`') {
            close = search;
            break;
          }
          search += 1;
        }
        if (close !== -1) {
          flush(close + run);
          let contentStart = position + run;
          let contentEnd = close;
          if (contentEnd - contentStart >= 2 && text[contentStart] === ' ' && text[contentEnd - 1] === ' ' && text.slice(contentStart, contentEnd).trim()) {
            contentStart += 1;
            contentEnd -= 1;
          }
          parent.appendChild(h('code', { class: 'inline' }, mapped(entries, text.slice(contentStart, contentEnd), start + contentStart)));
          position = close + run;
          plainStart = position;
          continue;
        }
        plain += fence;
        position += run;
        continue;
      }
      // Emphasis never starts or ends inside a word, for * as for _: traces are full of 2*3*4, a*b and
      // ${7*7}, which must stay as typed.
      if ((char === '*' || char === '_') && text[position + 1] === char) {
        const close = text.indexOf(char + char, position + 2);
        const before = text[position - 1];
        const after = text[close + 2];
        if (close > position + 2 && !(before && /[\p{L}\p{N}]/u.test(before)) && !(after && /[\p{L}\p{N}]/u.test(after)) && text[close - 1] !== ' ') {
          flush(close + 2);
          parent.appendChild(renderInline(h('strong'), text.slice(position + 2, close), start + position + 2, entries));
          position = close + 2;
          plainStart = position;
          continue;
        }
      }
      if ((char === '*' || char === '_') && text[position + 1] && text[position + 1] !== ' ' && text[position + 1] !== char) {
        const before = text[position - 1];
        let close = position + 1;
        while ((close = text.indexOf(char, close)) !== -1) {
          if (text[close + 1] !== char && text[close - 1] !== ' ' && !(text[close + 1] && /[\p{L}\p{N}]/u.test(text[close + 1]))) break;
          close += 1;
        }
        if (close !== -1 && !(before && /[\p{L}\p{N}]/u.test(before))) {
          flush(close + 1);
          parent.appendChild(renderInline(h('em'), text.slice(position + 1, close), start + position + 1, entries));
          position = close + 1;
          plainStart = position;
          continue;
        }
      }
      if (char === '[') {
        const match = LINK.exec(text.slice(position));
        if (match) {
          // Links are shown, never followed: the label, then the address as plain text. A javascript: or
          // data: address is just characters on the page.
          flush(position + match[0].length);
          const label = renderInline(h('span', { class: 'link-label' }), match[1], start + position + 1, entries);
          const urlStart = position + match[0].indexOf('](') + 2;
          const address = h('span', { class: 'link-url', title: 'Links are not opened from traces' }, ' (', mapped(entries, match[2], start + urlStart), ')');
          parent.appendChild(h('span', { class: 'link' }, label, address));
          position += match[0].length;
          plainStart = position;
          continue;
        }
      }
      if (!plain) plainStart = position;
      plain += char;
      position += 1;
    }
    flush(text.length);
    return parent;
  }

  function renderPlain(text, root, entries) {
    clear(root);
    root.appendChild(h('pre', { class: 'plain' }, mapped(entries, text, 0)));
    return root;
  }

  // ---------------------------------------------------------------- conversation

  function textOfContent(content) {
    if (typeof content === 'string') return { text: content, extras: [] };
    if (Array.isArray(content)) {
      const texts = [];
      const extras = [];
      for (const part of content) {
        if (isObject(part) && typeof part.text === 'string') texts.push(part.text);
        else if (typeof part === 'string') texts.push(part);
        else extras.push(part);
      }
      return { text: texts.join('\n\n'), extras };
    }
    if (content === null || content === undefined) return { text: '', extras: [] };
    return { text: pretty(content), extras: [], json: true };
  }

  function messageOf(raw, side) {
    if (typeof raw === 'string') {
      return { role: side === 'output' ? 'assistant' : 'user', label: side, text: raw, markdown: true, toolCalls: [], extras: [] };
    }
    if (!isObject(raw) || typeof raw.role !== 'string') {
      return { role: 'data', label: side, text: pretty(raw), markdown: false, toolCalls: [], extras: [] };
    }
    const role = raw.role;
    const content = textOfContent(raw.content);
    let text = content.text;
    let markdown = !content.json && role !== 'tool';
    if (role === 'tool' || role === 'function') {
      const parsed = parseJSONText(text);
      if (parsed !== undefined) {
        text = pretty(parsed);
        markdown = false;
      }
    }
    const calls = [];
    for (const call of Array.isArray(raw.tool_calls) ? raw.tool_calls : []) {
      const fn = isObject(call) && isObject(call.function) ? call.function : {};
      const args = typeof fn.arguments === 'string' ? fn.arguments : pretty(fn.arguments === undefined ? null : fn.arguments);
      const parsed = parseJSONText(args);
      calls.push({ id: isObject(call) ? call.id : undefined, name: typeof fn.name === 'string' ? fn.name : '', args: parsed !== undefined ? pretty(parsed) : args });
    }
    return {
      role,
      label: role,
      name: typeof raw.name === 'string' ? raw.name : null,
      callID: typeof raw.tool_call_id === 'string' ? raw.tool_call_id : null,
      text,
      markdown,
      toolCalls: calls,
      extras: content.extras,
    };
  }

  // Message indexes of span annotations count every entry of the trace's input, then of its output.
  function conversationOf(trace) {
    const messages = [];
    const add = (value, side) => {
      if (Array.isArray(value)) value.forEach((entry) => messages.push(messageOf(entry, side)));
      else if (value !== null && value !== undefined) messages.push(messageOf(value, side));
    };
    add(trace.input, 'input');
    const firstOutput = messages.length;
    add(trace.output, 'output');
    for (let index = firstOutput; index < messages.length; index += 1) messages[index].isOutput = true;
    return messages;
  }

  const COLLAPSE_CHARACTERS = 2400;

  function renderConversation() {
    const root = clear($('conversation'));
    state.messages = conversationOf(state.doc.item.trace);
    if (!state.messages.length) root.appendChild(h('p', { class: 'empty' }, 'This trace has no input or output.'));
    state.messages.forEach((message, index) => {
      const body = h('div', { class: 'msg-body' + (message.markdown ? ' markdown' : ''), 'data-message': index });
      message.entries = [];
      message.body = body;
      if (message.text) {
        if (message.markdown) renderMarkdown(message.text, body, message.entries);
        else renderPlain(message.text, body, message.entries);
      } else if (!message.toolCalls.length) {
        body.appendChild(h('span', { class: 'empty' }, message.role === 'assistant' ? '(empty response)' : '(no text)'));
      }
      const head = h('header', { class: 'msg-head' },
        h('span', { class: 'role' }, message.label === 'input' || message.label === 'output' ? message.label : message.role),
        message.name ? h('span', { class: 'msg-name' }, message.name) : null,
        message.callID ? h('span', { class: 'msg-call', title: 'Tool call id' }, message.callID) : null,
        message.isOutput ? h('span', { class: 'badge output' }, 'output') : null,
        h('span', { class: 'msg-index' }, '#' + (index + 1)),
        message.text ? h('button', { type: 'button', class: 'button tiny ghost note-message', 'data-message': index, title: 'Add a note on the whole message' }, 'Note') : null);
      const article = h('article', { class: 'msg role-' + roleClass(message.role), 'data-message': index }, head, body);
      if (message.text && message.text.length > COLLAPSE_CHARACTERS) {
        body.classList.add('collapsed');
        const toggle = h('button', { type: 'button', class: 'button small ghost more' }, 'Show all ' + number.format(message.text.length) + ' characters');
        toggle.addEventListener('click', () => {
          const collapsed = body.classList.toggle('collapsed');
          toggle.textContent = collapsed ? 'Show all ' + number.format(message.text.length) + ' characters' : 'Show less';
        });
        article.appendChild(toggle);
      }
      for (const call of message.toolCalls) {
        article.appendChild(h('div', { class: 'tool-call' },
          h('div', { class: 'tool-call-head' }, h('span', { class: 'tool-icon', 'aria-hidden': 'true' }, '\u2192'), h('span', { class: 'tool-name' }, call.name || '(unnamed tool)'), call.id !== undefined ? h('span', { class: 'msg-call' }, String(call.id)) : null),
          collapsible(h('pre', { class: 'plain' }, call.args))));
      }
      for (const extra of message.extras) article.appendChild(collapsible(h('pre', { class: 'plain muted' }, pretty(extra))));
      root.appendChild(article);
    });
    highlightSpans();
  }

  function roleClass(role) {
    return ['user', 'assistant', 'system', 'tool', 'function', 'developer'].includes(role) ? role : 'other';
  }

  function collapsible(element) {
    const wrap = h('div', { class: 'collapsible' }, element);
    if ((element.textContent || '').length > COLLAPSE_CHARACTERS) {
      wrap.classList.add('collapsed');
      const toggle = h('button', { type: 'button', class: 'button small ghost more' }, 'Show all');
      toggle.addEventListener('click', () => {
        toggle.textContent = wrap.classList.toggle('collapsed') ? 'Show all' : 'Show less';
      });
      return h('div', null, wrap, toggle);
    }
    return wrap;
  }

  // Wraps [start, end) of a message in <mark> elements, splitting text nodes; returns the new entry list.
  function wrapRange(entries, start, end, spanID) {
    const result = [];
    for (const entry of entries) {
      const length = entry.node.data.length;
      const from = Math.max(start, entry.start);
      const to = Math.min(end, entry.start + length);
      if (from >= to || !entry.node.parentNode) {
        result.push(entry);
        continue;
      }
      let node = entry.node;
      let nodeStart = entry.start;
      if (from > nodeStart) {
        const rest = node.splitText(from - nodeStart);
        result.push({ node, start: nodeStart });
        node = rest;
        nodeStart = from;
      }
      let tail = null;
      if (to < nodeStart + node.data.length) tail = node.splitText(to - nodeStart);
      const mark = h('mark', { class: 'span-mark', 'data-span': spanID, tabindex: '-1', title: 'Note' });
      node.parentNode.replaceChild(mark, node);
      mark.appendChild(node);
      result.push({ node, start: nodeStart });
      if (tail) result.push({ node: tail, start: to });
    }
    return result;
  }

  function highlightSpans() {
    if (!state.review) return;
    // Re-render is cheap next to keeping marks in sync by hand when notes are added and removed.
    for (const message of state.messages) {
      if (message.hasMarks) {
        message.entries = [];
        if (message.markdown) renderMarkdown(message.text, message.body, message.entries);
        else renderPlain(message.text, message.body, message.entries);
        message.hasMarks = false;
      }
    }
    for (const span of state.review.spans) {
      const message = state.messages[span.messageIndex];
      if (!message || !message.entries) continue;
      message.entries = wrapRange(message.entries, span.start, span.end, span.id);
      message.hasMarks = true;
    }
    for (const mark of document.querySelectorAll('mark.span-mark')) {
      mark.title = noteFor(Number(mark.dataset.span));
    }
  }

  function noteFor(id) {
    const span = state.review.spans.find((candidate) => candidate.id === id);
    return span ? span.note || '(no note)' : '';
  }

  // ---------------------------------------------------------------- metadata and observations

  function durationText(ms) {
    if (!Number.isFinite(ms)) return '–';
    if (ms < 1000) return Math.round(ms) + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
    return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
  }

  function timestampText(text) {
    const time = Date.parse(text);
    if (!Number.isFinite(time)) return text ? String(text) : '–';
    return new Date(time).toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
  }

  function traceMetrics(trace) {
    const observations = Array.isArray(trace.observations) ? trace.observations : [];
    let first = Infinity;
    let last = -Infinity;
    let tokens = 0;
    let cost = 0;
    let hasCost = false;
    const models = new Set();
    for (const observation of observations) {
      const start = Date.parse(observation.startTime);
      const end = Date.parse(observation.endTime);
      if (Number.isFinite(start)) first = Math.min(first, start);
      if (Number.isFinite(end)) last = Math.max(last, end);
      if (observation.type === 'GENERATION' && isObject(observation.usageDetails)) {
        const usage = observation.usageDetails;
        if (Number.isFinite(usage.total)) tokens += usage.total;
        else tokens += (Number(usage.input) || 0) + (Number(usage.output) || 0);
      }
      if (isObject(observation.costDetails) && Number.isFinite(observation.costDetails.total)) {
        cost += observation.costDetails.total;
        hasCost = true;
      }
      if (typeof observation.model === 'string' && observation.model) models.add(observation.model);
    }
    return {
      duration: Number.isFinite(first) && Number.isFinite(last) ? last - first : NaN,
      tokens,
      cost: hasCost ? cost : null,
      models: [...models],
      count: observations.length,
    };
  }

  function renderMeta() {
    const trace = state.doc.item.trace;
    const metrics = traceMetrics(trace);
    const root = clear($('meta-body'));
    const rows = [
      ['Timestamp', timestampText(trace.timestamp), trace.timestamp],
      ['Duration', durationText(metrics.duration)],
      ['Tokens', metrics.tokens ? number.format(metrics.tokens) : '–'],
      ['Cost', metrics.cost === null ? '–' : '$' + (metrics.cost < 0.01 ? metrics.cost.toPrecision(3) : metrics.cost.toFixed(4))],
      ['Model', metrics.models.join(', ') || '–'],
      ['Environment', trace.environment || 'default'],
      ['User', trace.userId || '–'],
      ['Session', trace.sessionId || '–'],
      ['Release', [trace.release, trace.version].filter(Boolean).join(' · ') || '–'],
      ['Trace', trace.name || '–'],
    ];
    const grid = h('dl', { class: 'meta-grid' });
    for (const [label, value, title] of rows) {
      grid.appendChild(h('div', { class: 'meta-cell' }, h('dt', null, label), h('dd', { title: title || String(value) }, String(value))));
    }
    root.appendChild(grid);
    const tags = Array.isArray(trace.tags) ? trace.tags : [];
    if (tags.length) root.appendChild(h('div', { class: 'meta-tags' }, h('span', { class: 'meta-label' }, 'Tags'), tags.map((tag) => h('span', { class: 'chip' }, String(tag)))));
    const metadata = isObject(trace.metadata) ? trace.metadata : {};
    const keys = Object.keys(metadata);
    if (keys.length) {
      const table = h('dl', { class: 'kv' });
      for (const key of keys) {
        const value = metadata[key];
        table.appendChild(h('dt', null, key));
        table.appendChild(h('dd', null, typeof value === 'string' ? value : pretty(value)));
      }
      root.appendChild(h('details', { class: 'meta-more' }, h('summary', null, 'Metadata (' + keys.length + ')'), table));
    }
  }

  function renderFlags() {
    const root = clear($('item-flags'));
    const flags = state.doc.item.flags || [];
    for (const flag of flags) {
      root.appendChild(h('div', { class: 'flag-card', role: 'note' },
        h('div', { class: 'flag-head' }, h('span', { class: 'flag-icon', 'aria-hidden': 'true' }, '!'), h('span', { class: 'flag-classifier' }, flag.classifier), h('span', { class: 'flag-reason' }, flag.reason)),
        flag.evidence ? h('code', { class: 'flag-evidence' }, flag.evidence) : null));
    }
  }

  function renderTree() {
    const trace = state.doc.item.trace;
    const observations = Array.isArray(trace.observations) ? trace.observations : [];
    $('tree-count').textContent = observations.length ? String(observations.length) : '';
    const root = clear($('tree'));
    if (!observations.length) {
      root.appendChild(h('p', { class: 'empty' }, 'No observations.'));
      return;
    }
    const byID = new Map(observations.map((observation) => [observation.id, observation]));
    const children = new Map();
    const roots = [];
    for (const observation of observations) {
      const parent = observation.parentObservationId;
      if (parent && byID.has(parent) && parent !== observation.id) {
        if (!children.has(parent)) children.set(parent, []);
        children.get(parent).push(observation);
      } else {
        roots.push(observation);
      }
    }
    const traceStart = Math.min(...observations.map((observation) => Date.parse(observation.startTime)).filter(Number.isFinite));
    const seen = new Set();
    const list = h('ul', { class: 'tree', role: 'tree' });
    const addNode = (observation, parent, depth) => {
      if (seen.has(observation.id) || depth > 64) return;
      seen.add(observation.id);
      const kids = children.get(observation.id) || [];
      const start = Date.parse(observation.startTime);
      const end = Date.parse(observation.endTime);
      const usage = isObject(observation.usageDetails) ? observation.usageDetails : {};
      const row = h('div', { class: 'tree-row level-' + String(observation.level || 'DEFAULT').toLowerCase() },
        h('span', { class: 'tree-toggle', 'aria-hidden': 'true' }, kids.length ? '\u25BE' : ''),
        h('span', { class: 'obs-type type-' + String(observation.type || '').toLowerCase() }, String(observation.type || '?')),
        h('span', { class: 'obs-name' }, String(observation.name || observation.id)),
        observation.model ? h('span', { class: 'obs-model' }, String(observation.model)) : null,
        Number.isFinite(usage.total) ? h('span', { class: 'obs-tokens' }, number.format(usage.total) + ' tok') : null,
        h('span', { class: 'obs-time' }, Number.isFinite(start) && Number.isFinite(end) ? durationText(end - start) : ''),
        Number.isFinite(start) && Number.isFinite(traceStart) ? h('span', { class: 'obs-offset' }, '+' + durationText(start - traceStart)) : null);
      const detail = h('div', { class: 'tree-detail', hidden: true });
      let filled = false;
      const node = h('li', { role: 'treeitem', 'aria-expanded': kids.length ? 'true' : null }, row, detail);
      row.addEventListener('click', (event) => {
        if (event.target.classList.contains('tree-toggle') && kids.length) {
          const open = node.getAttribute('aria-expanded') === 'true';
          node.setAttribute('aria-expanded', open ? 'false' : 'true');
          event.target.textContent = open ? '\u25B8' : '\u25BE';
          return;
        }
        if (!filled) {
          // Observation payloads can be large: rendered on first open only.
          filled = true;
          if (observation.statusMessage) detail.appendChild(h('div', { class: 'obs-status' }, String(observation.statusMessage)));
          for (const key of ['input', 'output', 'metadata']) {
            const value = observation[key];
            if (value === null || value === undefined || (isObject(value) && !Object.keys(value).length)) continue;
            detail.appendChild(h('div', { class: 'obs-field' }, h('div', { class: 'obs-label' }, key), collapsible(h('pre', { class: 'plain' }, typeof value === 'string' ? value : pretty(value)))));
          }
          if (!detail.childNodes.length) detail.appendChild(h('p', { class: 'empty' }, 'No input or output recorded.'));
        }
        detail.hidden = !detail.hidden;
      });
      parent.appendChild(node);
      if (kids.length) {
        const sub = h('ul', { role: 'group' });
        node.appendChild(sub);
        for (const kid of kids) addNode(kid, sub, depth + 1);
      }
    };
    for (const observation of roots) addNode(observation, list, 0);
    for (const observation of observations) if (!seen.has(observation.id)) addNode(observation, list, 0);
    root.appendChild(list);
  }

  function renderEvalScores() {
    const panel = $('eval-panel');
    const trace = state.doc.item.trace;
    const scores = [...(Array.isArray(trace.scores) ? trace.scores : []), ...(state.doc.item.evalScores || [])];
    const unique = [];
    const keys = new Set();
    for (const score of scores) {
      const key = JSON.stringify(score);
      if (!keys.has(key)) {
        keys.add(key);
        unique.push(score);
      }
    }
    panel.hidden = !unique.length;
    const body = clear($('eval-body'));
    for (const score of unique) {
      body.appendChild(h('div', { class: 'eval-row' },
        h('span', { class: 'eval-name' }, String(score.name)),
        h('span', { class: 'eval-value' }, score.stringValue !== null && score.stringValue !== undefined ? String(score.stringValue) : String(score.value)),
        h('span', { class: 'badge' }, String(score.source || '')),
        score.comment ? h('span', { class: 'eval-comment' }, String(score.comment)) : null));
    }
  }

  // ---------------------------------------------------------------- scores

  function optionsOf(config) {
    switch (config.type) {
      case 'numeric': {
        const min = typeof config.min === 'number' ? config.min : null;
        const max = typeof config.max === 'number' ? config.max : null;
        const step = typeof config.step === 'number' ? config.step : null;
        if (min !== null && max !== null && step) {
          const values = [];
          for (let value = min; value <= max + 1e-9 && values.length < 9; value += step) values.push(Math.round(value * 1e9) / 1e9);
          return values;
        }
        return [1, 2, 3, 4, 5, 6, 7, 8, 9].filter((value) => (min === null || value >= min) && (max === null || value <= max));
      }
      case 'categorical':
        return (config.categories || []).map((category) => category.label).slice(0, 9);
      case 'boolean':
        return [1, 0];
      default:
        return [];
    }
  }

  function finalOutputText() {
    const outputs = state.messages.filter((message) => message.isOutput && message.role === 'assistant' && message.text);
    if (outputs.length) return outputs[outputs.length - 1].text;
    const output = state.doc.item.trace.output;
    return typeof output === 'string' ? output : '';
  }

  function saveScore(config, value, comment) {
    const payload = { name: config.name, value };
    if (comment) payload.comment = comment;
    return record('score.set', payload).catch(() => undefined);
  }

  function clearScore(config) {
    if (!state.review.scores[config.name]) return Promise.resolve();
    return record('score.clear', { name: config.name }).catch(() => undefined);
  }

  function debounce(fn, wait) {
    let timer = null;
    const debounced = (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        fn(...args);
      }, wait);
    };
    debounced.flush = (...args) => {
      if (timer) {
        clearTimeout(timer);
        timer = null;
        fn(...args);
      }
    };
    return debounced;
  }

  function renderScores() {
    const root = clear($('scores'));
    state.scoreBlocks = state.scores.map((config, index) => {
      const block = buildScore(config, index);
      root.appendChild(block.element);
      return block;
    });
    if (!state.scores.length) root.appendChild(h('p', { class: 'empty' }, 'This queue defines no scores.'));
  }

  function buildScore(config, index) {
    const options = optionsOf(config);
    const element = h('div', { class: 'score type-' + config.type, tabindex: '0', role: 'group', 'data-index': index, 'aria-label': config.name });
    const valueLabel = h('span', { class: 'score-value' });
    const clearButton = h('button', { type: 'button', class: 'button tiny ghost score-clear', title: 'Clear this score (Delete)', tabindex: '-1' }, 'Clear');
    clearButton.addEventListener('click', () => clearScore(config));
    element.appendChild(h('div', { class: 'score-head' },
      h('span', { class: 'score-number' }, String(index + 1)),
      h('span', { class: 'score-name' }, config.name),
      h('span', { class: 'score-type' }, config.type === 'correction' ? 'correction' : config.type),
      valueLabel, clearButton));
    if (config.description) element.appendChild(h('p', { class: 'score-description' }, config.description));
    const body = h('div', { class: 'score-body' });
    element.appendChild(body);
    let update = () => undefined;
    let choose = null;
    let editor = null;

    const current = () => state.review.scores[config.name];
    const currentComment = () => (current() ? current().comment || '' : '');

    if (config.type === 'categorical' || config.type === 'boolean') {
      const labels = config.type === 'boolean' ? ['True', 'False'] : options;
      const buttons = labels.map((label, position) => {
        const value = config.type === 'boolean' ? options[position] : label;
        const button = h('button', { type: 'button', class: 'option', tabindex: '-1', 'aria-pressed': 'false' }, h('kbd', null, String(position + 1)), h('span', null, label));
        button.addEventListener('click', () => {
          element.focus();
          saveScore(config, value, currentComment());
        });
        body.appendChild(button);
        return { button, value };
      });
      const extra = config.type === 'categorical' ? (config.categories || []).slice(9) : [];
      for (const category of extra) {
        const button = h('button', { type: 'button', class: 'option', tabindex: '-1' }, h('span', null, category.label));
        button.addEventListener('click', () => saveScore(config, category.label, currentComment()));
        body.appendChild(button);
        buttons.push({ button, value: category.label });
      }
      choose = (position) => {
        if (position < buttons.length) saveScore(config, buttons[position].value, currentComment());
      };
      update = (score) => {
        for (const { button, value } of buttons) {
          const selected = score !== undefined && score.value === value;
          button.classList.toggle('selected', selected);
          button.setAttribute('aria-pressed', selected ? 'true' : 'false');
        }
      };
    } else if (config.type === 'numeric') {
      const hasRange = typeof config.min === 'number' && typeof config.max === 'number';
      const slider = hasRange ? h('input', { type: 'range', min: config.min, max: config.max, step: config.step || 'any', tabindex: '-1', 'aria-label': config.name + ' slider' }) : null;
      const field = h('input', { type: 'number', class: 'number-field', min: config.min, max: config.max, step: config.step || 'any', tabindex: '-1', 'aria-label': config.name + ' value' });
      if (slider) {
        slider.addEventListener('change', () => saveScore(config, Number(slider.value), currentComment()));
        slider.addEventListener('input', () => {
          field.value = slider.value;
        });
        body.appendChild(slider);
      }
      field.addEventListener('change', () => {
        if (field.value === '') clearScore(config);
        else saveScore(config, Number(field.value), currentComment());
      });
      body.appendChild(field);
      if (options.length && config.step === 1) {
        const scale = h('div', { class: 'scale' });
        options.forEach((value, position) => {
          const button = h('button', { type: 'button', class: 'option compact', tabindex: '-1', 'data-value': value }, h('kbd', null, String(position + 1)));
          if (String(value) !== String(position + 1)) button.appendChild(h('span', null, String(value)));
          button.addEventListener('click', () => {
            element.focus();
            saveScore(config, value, currentComment());
          });
          scale.appendChild(button);
        });
        body.appendChild(scale);
      }
      choose = (position) => {
        if (position < options.length) saveScore(config, options[position], currentComment());
      };
      update = (score) => {
        const value = score ? score.value : null;
        if (slider) {
          slider.value = value === null ? String(config.min) : String(value);
          slider.classList.toggle('unset', value === null);
        }
        if (document.activeElement !== field) field.value = value === null ? '' : String(value);
        for (const button of body.querySelectorAll('.scale .option')) button.classList.toggle('selected', value !== null && Number(button.dataset.value) === value);
      };
    } else {
      // text and correction: free text, saved after a pause in typing and when the field is left.
      const isCorrection = config.type === 'correction';
      const area = h('textarea', { class: 'text-field' + (isCorrection ? ' correction' : ''), rows: isCorrection ? 6 : 3, maxlength: config.max_length || null, spellcheck: 'true', 'aria-label': config.name, tabindex: '-1' });
      const counter = h('span', { class: 'counter' });
      const hint = h('span', { class: 'field-hint' });
      const reset = isCorrection ? h('button', { type: 'button', class: 'button tiny ghost', tabindex: '-1' }, 'Reset to output') : null;
      let edited = false;
      const push = () => {
        const text = area.value;
        const score = current();
        if (isCorrection && !edited && !score) return;
        if (text === '' && !isCorrection) {
          if (score) clearScore(config);
          return;
        }
        if (score && score.value === text) return;
        saveScore(config, text, currentComment());
      };
      const later = debounce(push, 700);
      area.addEventListener('input', () => {
        edited = true;
        counter.textContent = config.max_length ? number.format(area.value.length) + ' / ' + number.format(config.max_length) : '';
        later();
      });
      area.addEventListener('blur', () => later.flush());
      if (reset) {
        reset.addEventListener('click', () => {
          edited = false;
          clearScore(config).then(() => {
            area.value = finalOutputText();
          });
        });
      }
      body.appendChild(area);
      body.appendChild(h('div', { class: 'field-foot' }, hint, counter, reset));
      editor = area;
      update = (score) => {
        if (document.activeElement === area) return;
        edited = false;
        if (score) area.value = String(score.value);
        else area.value = isCorrection ? finalOutputText() : '';
        area.classList.toggle('prefilled', isCorrection && !score);
        hint.textContent = isCorrection ? (score ? 'Correction saved' : 'Prefilled from the output: edit to record a correction') : '';
      };
    }

    // Per-score comment: saved together with the value, so it needs a value first.
    const commentField = h('input', { type: 'text', class: 'score-comment', placeholder: 'Comment on this score', 'aria-label': 'Comment on ' + config.name, tabindex: '-1', maxlength: 10000 });
    commentField.addEventListener('change', () => {
      const score = current();
      if (!score) {
        showBanner('Give ' + config.name + ' a value before commenting on it.');
        commentField.value = '';
        return;
      }
      saveScore(config, score.value, commentField.value.trim());
    });
    element.appendChild(commentField);

    const reviews = (state.doc.item.reviews || []).filter((review) => review.name === config.name);
    if (reviews.length) {
      element.appendChild(h('div', { class: 'reviews' }, reviews.map((review) => h('div', { class: 'review' },
        h('span', { class: 'review-who' }, review.reviewer),
        h('span', { class: 'review-value' }, typeof review.value === 'string' ? review.value : JSON.stringify(review.value)),
        review.comment ? h('span', { class: 'review-comment' }, review.comment) : null))));
    }

    const fullUpdate = () => {
      const score = current();
      update(score);
      element.classList.toggle('answered', !!score);
      valueLabel.textContent = score ? (config.type === 'boolean' ? (score.value === 1 ? 'True' : 'False') : config.type === 'text' || config.type === 'correction' ? '\u2713' : String(score.value)) : '';
      clearButton.hidden = !score;
      if (document.activeElement !== commentField) commentField.value = currentComment();
      commentField.disabled = !score;
    };
    return { element, config, update: fullUpdate, choose, editor, clear: () => clearScore(config) };
  }

  // ---------------------------------------------------------------- item controls, notes, actions

  let itemComment = null;
  let tagInput = null;
  let flagReason = null;

  function renderItemControls() {
    const root = clear($('item-controls'));
    itemComment = h('textarea', { id: 'item-comment', class: 'text-field', rows: 2, placeholder: 'Comment on this item  (c)', 'aria-label': 'Item comment', maxlength: 10000 });
    const saveComment = debounce(() => {
      const text = itemComment.value;
      if ((state.review.comment || '') !== text) record('comment', { text }).catch(() => undefined);
    }, 700);
    itemComment.addEventListener('input', saveComment);
    itemComment.addEventListener('blur', () => saveComment.flush());

    tagInput = h('input', { type: 'text', id: 'tag-input', class: 'tag-input', placeholder: 'Add tag  (t)', 'aria-label': 'Add tag', maxlength: 64, autocomplete: 'off' });
    tagInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        const tag = tagInput.value.trim();
        if (tag) record('item.tag', { tag }).then(() => { tagInput.value = ''; }, () => undefined);
      }
    });
    const tags = h('div', { class: 'tags', id: 'tags' });

    flagReason = h('input', { type: 'text', class: 'flag-reason-input', placeholder: 'Why is it flagged? (optional)', 'aria-label': 'Flag reason', maxlength: 2000 });
    flagReason.addEventListener('change', () => record('item.flag', { flagged: true, reason: flagReason.value.trim() }).catch(() => undefined));

    const flagButton = h('button', { type: 'button', id: 'flag-toggle', class: 'toggle' }, h('kbd', null, 'f'), ' Flag for lead');
    flagButton.addEventListener('click', toggleFlag);
    const datasetButton = h('button', { type: 'button', id: 'dataset-toggle', class: 'toggle' }, h('kbd', null, 'd'), ' Add to dataset');
    datasetButton.addEventListener('click', toggleDataset);

    append(root, [
      h('label', { class: 'field-label' }, 'Item comment'), itemComment,
      h('label', { class: 'field-label' }, 'Tags'), h('div', { class: 'tag-row' }, tags, tagInput),
      h('div', { class: 'toggles' }, flagButton, datasetButton),
      h('div', { class: 'flag-reason-row', id: 'flag-reason-row', hidden: true }, flagReason),
    ]);

    const actions = clear($('actions'));
    const undo = h('button', { type: 'button', id: 'undo', class: 'button ghost' }, h('kbd', null, 'u'), ' Undo');
    undo.addEventListener('click', doUndo);
    const skip = h('button', { type: 'button', id: 'skip', class: 'button' }, h('kbd', null, 's'), ' Skip');
    skip.addEventListener('click', skipNext);
    const complete = h('button', { type: 'button', id: 'complete', class: 'button primary' }, 'Complete + next ', h('kbd', null, '\u21B5'));
    complete.addEventListener('click', completeNext);
    append(actions, [undo, skip, complete]);
  }

  function renderReview() {
    const review = state.review;
    for (const block of state.scoreBlocks) block.update();
    if (document.activeElement !== itemComment) itemComment.value = review.comment || '';
    const tags = clear($('tags'));
    for (const tag of review.tags) {
      const remove = h('button', { type: 'button', class: 'chip-remove', 'aria-label': 'Remove tag ' + tag, title: 'Remove' }, '\u00D7');
      remove.addEventListener('click', () => record('item.tag', { tag, removed: true }).catch(() => undefined));
      tags.appendChild(h('span', { class: 'chip tag' }, tag, remove));
    }
    const flag = $('flag-toggle');
    flag.classList.toggle('on', review.flagged);
    flag.setAttribute('aria-pressed', review.flagged ? 'true' : 'false');
    $('flag-reason-row').hidden = !review.flagged;
    if (document.activeElement !== flagReason) flagReason.value = review.flagReason || '';
    const dataset = $('dataset-toggle');
    dataset.classList.toggle('on', review.dataset);
    dataset.setAttribute('aria-pressed', review.dataset ? 'true' : 'false');
    $('undo').disabled = !state.canUndo;
    renderItemHead();
  }

  function renderItemHead() {
    const doc = state.doc;
    const review = state.review;
    const root = clear($('item-head'));
    const status = h('span', { class: 'status-pill status-' + review.status }, review.status);
    const nav = h('div', { class: 'item-nav' });
    const prev = h('button', { type: 'button', class: 'button small ghost', 'aria-label': 'Previous item (k)', title: 'Previous (k)', disabled: doc.position === 0 }, '\u2190');
    prev.addEventListener('click', () => go(-1));
    const next = h('button', { type: 'button', class: 'button small ghost', 'aria-label': 'Next item (j)', title: 'Next (j)', disabled: doc.position >= doc.total - 1 }, '\u2192');
    next.addEventListener('click', () => go(1));
    append(nav, [prev, h('span', { class: 'item-position' }, number.format(doc.position + 1) + ' of ' + number.format(doc.total)), next]);
    const title = h('div', { class: 'item-title' },
      h('h1', { class: 'item-name', title: doc.item.trace.name || doc.id }, doc.item.trace.name || 'Trace'),
      h('div', { class: 'item-id' }, h('span', { class: 'mono' }, doc.id), status, review.flagged ? h('span', { class: 'status-pill flagged' }, 'flagged') : null,
        review.dataset ? h('span', { class: 'status-pill dataset' }, 'dataset') : null));
    let reopen = null;
    if (review.status !== 'open') {
      reopen = h('button', { type: 'button', class: 'button small ghost' }, 'Reopen');
      reopen.addEventListener('click', () => record('item.reopen').catch(() => undefined));
    }
    append(root, [title, h('div', { class: 'item-head-side' }, reopen, nav)]);
  }

  function renderNotes() {
    const root = clear($('notes'));
    const spans = state.review.spans;
    if (!spans.length) return;
    root.appendChild(h('div', { class: 'field-label' }, 'Notes on the text (' + spans.length + ')'));
    for (const span of spans) {
      const message = state.messages[span.messageIndex];
      const quote = message ? message.text.slice(span.start, span.end) : '';
      const remove = h('button', { type: 'button', class: 'chip-remove', 'aria-label': 'Delete note', title: 'Delete note' }, '\u00D7');
      remove.addEventListener('click', (event) => {
        event.stopPropagation();
        record('span', { remove: span.id }).catch(() => undefined);
      });
      const card = h('div', { class: 'note-card', tabindex: '0', 'data-span': span.id },
        h('div', { class: 'note-where' }, 'Message ' + (span.messageIndex + 1), remove),
        h('blockquote', { class: 'note-quote' }, quote.length > 180 ? quote.slice(0, 180) + '\u2026' : quote),
        h('div', { class: 'note-text' }, span.note || '(no note)'));
      card.addEventListener('click', () => revealMark(span.id));
      root.appendChild(card);
    }
  }

  function revealMark(id) {
    const mark = document.querySelector('mark.span-mark[data-span="' + Number(id) + '"]');
    if (!mark) return;
    const body = mark.closest('.msg-body');
    if (body && body.classList.contains('collapsed')) {
      body.classList.remove('collapsed');
    }
    mark.scrollIntoView({ block: 'center', behavior: 'smooth' });
    for (const other of document.querySelectorAll('mark.span-mark[data-span="' + Number(id) + '"]')) {
      other.classList.remove('flash');
      void other.offsetWidth;
      other.classList.add('flash');
    }
  }

  function revealCard(id) {
    const card = document.querySelector('.note-card[data-span="' + Number(id) + '"]');
    if (!card) return;
    card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    card.classList.remove('flash');
    void card.offsetWidth;
    card.classList.add('flash');
  }

  // ---------------------------------------------------------------- text selection → span notes

  function selectionInMessage() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    const startBody = (range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement).closest('.msg-body');
    const endBody = (range.endContainer.nodeType === 1 ? range.endContainer : range.endContainer.parentElement).closest('.msg-body');
    if (!startBody || startBody !== endBody) return null;
    const index = Number(startBody.dataset.message);
    const message = state.messages[index];
    if (!message) return null;
    let start = Infinity;
    let end = -Infinity;
    for (const entry of message.entries) {
      if (!range.intersectsNode(entry.node)) continue;
      const from = entry.node === range.startContainer ? range.startOffset : 0;
      const to = entry.node === range.endContainer ? range.endOffset : entry.node.data.length;
      if (to <= from) continue;
      start = Math.min(start, entry.start + from);
      end = Math.max(end, entry.start + to);
    }
    if (!Number.isFinite(start) || end <= start) return null;
    return { messageIndex: index, start, end, rect: range.getBoundingClientRect() };
  }

  function updateSelectionTool() {
    const found = selectionInMessage();
    state.selection = found;
    const tool = $('selection-tool');
    if (!found || !$('note-editor').hidden) {
      tool.hidden = true;
      return;
    }
    tool.hidden = false;
    tool.style.top = Math.max(8, found.rect.top + window.scrollY - 40) + 'px';
    tool.style.left = Math.max(8, Math.min(window.innerWidth - 160, found.rect.left + window.scrollX)) + 'px';
  }

  function openNoteEditor(target) {
    if (!target) return;
    state.noteTarget = target;
    const message = state.messages[target.messageIndex];
    const quote = message.text.slice(target.start, target.end);
    $('note-quote').textContent = quote.length > 240 ? quote.slice(0, 240) + '\u2026' : quote;
    const editor = $('note-editor');
    editor.hidden = false;
    $('selection-tool').hidden = true;
    const rect = target.rect || message.body.getBoundingClientRect();
    editor.style.top = Math.max(8, rect.bottom + window.scrollY + 8) + 'px';
    editor.style.left = Math.max(8, Math.min(window.innerWidth - 380, rect.left + window.scrollX)) + 'px';
    $('note-text').value = '';
    $('note-text').focus();
  }

  function closeNoteEditor() {
    $('note-editor').hidden = true;
    state.noteTarget = null;
  }

  function saveNote() {
    const target = state.noteTarget;
    if (!target) return;
    const note = $('note-text').value.trim();
    closeNoteEditor();
    window.getSelection().removeAllRanges();
    record('span', { messageIndex: target.messageIndex, start: target.start, end: target.end, note }).catch(() => undefined);
    focusScore(currentScoreIndex());
  }

  // ---------------------------------------------------------------- navigation and actions

  function currentScoreIndex() {
    const active = document.activeElement;
    const block = active && active.closest ? active.closest('.score') : null;
    return block ? Number(block.dataset.index) : state.focusedScore || 0;
  }

  function focusScore(index, { edit = false } = {}) {
    if (!state.scoreBlocks.length) {
      $('complete') && $('complete').focus();
      return;
    }
    const count = state.scoreBlocks.length;
    const wrapped = ((index % count) + count) % count;
    state.focusedScore = wrapped;
    const block = state.scoreBlocks[wrapped];
    if (edit && block.editor) block.editor.focus();
    else block.element.focus({ preventScroll: false });
  }

  function moveScore(delta) {
    const next = currentScoreIndex() + delta;
    const count = state.scoreBlocks.length;
    const wrapped = ((next % count) + count) % count;
    focusScore(wrapped, { edit: !!state.scoreBlocks[wrapped].editor });
  }

  // Keys pressed while an item loads move on from the item being loaded, and only the last load is shown.
  let loadToken = 0;

  async function openItem(position, { focus = true } = {}) {
    const started = performance.now();
    const total = state.total;
    if (total === 0) return;
    position = Math.max(0, Math.min(total - 1, position));
    const token = ++loadToken;
    state.target = position;
    flushEditors();
    let doc = state.cache.get(position);
    if (!doc) {
      try {
        doc = await api.get('/api/items/' + position);
      } catch (error) {
        if (token === loadToken) showBanner('Could not load item ' + (position + 1) + ': ' + error.message);
        return;
      }
    }
    if (token !== loadToken) return;
    state.cache.delete(position);
    state.doc = doc;
    state.review = doc.review;
    if (doc.progress.lastSeq >= state.lastSeq) {
      state.lastSeq = doc.progress.lastSeq;
      state.canUndo = doc.canUndo;
    }
    renderProgress(doc.progress);
    renderItemHead();
    renderFlags();
    renderMeta();
    renderConversation();
    renderTree();
    renderEvalScores();
    renderScores();
    renderItemControls();
    renderReview();
    renderNotes();
    closeNoteEditor();
    $('selection-tool').hidden = true;
    if (location.hash !== '#item=' + (position + 1)) history.replaceState(null, '', '#item=' + (position + 1));
    window.scrollTo(0, 0);
    $('score-column').scrollTop = 0;
    if (focus) focusScore(0);
    window.quireTimings = { lastItemRender: performance.now() - started, position };
    document.body.dataset.item = doc.id;
    prefetch(position + 1);
  }

  function prefetch(position) {
    if (position >= state.total || state.cache.has(position)) return;
    api.get('/api/items/' + position).then((doc) => {
      if (state.cache.size > 8) state.cache.clear();
      state.cache.set(position, doc);
    }, () => undefined);
  }

  async function refreshItem() {
    if (!state.doc) return;
    state.cache.delete(state.doc.position);
    try {
      const doc = await api.get('/api/items/' + state.doc.position);
      if (!state.doc || doc.id !== state.doc.id) return;
      state.doc = doc;
      state.review = doc.review;
      if (doc.progress.lastSeq >= state.lastSeq) state.canUndo = doc.canUndo;
      renderReview();
      highlightSpans();
      renderNotes();
      renderProgress(doc.progress);
    } catch (_) {
      // The banner already says what failed.
    }
  }

  function flushEditors() {
    for (const element of [document.activeElement]) {
      if (element && (element.tagName === 'TEXTAREA' || element.tagName === 'INPUT')) element.blur();
    }
  }

  function go(delta) {
    if (!state.doc) return;
    const target = (state.target === undefined ? state.doc.position : state.target) + delta;
    if (target < 0 || target >= state.total) {
      toast(delta > 0 ? 'This is the last item.' : 'This is the first item.');
      return;
    }
    openItem(target);
  }

  function completeNext() {
    if (!state.doc) return;
    flushEditors();
    const last = state.doc.position >= state.total - 1;
    const done = state.review.status === 'completed' ? Promise.resolve() : record('item.complete');
    done.then(() => {
      if (last) toast('Completed. That was the last item.');
      else openItem(state.doc.position + 1);
    }, () => undefined);
  }

  function skipNext() {
    if (!state.doc) return;
    const last = state.doc.position >= state.total - 1;
    const done = state.review.status === 'skipped' ? Promise.resolve() : record('item.skip');
    done.then(() => {
      if (last) toast('Skipped. That was the last item.');
      else openItem(state.doc.position + 1);
    }, () => undefined);
  }

  function toggleFlag() {
    if (!state.doc) return;
    const flagged = !state.review.flagged;
    record('item.flag', flagged ? { flagged: true } : { flagged: false }).then(() => {
      if (flagged) flagReason.focus();
    }, () => undefined);
  }

  function toggleDataset() {
    if (!state.doc) return;
    record('dataset.add', { added: !state.review.dataset }).catch(() => undefined);
  }

  function doUndo() {
    flushEditors();
    submit('/api/undo', {}).then((ack) => {
      toast('Undid #' + ack.undone);
      if (state.doc && ack.item !== state.doc.id && typeof ack.position === 'number') openItem(ack.position);
    }, () => undefined);
  }

  // ---------------------------------------------------------------- table view

  const FILTERS = [
    ['all', 'All', (progress) => progress.total],
    ['open', 'Open', (progress) => progress.open],
    ['completed', 'Completed', (progress) => progress.completed],
    ['skipped', 'Skipped', (progress) => progress.skipped],
    ['flagged', 'Flagged', (progress) => progress.flagged],
  ];

  function renderFilters() {
    const root = clear($('filters'));
    for (const [key, label, count] of FILTERS) {
      const button = h('button', { type: 'button', class: 'filter', role: 'tab', 'aria-selected': state.table.status === key ? 'true' : 'false' }, label, h('span', { class: 'count' }, state.progress ? number.format(count(state.progress)) : ''));
      button.addEventListener('click', () => {
        state.table.status = key;
        state.table.offset = 0;
        state.table.selected = 0;
        loadTable();
      });
      root.appendChild(button);
    }
  }

  async function loadTable() {
    const table = state.table;
    const query = new URLSearchParams({ offset: String(table.offset), limit: String(table.limit), status: table.status, q: table.q });
    let page;
    try {
      page = await api.get('/api/items?' + query.toString());
    } catch (error) {
      showBanner('Could not load the table: ' + error.message);
      return;
    }
    table.rows = page.rows;
    table.total = page.total;
    table.selected = Math.min(table.selected, Math.max(0, page.rows.length - 1));
    renderProgress(page.progress);
    renderFilters();
    renderTableRows();
    history.replaceState(null, '', '#table=' + table.status + ':' + (Math.floor(table.offset / table.limit) + 1));
  }

  function renderTableRows() {
    const table = state.table;
    const body = clear($('table-body'));
    if (!table.rows.length) {
      body.appendChild(h('tr', null, h('td', { colspan: 6, class: 'empty' }, 'No items match.')));
    }
    table.rows.forEach((row, index) => {
      const scored = row.scored + ' / ' + state.scores.length;
      const tr = h('tr', { class: 'row' + (index === table.selected ? ' selected' : '') + (row.flagged ? ' flagged' : ''), tabindex: '-1', 'data-position': row.position, 'aria-selected': index === table.selected ? 'true' : 'false' },
        h('td', { class: 'col-pos' }, number.format(row.position + 1)),
        h('td', { class: 'col-status' }, h('span', { class: 'status-pill status-' + row.status }, row.status), row.flagged ? h('span', { class: 'status-pill flagged' }, 'flagged') : null,
          row.reviewer ? h('div', { class: 'row-reviewer' }, 'by ' + row.reviewer) : null),
        h('td', { class: 'col-item' }, h('div', { class: 'row-id mono' }, row.id), h('div', { class: 'row-title' }, row.title)),
        h('td', { class: 'col-flags' }, row.classifiers.map((name) => h('span', { class: 'chip warn' }, name))),
        h('td', { class: 'col-tags' }, row.tags.map((tag) => h('span', { class: 'chip' }, tag))),
        h('td', { class: 'col-scored' }, scored));
      tr.addEventListener('click', () => {
        table.selected = index;
        showFocus(row.position);
      });
      body.appendChild(tr);
    });
    const from = table.total ? table.offset + 1 : 0;
    const to = Math.min(table.offset + table.limit, table.total);
    $('page-info').textContent = number.format(from) + '–' + number.format(to) + ' of ' + number.format(table.total);
    $('page-prev').disabled = table.offset === 0;
    $('page-next').disabled = to >= table.total;
    const selected = body.querySelector('tr.selected');
    if (selected) selected.scrollIntoView({ block: 'nearest' });
  }

  function selectRow(delta) {
    const table = state.table;
    const next = table.selected + delta;
    if (next < 0) {
      if (table.offset > 0) {
        table.offset = Math.max(0, table.offset - table.limit);
        table.selected = table.limit - 1;
        loadTable();
      }
      return;
    }
    if (next >= table.rows.length) {
      if (table.offset + table.limit < table.total) {
        table.offset += table.limit;
        table.selected = 0;
        loadTable();
      }
      return;
    }
    table.selected = next;
    renderTableRows();
  }

  function page(delta) {
    const table = state.table;
    const offset = table.offset + delta * table.limit;
    if (offset < 0 || offset >= table.total) return;
    table.offset = offset;
    table.selected = 0;
    loadTable();
  }

  function showTable() {
    flushEditors();
    state.view = 'table';
    $('focus-view').hidden = true;
    $('table-view').hidden = false;
    $('view-focus').setAttribute('aria-selected', 'false');
    $('view-table').setAttribute('aria-selected', 'true');
    if (state.doc && state.table.status === 'all' && !state.table.q) {
      state.table.offset = Math.floor(state.doc.position / state.table.limit) * state.table.limit;
      state.table.selected = state.doc.position - state.table.offset;
    }
    document.activeElement && document.activeElement.blur && document.activeElement.blur();
    window.scrollTo(0, 0);
    loadTable();
  }

  function showFocus(position) {
    state.view = 'focus';
    $('table-view').hidden = true;
    $('focus-view').hidden = false;
    $('view-focus').setAttribute('aria-selected', 'true');
    $('view-table').setAttribute('aria-selected', 'false');
    openItem(position === undefined ? (state.doc ? state.doc.position : 0) : position);
  }

  // ---------------------------------------------------------------- keyboard

  const KEYS = [
    ['j  \u2192', 'Next item'],
    ['k  \u2190', 'Previous item'],
    ['1 \u2013 9', 'Choose the n-th option of the focused score'],
    ['Tab  \u21E7Tab', 'Next / previous score'],
    ['Delete', 'Clear the focused score'],
    ['e', 'Edit the focused text score'],
    ['\u21B5', 'Complete and go to the next item'],
    ['s', 'Skip and go to the next item'],
    ['f', 'Flag for the lead (toggle)'],
    ['d', 'Mark for the dataset (toggle)'],
    ['c', 'Comment on the item'],
    ['t', 'Add a tag'],
    ['n', 'Note on the selected text'],
    ['u', 'Undo the last change'],
    ['v', 'Switch between item and table'],
    ['/', 'Filter the table by id'],
    ['?', 'Show this help'],
    ['Esc', 'Leave a field, close a dialog'],
  ];

  function renderHelp() {
    const root = clear($('help-body'));
    for (const [keys, what] of KEYS) {
      root.appendChild(h('div', { class: 'help-keys' }, keys.split(/\s{2}/).map((key) => h('kbd', null, key))));
      root.appendChild(h('div', { class: 'help-what' }, what));
    }
  }

  function openOverlay(id) {
    $(id).hidden = false;
    const button = $(id).querySelector('.button.primary') || $(id).querySelector('.button');
    if (button) button.focus();
  }

  function closeOverlays() {
    for (const id of ['help-overlay', 'finish-overlay']) $(id).hidden = true;
  }

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    if (target.isContentEditable) return true;
    if (target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
    if (target.tagName === 'INPUT') return !['range', 'checkbox', 'radio', 'button'].includes(target.type);
    return false;
  }

  function onKey(event) {
    const overlayOpen = !$('help-overlay').hidden || !$('finish-overlay').hidden;
    if (overlayOpen) {
      if (event.key === 'Escape' || (event.key === '?' && !$('help-overlay').hidden)) {
        event.preventDefault();
        closeOverlays();
        focusScore(currentScoreIndex());
      }
      return;
    }
    const target = event.target;
    if (!$('note-editor').hidden) {
      if (event.key === 'Escape') {
        event.preventDefault();
        closeNoteEditor();
      } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        saveNote();
      }
      return;
    }
    if (isTyping(target)) {
      if (event.key === 'Escape') {
        event.preventDefault();
        const block = target.closest('.score');
        target.blur();
        if (block) block.focus();
        else focusScore(currentScoreIndex());
      } else if (event.key === 'Tab' && target.closest('.score')) {
        event.preventDefault();
        moveScore(event.shiftKey ? -1 : 1);
      } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && state.view === 'focus') {
        event.preventDefault();
        completeNext();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (state.view === 'table') {
      tableKey(event);
      return;
    }
    const onButton = target && (target.tagName === 'BUTTON' || target.tagName === 'SUMMARY') && !target.closest('.score');
    switch (event.key) {
      case 'j':
      case 'ArrowRight':
        if (target && target.type === 'range') return;
        event.preventDefault();
        go(1);
        break;
      case 'k':
      case 'ArrowLeft':
        if (target && target.type === 'range') return;
        event.preventDefault();
        go(-1);
        break;
      case 'Tab':
        event.preventDefault();
        moveScore(event.shiftKey ? -1 : 1);
        break;
      case 'Enter':
        if (onButton) return;
        event.preventDefault();
        completeNext();
        break;
      case 's':
        event.preventDefault();
        skipNext();
        break;
      case 'f':
        event.preventDefault();
        toggleFlag();
        break;
      case 'd':
        event.preventDefault();
        toggleDataset();
        break;
      case 'c':
        event.preventDefault();
        itemComment.focus();
        break;
      case 't':
        event.preventDefault();
        tagInput.focus();
        break;
      case 'u':
        event.preventDefault();
        doUndo();
        break;
      case 'n':
        event.preventDefault();
        if (state.selection) openNoteEditor(state.selection);
        else toast('Select text in a message first.');
        break;
      case 'e': {
        const block = state.scoreBlocks[currentScoreIndex()];
        if (block && block.editor) {
          event.preventDefault();
          block.editor.focus();
        }
        break;
      }
      case 'v':
        event.preventDefault();
        showTable();
        break;
      case '?':
        event.preventDefault();
        openOverlay('help-overlay');
        break;
      case 'Delete':
      case 'Backspace': {
        const block = state.scoreBlocks[currentScoreIndex()];
        if (block) {
          event.preventDefault();
          block.clear();
        }
        break;
      }
      case 'Escape':
        window.getSelection().removeAllRanges();
        updateSelectionTool();
        break;
      default:
        if (/^[1-9]$/.test(event.key)) {
          const block = state.scoreBlocks[currentScoreIndex()];
          if (block && block.choose) {
            event.preventDefault();
            block.choose(Number(event.key) - 1);
          }
        }
    }
  }

  function tableKey(event) {
    switch (event.key) {
      case 'j':
      case 'ArrowDown':
        event.preventDefault();
        selectRow(1);
        break;
      case 'k':
      case 'ArrowUp':
        event.preventDefault();
        selectRow(-1);
        break;
      case 'ArrowRight':
        event.preventDefault();
        page(1);
        break;
      case 'ArrowLeft':
        event.preventDefault();
        page(-1);
        break;
      case 'Enter': {
        const row = state.table.rows[state.table.selected];
        if (row) {
          event.preventDefault();
          showFocus(row.position);
        }
        break;
      }
      case '/':
        event.preventDefault();
        $('table-search').focus();
        break;
      case 'v':
      case 'Escape':
        event.preventDefault();
        showFocus();
        break;
      case '?':
        event.preventDefault();
        openOverlay('help-overlay');
        break;
      default:
        break;
    }
  }

  // ---------------------------------------------------------------- finish

  async function finish() {
    closeOverlays();
    flushEditors();
    setSaveState('saving');
    try {
      await saveChain;
      const result = await api.post('/api/finish', {});
      setSaveState('saved', state.lastSeq || '');
      toast('Sealed: ' + number.format(result.scores) + ' scores written to ' + result.sealed);
      hideBanner();
    } catch (error) {
      setSaveState('error');
      showBanner('Could not seal the bundle: ' + error.message);
    }
  }

  // ---------------------------------------------------------------- start

  function wire() {
    document.addEventListener('keydown', onKey);
    document.addEventListener('selectionchange', () => {
      clearTimeout(state.selectionTimer);
      state.selectionTimer = setTimeout(updateSelectionTool, 120);
    });
    $('selection-add').addEventListener('mousedown', (event) => event.preventDefault());
    $('selection-add').addEventListener('click', () => openNoteEditor(state.selection));
    $('note-save').addEventListener('click', saveNote);
    $('note-cancel').addEventListener('click', closeNoteEditor);
    $('conversation').addEventListener('click', (event) => {
      const mark = event.target.closest('mark.span-mark');
      if (mark) {
        revealCard(mark.dataset.span);
        return;
      }
      const button = event.target.closest('.note-message');
      if (button) {
        const index = Number(button.dataset.message);
        const message = state.messages[index];
        openNoteEditor({ messageIndex: index, start: 0, end: message.text.length, rect: message.body.getBoundingClientRect() });
      }
    });
    $('view-focus').addEventListener('click', () => showFocus());
    $('view-table').addEventListener('click', showTable);
    $('help').addEventListener('click', () => openOverlay('help-overlay'));
    $('help-close').addEventListener('click', () => {
      closeOverlays();
      focusScore(currentScoreIndex());
    });
    $('finish').addEventListener('click', () => openOverlay('finish-overlay'));
    $('finish-cancel').addEventListener('click', closeOverlays);
    $('finish-confirm').addEventListener('click', finish);
    $('banner-close').addEventListener('click', hideBanner);
    $('page-prev').addEventListener('click', () => page(-1));
    $('page-next').addEventListener('click', () => page(1));
    const search = debounce(() => {
      state.table.q = $('table-search').value.trim();
      state.table.offset = 0;
      state.table.selected = 0;
      loadTable();
    }, 200);
    $('table-search').addEventListener('input', search);
    window.addEventListener('beforeunload', (event) => {
      if (state.pendingSaves > 0) {
        event.preventDefault();
        event.returnValue = '';
      }
    });
  }

  async function start() {
    wire();
    renderHelp();
    try {
      state.queue = await api.get('/api/queue');
    } catch (error) {
      setSaveState('error');
      showBanner(error.status === 401 || error.status === 403 ? 'Not signed in: open the URL that quire annotate printed.' : 'Could not load the queue: ' + error.message);
      return;
    }
    state.scores = state.queue.scores;
    state.total = state.queue.progress.total;
    state.lastSeq = state.queue.progress.lastSeq;
    renderQueueHeader();
    renderProgress(state.queue.progress);
    setSaveState('idle', state.lastSeq ? 'All changes saved' : 'No changes yet');
    const hash = location.hash;
    const itemMatch = /^#item=(\d+)$/.exec(hash);
    const tableMatch = /^#table=(\w+):(\d+)$/.exec(hash);
    if (tableMatch && FILTERS.some(([key]) => key === tableMatch[1])) {
      state.table.status = tableMatch[1];
      state.table.offset = (Number(tableMatch[2]) - 1) * state.table.limit;
      await openItem(0, { focus: false });
      showTable();
      return;
    }
    await openItem(itemMatch ? Number(itemMatch[1]) - 1 : 0);
  }

  document.addEventListener('DOMContentLoaded', start);
})();
