/* casework-kit exercise player (DESIGN §12).
 *
 * One classic script (no modules: Chromium refuses them on file:// pages), no framework, nothing
 * loaded from the network. Part 1: what scoring shares (numbers written as kit score writes them).
 * Part 2: the eight types, one block each holding the type's scoring rule (kit/scoring/rules.py in
 * JavaScript, free of the DOM so that node runs it: tests/node/score.cjs) and its controller, next to
 * each other; the type's view is kit/templates/player/<type>.html.j2. Part 3: the page — Submit and
 * Try again, feedback and score in a live region, window.kit.submit and window.kit.attempts, attempts
 * kept in localStorage and "Download my answers".
 *
 * Adding a type: a template kit/templates/player/<type>.html.j2 and a TYPES block below.
 */
(function (root) {
  'use strict';

  // ---------------------------------------------------------------- part 1: what scoring shares (no DOM)

  var DIGITS = 4;

  /* A number as kit score writes it: at most four decimals, no trailing zeros ("0.6667", "1").
   * Python rounds the exact binary value half to even; toFixed(100) gives that exact value's
   * digits, so the rounding is done here on the decimal string and matches Python's every time. */
  function formatNumber(value) {
    if (value === null || value === undefined) return '';
    if (!isFinite(value)) return String(value);
    var negative = value < 0 || (value === 0 && 1 / value < 0);
    var exact = Math.abs(value).toFixed(100);
    var point = exact.indexOf('.');
    var whole = exact.slice(0, point);
    var fraction = exact.slice(point + 1);
    var kept = whole + fraction.slice(0, DIGITS);
    var rest = fraction.slice(DIGITS);
    var up = false;
    if (rest[0] > '5') up = true;
    else if (rest[0] === '5') {
      up = /[1-9]/.test(rest.slice(1)) || Number(kept[kept.length - 1]) % 2 === 1;
    }
    var digits = kept.split('').map(Number);
    if (up) {
      var i = digits.length - 1;
      while (i >= 0 && digits[i] === 9) { digits[i] = 0; i -= 1; }
      if (i < 0) digits.unshift(1); else digits[i] += 1;
    }
    var text = digits.join('');
    var intPart = text.slice(0, text.length - DIGITS).replace(/^0+(?=\d)/, '');
    var fracPart = text.slice(text.length - DIGITS).replace(/0+$/, '');
    var result = fracPart ? intPart + '.' + fracPart : intPart;
    if (result === '0') return '0';
    return (negative ? '-' : '') + result;
  }

  function asNumber(value) {
    return value === null || value === undefined ? null : Number(formatNumber(value));
  }

  function isText(value) { return typeof value === 'string'; }
  function isObject(value) { return value !== null && typeof value === 'object' && !Array.isArray(value); }
  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }
  function sum(values) { return values.reduce(function (total, value) { return total + value; }, 0); }

  function result(status, score, maxScore, extra) {
    var out = { status: status, score: status === 'scored' ? score : null, max_score: maxScore, feedback: [] };
    Object.keys(extra || {}).forEach(function (key) { out[key] = extra[key]; });
    return out;
  }
  function invalid(reason, maxScore) { return result('invalid', null, maxScore, { reason: reason }); }

  // ---------------------------------------------------------------- part 2: the eight types

  /* type → { score(data, answer): the rule of kit/scoring/rules.py, no DOM (data.spec is the exercise
   * as kit.models dumps it, self-study pages only); read(ex): the answer in the controls, undefined
   * when there is nothing to send yet; write(ex, answer): show an answer, false when the controls
   * cannot; setup(ex), reset(ex): optional }. The view is kit/templates/player/<type>.html.j2. */
  var TYPES = {};

  // ---------------------------------------------------------------- single-choice

  /* an option id → its percentage weight, as SingleChoice.weights / MultipleChoice.weights */
  function singleWeights(spec) {
    var weights = new Map();
    spec.options.forEach(function (option) {
      if (!weights.has(option.id)) weights.set(option.id, option.correct ? 100 : (option.weight || 0));
    });
    return weights;
  }
  function multipleWeights(spec) {
    var weighted = spec.options.some(function (option) { return option.weight !== null && option.weight !== undefined; });
    var k = spec.options.filter(function (option) { return option.correct; }).length;
    var weights = new Map();
    spec.options.forEach(function (option) {
      var weight;
      if (weighted) weight = option.weight || 0;
      else if (k === 0) weight = 0;
      else weight = (option.correct ? 100 : -100) / k;
      weights.set(option.id, weight);
    });
    return weights;
  }
  function optionFeedback(spec, chosen) {
    return spec.options.filter(function (option) { return chosen.indexOf(option.id) >= 0 && option.feedback; })
      .map(function (option) { return option.feedback; });
  }

  TYPES['single-choice'] = {
    score: function (data, answer) {
      var spec = data.spec;
      var weights = singleWeights(spec);
      if (!isText(answer) || !weights.has(answer)) return invalid('not an option', spec.points);
      var out = result('scored', spec.points * weights.get(answer) / 100, spec.points);
      out.feedback = optionFeedback(spec, [answer]);
      return out;
    },
    read: function (ex) {
      var checked = ex.controls.querySelector('input:checked');
      return checked ? checked.value : undefined;
    },
    write: function (ex, answer) {
      var inputs = all(ex.controls, 'input');
      inputs.forEach(function (input) { input.checked = input.value === answer; });
      return inputs.some(function (input) { return input.checked; });
    }
  };

  // ---------------------------------------------------------------- multiple-choice

  TYPES['multiple-choice'] = {
    score: function (data, answer) {
      var spec = data.spec;
      if (!Array.isArray(answer)) return invalid('the answer must be a list of option ids', spec.points);
      var weights = multipleWeights(spec);
      for (var i = 0; i < answer.length; i += 1) {
        if (!isText(answer[i]) || !weights.has(answer[i])) return invalid('not an option', spec.points);
      }
      if (new Set(answer).size !== answer.length) return invalid('an option is chosen more than once', spec.points);
      var total = sum(answer.map(function (id) { return weights.get(id); }));
      var out = result('scored', spec.points * clamp(total, 0, 100) / 100, spec.points);
      out.feedback = optionFeedback(spec, answer);
      return out;
    },
    read: function (ex) { return all(ex.controls, 'input:checked').map(function (input) { return input.value; }); },
    write: function (ex, answer) {
      var inputs = all(ex.controls, 'input');
      if (!Array.isArray(answer)) return false;
      inputs.forEach(function (input) { input.checked = answer.indexOf(input.value) >= 0; });
      return answer.every(function (id) { return inputs.some(function (input) { return input.value === id; }); });
    }
  };

  // ---------------------------------------------------------------- ordering

  TYPES['ordering'] = {
    score: function (data, answer) {
      var spec = data.spec;
      var key = spec.items.map(function (item) { return item.id; });
      if (!Array.isArray(answer) || !answer.every(isText)) return invalid('the answer must be a list of item ids', spec.points);
      var a = answer.slice().sort();
      var b = key.slice().sort();
      if (a.length !== b.length || a.some(function (id, i) { return id !== b[i]; })) {
        return invalid('the answer must name every item exactly once', spec.points);
      }
      var position = new Map();
      answer.forEach(function (id, index) { position.set(id, index); });
      var n = key.length;
      var kept = 0;
      for (var i = 0; i < n; i += 1) {
        for (var j = i + 1; j < n; j += 1) if (position.get(key[i]) < position.get(key[j])) kept += 1;
      }
      return result('scored', spec.points * kept / (n * (n - 1) / 2), spec.points);
    },
    setup: function (ex) {
      ex.controls.addEventListener('click', function (event) {
        var button = event.target.closest('[data-kit-move]');
        if (!button || ex.submitted) return;
        var item = button.closest('li');
        var list = item.parentNode;
        var text = item.querySelector('.kit-order-text').textContent;
        var up = button.getAttribute('data-kit-move') === 'up';
        var neighbour = up ? item.previousElementSibling : item.nextElementSibling;
        if (!neighbour) {
          announce(ex, fill(ex.labels[up ? 'first' : 'last'], { item: text }));
          return;
        }
        list.insertBefore(item, up ? neighbour : neighbour.nextElementSibling);
        button.focus(); // moving the item took the focus away from the button pressed
        var items = all(list, 'li');
        announce(ex, fill(ex.labels.moved, { item: text, position: items.indexOf(item) + 1, count: items.length }));
      });
    },
    read: function (ex) { return all(ex.controls, 'li').map(function (li) { return li.getAttribute('data-kit-item'); }); },
    write: function (ex, answer) {
      var list = ex.controls.querySelector('[data-kit-order]');
      var items = all(list, 'li');
      if (!Array.isArray(answer) || answer.length !== items.length) return false;
      var ordered = answer.map(function (id) { return byData(list, 'li', 'data-kit-item', id); });
      if (ordered.some(function (li) { return !li; }) || new Set(ordered).size !== items.length) return false;
      ordered.forEach(function (li) { list.appendChild(li); });
      return true;
    }
  };

  // ---------------------------------------------------------------- matching

  TYPES['matching'] = {
    score: function (data, answer) {
      var spec = data.spec;
      if (!isObject(answer)) return invalid('the answer must map pair ids to pair ids', spec.points);
      var ids = new Set(spec.pairs.map(function (pair) { return pair.id; }));
      var lefts = Object.keys(answer);
      for (var i = 0; i < lefts.length; i += 1) {
        var right = answer[lefts[i]];
        if (!ids.has(lefts[i]) || !isText(right) || !ids.has(right)) return invalid('not a pair', spec.points);
      }
      var correct = lefts.filter(function (left) { return answer[left] === left; }).length;
      return result('scored', spec.points * correct / ids.size, spec.points);
    },
    read: function (ex) {
      var answer = {};
      all(ex.controls, 'select').forEach(function (select) {
        if (select.value) answer[select.getAttribute('data-kit-left')] = select.value;
      });
      return answer;
    },
    write: function (ex, answer) {
      if (!isObject(answer)) return false;
      var selects = all(ex.controls, 'select');
      selects.forEach(function (select) {
        var left = select.getAttribute('data-kit-left');
        select.value = has(answer, left) && isText(answer[left]) ? answer[left] : '';
      });
      return Object.keys(answer).every(function (left) {
        var select = byData(ex.controls, 'select', 'data-kit-left', left);
        return select && select.value === answer[left];
      });
    }
  };

  // ---------------------------------------------------------------- free-text

  function rubricMax(spec) { return sum(spec.rubric.map(function (criterion) { return criterion.points; })); }
  function pending(spec) { return result('pending', null, rubricMax(spec), { rubric: spec.rubric }); }

  /* a word count beside the text areas (guidance only) */
  function countWords(ex) {
    var hint = ex.controls.querySelector('[data-kit-words]');
    if (!hint) return;
    var text = all(ex.controls, 'textarea').map(function (area) { return area.value; }).join(' ');
    var count = text.trim() ? text.trim().split(/\s+/).length : 0;
    if (!ex.wordsHint) ex.wordsHint = hint.textContent;
    hint.textContent = (ex.wordsHint ? ex.wordsHint + ' ' : '') + fill(ex.labels.words, { count: count });
  }
  function watchWords(ex) {
    ex.controls.addEventListener('input', function () { countWords(ex); });
    countWords(ex);
  }

  TYPES['free-text'] = {
    score: function (data, answer) {
      if (!isText(answer)) return invalid('the answer must be text', rubricMax(data.spec));
      return pending(data.spec);
    },
    setup: function (ex) { watchWords(ex); },
    read: function (ex) { return ex.controls.querySelector('textarea').value; },
    write: function (ex, answer) {
      ex.controls.querySelector('textarea').value = isText(answer) ? answer : '';
      countWords(ex);
      return isText(answer);
    }
  };

  // ---------------------------------------------------------------- case-discussion

  TYPES['case-discussion'] = {
    score: function (data, answer) {
      var spec = data.spec;
      if (!isObject(answer)) return invalid('the answer must map dimension ids to text', rubricMax(spec));
      var dimensions = new Set(data.dimensions);
      var keys = Object.keys(answer);
      for (var i = 0; i < keys.length; i += 1) {
        if (!dimensions.has(keys[i]) || !isText(answer[keys[i]])) return invalid('not a dimension with text', rubricMax(spec));
      }
      return pending(spec);
    },
    setup: function (ex) { watchWords(ex); },
    read: function (ex) {
      var answer = {};
      all(ex.controls, 'textarea').forEach(function (area) {
        if (area.value.trim()) answer[area.getAttribute('data-kit-dimension')] = area.value;
      });
      return answer;
    },
    write: function (ex, answer) {
      if (!isObject(answer)) return false;
      var areas = all(ex.controls, 'textarea');
      areas.forEach(function (area) {
        var id = area.getAttribute('data-kit-dimension');
        area.value = has(answer, id) && isText(answer[id]) ? answer[id] : '';
      });
      countWords(ex);
      return Object.keys(answer).every(function (id) {
        return isText(answer[id]) && areas.some(function (area) { return area.getAttribute('data-kit-dimension') === id; });
      });
    }
  };

  // ---------------------------------------------------------------- likert

  TYPES['likert'] = {
    score: function (data, answer) {
      if (!isObject(answer)) return invalid('the answer must map statement ids to numbers', 0);
      var statements = new Set(data.spec.statements.map(function (statement) { return statement.id; }));
      var top = data.scale_length;
      var keys = Object.keys(answer);
      for (var i = 0; i < keys.length; i += 1) {
        var value = answer[keys[i]];
        if (!statements.has(keys[i]) || typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > top) {
          return invalid('not a statement with a whole number on the scale', 0);
        }
      }
      return result('recorded', null, 0);
    },
    read: function (ex) {
      var answer = {};
      all(ex.controls, '[data-kit-statement]').forEach(function (group) {
        var checked = group.querySelector('input:checked');
        if (checked) answer[group.getAttribute('data-kit-statement')] = Number(checked.value);
      });
      return answer;
    },
    write: function (ex, answer) {
      if (!isObject(answer)) return false;
      var groups = all(ex.controls, '[data-kit-statement]');
      groups.forEach(function (group) {
        var id = group.getAttribute('data-kit-statement');
        all(group, 'input').forEach(function (input) {
          input.checked = has(answer, id) && Number(input.value) === answer[id];
        });
      });
      return Object.keys(answer).every(function (id) {
        var group = byData(ex.controls, '[data-kit-statement]', 'data-kit-statement', id);
        return group && group.querySelector('input:checked');
      });
    }
  };

  // ---------------------------------------------------------------- scenario

  /* scenario: the largest total from each node to an ending (Scenario.best_totals) */
  function bestTotal(spec) {
    var nodes = nodeMap(spec);
    var best = new Map();
    var stack = [spec.start];
    while (stack.length) {
      var id = stack[stack.length - 1];
      var node = nodes.get(id);
      var choices = node.choices || [];
      var waiting = choices.filter(function (choice) { return !best.has(choice.goto); });
      if (waiting.length) { waiting.forEach(function (choice) { stack.push(choice.goto); }); continue; }
      stack.pop();
      if (!choices.length) { best.set(id, 0); continue; }
      best.set(id, Math.max.apply(null, choices.map(function (choice) {
        return choiceTotal(choice) + best.get(choice.goto);
      })));
    }
    return best.get(spec.start);
  }
  function nodeMap(spec) {
    var nodes = new Map();
    spec.nodes.forEach(function (node) { if (!nodes.has(node.id)) nodes.set(node.id, node); });
    return nodes;
  }
  function choiceTotal(choice) {
    var score = choice.score || {};
    return sum(Object.keys(score).map(function (key) { return score[key]; }));
  }

  /* walking: the node reached by ex.path from the start, drawn from its template */
  function nodeTemplate(ex, id) { return byData(ex.walk, 'template', 'data-kit-node', id); }
  function currentNodeId(ex) {
    var id = ex.walk.getAttribute('data-kit-start');
    ex.path.forEach(function (choiceId) {
      var template = nodeTemplate(ex, id);
      var button = template && byData(template.content, '[data-kit-choice]', 'data-kit-choice', choiceId);
      id = button ? button.getAttribute('data-kit-goto') : null;
    });
    return id;
  }
  function currentNode(ex) {
    var template = nodeTemplate(ex, currentNodeId(ex));
    return template ? template.content : null;
  }
  function atEnding(ex) {
    var node = currentNode(ex);
    return Boolean(node) && !node.querySelector('[data-kit-choice]');
  }
  function showNode(ex, moveFocus) {
    var stage = ex.walk.querySelector('[data-kit-stage]');
    var template = nodeTemplate(ex, currentNodeId(ex));
    stage.textContent = '';
    if (template) stage.appendChild(document.importNode(template.content, true));
    var path = ex.walk.querySelector('[data-kit-path]');
    path.textContent = '';
    var id = ex.walk.getAttribute('data-kit-start');
    ex.path.forEach(function (choiceId) {
      var node = nodeTemplate(ex, id);
      var button = node && byData(node.content, '[data-kit-choice]', 'data-kit-choice', choiceId);
      if (!button) return;
      path.appendChild(make('li', {}, button.textContent));
      id = button.getAttribute('data-kit-goto');
    });
    path.hidden = ex.path.length === 0;
    all(ex.walk, '.kit-walk-moves [data-kit-action]').forEach(function (button) {
      button.hidden = ex.path.length === 0 || ex.submitted;
    });
    all(stage, '[data-kit-choice]').forEach(function (button) { button.disabled = ex.submitted; });
    all(stage, '.kit-ending').forEach(function (note) { note.hidden = ex.submitted; });
    ex.submit.hidden = !atEnding(ex) || ex.submitted;
    if (moveFocus) stage.focus();
  }

  TYPES['scenario'] = {
    score: function (data, answer) {
      var spec = data.spec;
      if (!Array.isArray(answer)) return invalid('the answer must be the list of choice ids taken', spec.points);
      var nodes = nodeMap(spec);
      var node = nodes.get(spec.start);
      var competencies = {};
      var feedback = [];
      for (var step = 0; step < answer.length; step += 1) {
        if (!node.choices || !node.choices.length) return invalid('the path already ended', spec.points);
        var choice = null;
        for (var c = 0; c < node.choices.length; c += 1) {
          if (node.choices[c].id === answer[step]) { choice = node.choices[c]; break; }
        }
        if (choice === null) return invalid('not a choice at this step', spec.points);
        Object.keys(choice.score || {}).forEach(function (key) {
          competencies[key] = (has(competencies, key) ? competencies[key] : 0) + choice.score[key];
        });
        if (choice.feedback) feedback.push(choice.feedback);
        node = nodes.get(choice.goto);
      }
      if (node.choices && node.choices.length) return invalid('the path stops before an ending', spec.points);
      var raw = sum(Object.keys(competencies).map(function (key) { return competencies[key]; }));
      var best = bestTotal(spec);
      var out = result('scored', spec.points * clamp(raw, 0, best) / best, spec.points,
        { competencies: competencies, ending: node.id, outcome: node.outcome });
      out.feedback = feedback;
      return out;
    },
    setup: function (ex) {
      ex.path = [];
      ex.walk = ex.controls.querySelector('[data-kit-walk]');
      ex.walk.addEventListener('click', function (event) {
        var choice = event.target.closest('[data-kit-choice]');
        if (choice && !ex.submitted) {
          ex.path.push(choice.getAttribute('data-kit-choice'));
          showNode(ex, true);
          return;
        }
        var action = event.target.closest('[data-kit-action]');
        if (!action || ex.submitted) return;
        if (action.getAttribute('data-kit-action') === 'back') ex.path.pop();
        if (action.getAttribute('data-kit-action') === 'restart') ex.path = [];
        showNode(ex, true);
      });
      showNode(ex, false);
    },
    read: function (ex) { return atEnding(ex) ? ex.path.slice() : undefined; },
    write: function (ex, answer) {
      ex.path = [];
      var ok = Array.isArray(answer);
      for (var i = 0; ok && i < answer.length; i += 1) {
        var node = currentNode(ex);
        var button = node && byData(node, '[data-kit-choice]', 'data-kit-choice', answer[i]);
        if (button) ex.path.push(answer[i]); else ok = false;
      }
      showNode(ex, false);
      return ok && atEnding(ex);
    },
    reset: function (ex) { ex.path = []; showNode(ex, false); }
  };

  // ---------------------------------------------------------------- the scorer (self-study pages, node)

  /* Score one answer as kit score would write it for a single attempt (numbers rounded the same way). */
  function score(data, answer) {
    var type = TYPES[data.type];
    if (!type) throw new Error("the player cannot score exercises of type '" + data.type + "'");
    var out = type.score(data, answer);
    out.score = asNumber(out.score);
    out.max_score = asNumber(out.max_score);
    return out;
  }

  var kit = root.kit = root.kit || {};
  kit.scoring = { score: score, formatNumber: formatNumber, types: TYPES };

  if (typeof document === 'undefined') return;

  // ---------------------------------------------------------------- part 3: the page

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) { return has(values, name) ? String(values[name]) : whole; });
  }
  function make(tag, attributes, text) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    if (text !== undefined) element.textContent = text;
    return element;
  }
  function all(element, selector) { return Array.prototype.slice.call(element.querySelectorAll(selector)); }
  function byData(element, selector, name, value) {
    return all(element, selector).filter(function (found) { return found.getAttribute(name) === value; })[0] || null;
  }

  function announce(ex, text) {
    ex.announce.textContent = '';
    ex.announce.textContent = text;
  }

  // -- showing a result
  function formatShown(ex, value) {
    try {
      return new Intl.NumberFormat(ex.language, { maximumFractionDigits: DIGITS }).format(value);
    } catch (error) {
      return formatNumber(value);
    }
  }
  function showResult(ex, out) {
    var region = ex.result;
    region.textContent = '';
    var labels = ex.labels;
    var line = make('p', { class: 'kit-score', 'data-kit-status': out.status });
    if (out.status === 'scored') {
      line.setAttribute('data-kit-score', String(out.score));
      line.setAttribute('data-kit-max-score', String(out.max_score));
      line.textContent = fill(labels.score, { score: formatShown(ex, out.score), max: formatShown(ex, out.max_score) });
    } else if (out.status === 'pending') {
      line.textContent = ex.mode === 'self-study' ? labels.pending_self : labels.pending;
    } else if (out.status === 'recorded') {
      line.textContent = labels.recorded;
    } else {
      line.textContent = fill(labels.invalid, { reason: out.reason || '' });
    }
    region.appendChild(line);
    if (out.outcome) region.appendChild(make('p', { class: 'kit-outcome' }, labels.outcome + ': ' + out.outcome));
    if (out.feedback && out.feedback.length) {
      region.appendChild(make('p', { class: 'kit-label' }, labels.feedback));
      var list = make('ul', { class: 'kit-feedback-list' });
      out.feedback.forEach(function (text) { list.appendChild(make('li', {}, text)); });
      region.appendChild(list);
    }
    if (out.rubric && out.rubric.length) showRubric(ex, out.rubric);
  }
  /* the rubric as a self-check list: ticking a box helps the reader, it never changes a score */
  function showRubric(ex, rubric) {
    var box = make('fieldset', { class: 'kit-self-check' });
    box.appendChild(make('legend', {}, ex.labels.self_check));
    rubric.forEach(function (criterion, index) {
      var id = 'kit-' + ex.id + '-check-' + (index + 1);
      var row = make('div', { class: 'kit-option' });
      row.appendChild(make('input', { type: 'checkbox', id: id }));
      row.appendChild(make('label', { for: id }, criterion.criterion + ' (' + formatShown(ex, criterion.points) + ')'));
      box.appendChild(row);
    });
    ex.result.appendChild(box);
  }

  function lock(ex, locked) {
    ex.submitted = locked;
    all(ex.controls, 'input, select, textarea').forEach(function (control) { control.disabled = locked; });
    all(ex.controls, '[data-kit-move]').forEach(function (button) { button.disabled = locked; });
    ex.retry.hidden = !locked;
    ex.submit.hidden = locked;
    if (ex.type === 'scenario') showNode(ex, false);
  }

  function retry(ex) {
    lock(ex, false);
    ex.result.textContent = '';
    var controller = TYPES[ex.type];
    if (controller.reset) controller.reset(ex);
  }

  // -- answering: scored in the page (self-study) or by the server (workshop)
  function send(ex, answer) {
    var promise = ex.mode === 'self-study' ? Promise.resolve(score(ex.data, answer)) : post(ex, answer);
    return promise.then(function (out) {
      var focusRetry = document.activeElement === ex.submit;
      var attempt = store.record(ex, answer);
      lock(ex, true);
      showResult(ex, out);
      if (focusRetry) ex.retry.focus();
      store.update();
      return { status: out.status, score: out.score, max_score: out.max_score, feedback: out.feedback || [], attempt: attempt };
    });
  }

  function apiBase() {
    var base = document.documentElement.getAttribute('data-kit-api') || 'api/v1/';
    return new URL(base, document.baseURI);
  }
  function postJSON(path, body) {
    return fetch(new URL(path, apiBase()), {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }
  function post(ex, answer) {
    return postJSON('answers', { exercise: ex.id, answer: answer }).then(function (reply) {
      // on a JupyterHub the hub says who is who: no pseudonym to type, only its sentence to show
      var hub = document.documentElement.getAttribute('data-kit-identity') === 'hub';
      if ((reply.status === 401 || reply.status === 403) && !hub) {
        return join(ex).then(function () { return post(ex, answer); });
      }
      if (!reply.ok) {
        var message = reply.data.error || ('HTTP ' + reply.status);
        ex.result.textContent = fill(ex.labels.send_failed, { error: message });
        throw new Error(message);
      }
      return reply.data;
    });
  }
  /* no cookie yet: a short join form in the page's language, then the answer is sent again */
  function join(ex) {
    return new Promise(function (resolve, reject) {
      var id = 'kit-' + ex.id + '-pseudonym';
      var form = make('form', { class: 'kit-join' });
      form.appendChild(make('p', {}, ex.labels.join_intro));
      form.appendChild(make('label', { for: id }, ex.labels.pseudonym));
      var input = make('input', { id: id, type: 'text', autocomplete: 'nickname', required: '' });
      form.appendChild(input);
      form.appendChild(make('button', { type: 'submit', class: 'kit-button kit-primary' }, ex.labels.join));
      var message = make('p', { class: 'kit-join-message', 'aria-live': 'polite' });
      form.appendChild(message);
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        postJSON('join', { pseudonym: input.value }).then(function (reply) {
          if (!reply.ok) { message.textContent = reply.data.error || ('HTTP ' + reply.status); return; }
          store.pseudonym = input.value.trim(); // names this page's attempts (kit.attempts)
          form.remove();
          resolve();
        }, function (error) { form.remove(); reject(error); });
      });
      ex.result.textContent = '';
      ex.result.parentNode.insertBefore(form, ex.result);
      input.focus();
    });
  }

  // -- attempts: in memory (workshop) or in localStorage under the book's key (self-study)
  var store = {
    memory: [],
    pseudonym: '',
    warned: false, // say what was skipped once per page, not on every read
    book: function () {
      var meta = document.querySelector('meta[name="kit-book"]');
      return document.documentElement.getAttribute('data-kit-book') || (meta && meta.content) || 'book';
    },
    key: function (what) { return 'casework-kit:' + store.book() + ':' + what; },
    persistent: function () { return exercises.some(function (ex) { return ex.mode === 'self-study'; }); },
    settings: function () {
      try {
        var value = JSON.parse(root.localStorage.getItem(store.key('settings')) || '{}');
        return isObject(value) ? value : {};
      } catch (error) {
        console.warn('casework-kit: the saved settings cannot be read, starting afresh', error);
        return {};
      }
    },
    saveSettings: function (settings) { root.localStorage.setItem(store.key('settings'), JSON.stringify(settings)); },
    load: function () {
      if (!store.persistent()) return store.memory.slice();
      var warn = store.warned ? function () {} : console.warn.bind(console);
      store.warned = true;
      var raw;
      try {
        raw = JSON.parse(root.localStorage.getItem(store.key('attempts')) || '[]');
      } catch (error) {
        warn('casework-kit: the saved answers cannot be read; they are skipped', error);
        return [];
      }
      if (!Array.isArray(raw)) {
        warn('casework-kit: the saved answers are not a list; they are skipped');
        return [];
      }
      return raw.filter(function (attempt) {
        var ok = isObject(attempt) && isText(attempt.exercise) && isText(attempt.session) &&
          isText(attempt.participant) && has(attempt, 'answer') && isText(attempt.submitted_at) &&
          !isNaN(Date.parse(attempt.submitted_at));
        if (!ok) warn('casework-kit: skipped a saved answer that cannot be read', attempt);
        return ok;
      });
    },
    record: function (ex, answer) {
      var settings = store.persistent() ? store.settings() : {};
      var attempt = {
        session: settings.session || (ex.mode === 'self-study' ? 'self-study' : ''),
        participant: settings.pseudonym || store.pseudonym || '',
        exercise: ex.id,
        answer: answer,
        submitted_at: new Date().toISOString()
      };
      if (ex.mode === 'self-study') {
        var attempts = store.load();
        attempts.push(attempt);
        try {
          root.localStorage.setItem(store.key('attempts'), JSON.stringify(attempts));
        } catch (error) {
          console.warn('casework-kit: this browser did not keep the answer', error);
        }
      } else {
        store.memory.push(attempt);
      }
      return attempt;
    },
    /* every attempt as a §6 response; a missing pseudonym or session is the one set now */
    attempts: function () {
      var settings = store.persistent() ? store.settings() : {};
      return store.load().map(function (attempt) {
        return {
          session: attempt.session || settings.session || 'self-study',
          participant: attempt.participant || settings.pseudonym || '',
          exercise: attempt.exercise,
          answer: attempt.answer,
          submitted_at: attempt.submitted_at
        };
      });
    },
    update: function () {
      if (studyBar) studyBar.count.textContent = fill(studyBar.labels.saved, { count: store.load().length });
    }
  };

  // -- the self-study bar: pseudonym (asked once), session, "Download my answers"
  var studyBar = null;
  function buildStudyBar(last) {
    var labels = last.labels;
    var settings = store.settings();
    var section = make('section', { class: 'kit-study', lang: last.language, 'aria-labelledby': 'kit-study-title' });
    section.appendChild(make('h2', { id: 'kit-study-title' }, labels.study_title));
    var count = make('p', { 'data-kit-saved': '' });
    section.appendChild(count);
    function field(id, label, value) {
      var row = make('div', { class: 'kit-field' });
      row.appendChild(make('label', { for: id }, label));
      var input = make('input', { id: id, type: 'text' });
      input.value = value || '';
      row.appendChild(input);
      section.appendChild(row);
      return input;
    }
    var pseudonym = field('kit-study-pseudonym', labels.pseudonym, settings.pseudonym);
    pseudonym.setAttribute('autocomplete', 'nickname');
    var session = field('kit-study-session', labels.session, settings.session || 'self-study');
    function save() {
      store.saveSettings({ pseudonym: pseudonym.value.trim(), session: session.value.trim() || 'self-study' });
    }
    pseudonym.addEventListener('change', save);
    session.addEventListener('change', save);
    var button = make('button', { type: 'button', class: 'kit-button kit-primary', 'data-kit-action': 'download' }, labels.download);
    var message = make('p', { class: 'kit-study-message', 'aria-live': 'polite' });
    button.addEventListener('click', function () {
      save();
      if (!pseudonym.value.trim()) {
        message.textContent = labels.need_pseudonym;
        pseudonym.focus();
        return;
      }
      message.textContent = '';
      download();
    });
    section.appendChild(button);
    section.appendChild(message);
    last.el.parentNode.insertBefore(section, last.el.nextSibling);
    studyBar = { labels: labels, count: count };
    store.update();
  }
  function answersFile() {
    return store.attempts().map(function (attempt) { return JSON.stringify(attempt); }).join('\n') + '\n';
  }
  function download() {
    var blob = new Blob([answersFile()], { type: 'application/x-ndjson' });
    var link = make('a', { href: URL.createObjectURL(blob), download: 'answers-' + store.book().replace(/[^\w.-]+/g, '-') + '.jsonl' });
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  // -- set-up of each exercise; one that fails shows a message and the rest still work
  var exercises = [];
  function setup(el) {
    var dataBlock = el.querySelector('script[data-kit-data]');
    var data = JSON.parse(dataBlock.textContent);
    var controller = TYPES[data.type];
    if (!controller) throw new Error("no controller for type '" + data.type + "'");
    if (el.getAttribute('data-kit-mode') === 'self-study' && !data.spec) throw new Error('no exercise data in the page');
    var ex = {
      el: el, id: data.id, type: data.type, data: data, labels: data.labels, language: el.lang || data.language,
      mode: el.getAttribute('data-kit-mode') || document.documentElement.getAttribute('data-kit-mode') || 'self-study',
      controls: el.querySelector('.kit-controls'), submit: el.querySelector('[data-kit-action="submit"]'),
      retry: el.querySelector('[data-kit-action="retry"]'), result: el.querySelector('[data-kit-result]'),
      announce: el.querySelector('[data-kit-announce]'), submitted: false
    };
    if (controller.setup) controller.setup(ex);
    ex.submit.addEventListener('click', function () {
      var answer = controller.read(ex);
      if (answer === undefined) { ex.result.textContent = ex.labels.nothing; return; }
      send(ex, answer).catch(function (error) {
        // a refused answer already says why; a network failure says so here
        if (!ex.result.textContent) ex.result.textContent = fill(ex.labels.send_failed, { error: error.message });
        console.error('casework-kit:', error);
      });
    });
    ex.retry.addEventListener('click', function () {
      retry(ex);
      var first = ex.controls.querySelector('input, select, textarea, button:not([hidden])');
      if (first) first.focus();
    });
    return ex;
  }
  function broken(el, error) {
    console.error('casework-kit: exercise ' + el.getAttribute('data-kit-exercise') + ' cannot be shown:', error);
    el.classList.add('kit-broken');
    var note = make('p', { class: 'kit-broken-message', role: 'alert' }, el.getAttribute('data-kit-broken') || 'This exercise cannot be shown here.');
    el.insertBefore(note, el.firstChild);
    all(el, 'input, select, textarea, button').forEach(function (control) { control.disabled = true; });
  }
  /* after a reload, each exercise shows its latest saved attempt */
  function restore() {
    var latest = {};
    store.load().forEach(function (attempt) {
      var seen = latest[attempt.exercise];
      if (!seen || Date.parse(attempt.submitted_at) >= Date.parse(seen.submitted_at)) latest[attempt.exercise] = attempt;
    });
    exercises.forEach(function (ex) {
      var attempt = latest[ex.id];
      if (!attempt || ex.mode !== 'self-study') return;
      try {
        TYPES[ex.type].write(ex, attempt.answer);
        lock(ex, true);
        showResult(ex, score(ex.data, attempt.answer));
      } catch (error) {
        console.warn('casework-kit: skipped a saved answer to ' + ex.id + ' that cannot be shown', error);
        retry(ex);
      }
    });
  }

  function start() {
    all(document, '[data-kit-exercise]').forEach(function (el) {
      try {
        exercises.push(setup(el));
      } catch (error) {
        broken(el, error);
      }
    });
    var study = exercises.filter(function (ex) { return ex.mode === 'self-study'; });
    if (study.length) {
      restore();
      buildStudyBar(study[study.length - 1]);
    }
  }

  kit.submit = function (id, answer) {
    var ex = exercises.filter(function (candidate) { return candidate.id === id; })[0];
    if (!ex) return Promise.reject(new Error("no exercise '" + id + "' on this page"));
    if (ex.submitted) retry(ex);
    TYPES[ex.type].write(ex, answer);
    return send(ex, answer).then(function (out) {
      delete out.attempt;
      return out;
    });
  };
  /* the attempts at this page's exercises (the download holds the whole book's) */
  kit.attempts = function () {
    var here = exercises.map(function (ex) { return ex.id; });
    return store.attempts().filter(function (attempt) { return here.indexOf(attempt.exercise) >= 0; });
  };
  kit.answersFile = answersFile;

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(typeof window !== 'undefined' ? window : globalThis);
