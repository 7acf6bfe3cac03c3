// The operator dashboard: plain browser JavaScript (no build step) over the admin API's JSON, charts by
// Apache ECharts (served from the app's own node_modules, no CDN). The token lives in sessionStorage
// only, and goes out as a Bearer header to the same origin.
'use strict';

const API = '/api/v1/admin';
const TOKEN_KEY = 'loan-admin-token';
const $ = (id) => document.getElementById(id);
const charts = {};

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function api(path, init = {}) {
  const res = await fetch(API + path, { ...init, headers: { ...(init.headers || {}), Authorization: `Bearer ${token()}` } });
  if (res.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin('The token was refused.');
    throw new Error('unauthorised');
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${res.status}: ${Array.isArray(body.message) ? body.message.join('; ') : body.message || res.statusText}`);
  return body;
}

function showLogin(message) {
  $('board').hidden = true;
  $('logout').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
}

function showBoard() {
  $('login').hidden = true;
  $('board').hidden = false;
  $('logout').hidden = false;
  void refresh();
}

function chart(id) {
  if (!charts[id]) charts[id] = echarts.init($(id), null, { renderer: 'canvas' });
  return charts[id];
}

const fmt = (x, digits = 3) => (x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toFixed(digits));
const pct = (x) => (x === null || x === undefined ? null : 100 * x);
const cell = (text) => {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '–' : String(text);
  return td;
};

/** The frame every chart over a category axis shares: tooltip, legend below, grid, the x axis. */
function frame(x, right = 20) {
  return { tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 50, right, bottom: 64 }, xAxis: { type: 'category', data: x } };
}

function drawQuality(days) {
  const x = days.map((d) => d.day);
  const ev = (k) => days.map((d) => (d.evaluation ? d.evaluation[k] : null));
  chart('chart-quality').setOption({
    ...frame(x),
    yAxis: { type: 'value', min: 0, max: 1 },
    series: [
      { name: 'F1', type: 'line', data: ev('f1'), connectNulls: false },
      { name: 'PR-AUC', type: 'line', data: ev('prAuc') },
      { name: 'ROC-AUC', type: 'line', data: ev('rocAuc') },
      { name: 'F1 bar', type: 'line', data: ev('f1Threshold'), lineStyle: { type: 'dashed' }, symbol: 'rect', symbolSize: 5 },
      {
        name: 'retrain asked',
        type: 'scatter',
        symbolSize: 10,
        data: days.map((d) => (d.evaluation && d.evaluation.decision === 'retrain' ? d.evaluation.f1 : null)),
      },
    ],
  });
}

function drawTrigger(days) {
  const x = days.map((d) => d.day);
  chart('chart-trigger').setOption({
    ...frame(x),
    yAxis: { type: 'value', name: 'z' },
    series: [
      { name: 'z (decay test)', type: 'bar', data: days.map((d) => (d.evaluation ? d.evaluation.z : null)) },
      {
        name: 'critical value',
        type: 'line',
        symbol: 'rect', // visible on a one-day range too, where a line has no segment
        symbolSize: 5,
        lineStyle: { type: 'dashed' },
        data: days.map((d) => (d.evaluation ? d.evaluation.critical : null)),
      },
    ],
  });
}

function drawDrift(drift) {
  const data = [];
  drift.features.forEach((_, f) => drift.days.forEach((_, d) => data.push([d, f, drift.ratio[f][d] === null ? '-' : Number(drift.ratio[f][d].toFixed(3))])));
  chart('chart-drift').setOption({
    tooltip: { formatter: (p) => `${drift.features[p.value[1]]} on ${drift.days[p.value[0]]}: ${p.value[2]} × threshold` },
    grid: { left: 110, right: 20, bottom: 80 },
    xAxis: { type: 'category', data: drift.days },
    yAxis: { type: 'category', data: drift.features },
    visualMap: { min: 0, max: 2, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#f7fbff', '#fdd49e', '#d7301f'] } },
    series: [{ name: 'drift', type: 'heatmap', data }],
  });
}

function drawDataQuality(days) {
  const x = days.map((d) => d.day);
  const q = (f) => days.map((d) => (d.quality ? f(d.quality) : null));
  chart('chart-quality-data').setOption({
    ...frame(x, 50),
    yAxis: [
      { type: 'value', name: '% of cells' },
      { type: 'value', name: 'rows' },
    ],
    series: [
      { name: 'missing %', type: 'line', data: q((v) => pct(v.missingRate)) },
      { name: 'outliers %', type: 'line', data: q((v) => pct(v.outlierRate)) },
      { name: 'quarantined rows', type: 'bar', yAxisIndex: 1, data: q((v) => v.quarantinedRows) },
      { name: 'duplicates', type: 'bar', yAxisIndex: 1, data: q((v) => v.duplicates) },
    ],
  });
}

function drawVersions(versions, deployments) {
  const when = (iso) => (iso ? new Date(iso).getTime() : null);
  const mark = (action) =>
    deployments.filter((d) => d.action === action && d.toVersion !== null && d.at).map((d) => ({ value: [when(d.at), d.toVersion], name: `${action} v${d.toVersion}: ${d.reason}` }));
  chart('chart-versions').setOption({
    tooltip: { formatter: (p) => p.data.name || `v${p.value[1]}` },
    legend: { bottom: 0 },
    grid: { left: 50, right: 20, bottom: 64 },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: 'version', minInterval: 1 },
    series: [
      {
        name: 'versions',
        type: 'scatter',
        symbolSize: 8,
        data: versions.map((v) => ({ value: [when(v.createdAt), v.version], name: `v${v.version} ${v.kind}${v.alias ? ` (${v.alias})` : ''}, F1 ${fmt(v.f1)}` })),
      },
      { name: 'promotions', type: 'scatter', symbol: 'triangle', symbolSize: 16, data: mark('promote') },
      { name: 'rollbacks', type: 'scatter', symbol: 'diamond', symbolSize: 16, data: mark('rollback') },
      { name: 'challengers', type: 'scatter', symbol: 'rect', symbolSize: 12, data: mark('challenger') },
    ],
  });
  const body = $('deployments').querySelector('tbody');
  body.replaceChildren(
    ...deployments.slice(0, 30).map((d) => {
      const tr = document.createElement('tr');
      tr.append(cell(d.at && d.at.replace('T', ' ').slice(0, 19)), cell(d.day), cell(d.action), cell(d.actor), cell(d.fromVersion), cell(d.toVersion), cell(d.reason));
      return tr;
    }),
  );
}

function drawAlerts(alerts) {
  const body = $('alerts').querySelector('tbody');
  $('no-alerts').hidden = alerts.length > 0;
  body.replaceChildren(
    ...alerts.map((a) => {
      const tr = document.createElement('tr');
      tr.dataset.alertId = a.id;
      tr.className = `severity-${a.severity.toLowerCase()}`;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Acknowledge';
      button.className = 'ack';
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          await api(`/alerts/${encodeURIComponent(a.id)}/ack`, { method: 'POST' });
          await refresh();
        } catch (e) {
          button.disabled = false;
          $('status').textContent = `acknowledge failed: ${e.message}`;
        }
      });
      const actions = document.createElement('td');
      actions.append(button);
      tr.append(cell(a.at && a.at.replace('T', ' ').slice(0, 19)), cell(a.severity), cell(a.day), cell(a.message), actions);
      return tr;
    }),
  );
}

function drawCards(o) {
  const alias = (name) => (o.aliases.find((a) => a.alias === name) || {}).version;
  const champion = alias('champion');
  const last = [...o.days].reverse().find((d) => d.evaluation);
  $('card-champion').textContent =
    champion === undefined || champion === null ? 'none' : `v${champion}${last ? ` · F1 ${fmt(last.evaluation.f1)} (bar ${fmt(last.evaluation.f1Threshold)}) on ${last.day}` : ''}`;
  const challenger = alias('challenger');
  $('card-challenger').textContent = challenger === undefined || challenger === null ? 'none' : `v${challenger}`;
  $('card-shadow').textContent = o.shadow
    ? `${o.shadow.agreement === null ? '–' : `${(100 * o.shadow.agreement).toFixed(1)}%`} of ${o.shadow.compared} compared (v${o.shadow.challenger})`
    : 'no challenger in shadow';
  const critical = o.openAlerts.filter((a) => a.severity === 'CRITICAL').length;
  $('card-alerts').textContent = `${o.openAlerts.length} open, ${critical} critical`;
}

async function loadSimulations() {
  const list = await api('/dashboard/simulations');
  $('simulations').replaceChildren(
    ...list.map((s) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = '#';
      a.textContent = `${s.name}: ${s.description || ''} (${s.days} days)`;
      a.addEventListener('click', (e) => {
        e.preventDefault();
        void showSimulation(s.name);
      });
      li.append(a);
      return li;
    }),
  );
  if (!list.length) $('simulations').textContent = 'No reports yet (npm run simulate writes them).';
}

async function showSimulation(name) {
  const r = await api(`/dashboard/simulations/${encodeURIComponent(name)}`);
  $('simulation').hidden = false;
  $('simulation-title').textContent = `${name}: ${r.context.description || ''}`;
  $('simulation-report').textContent = r.report || '';
  const x = r.days.map((d) => d.date);
  const auc = (k) => r.days.map((d) => (d[k] ? d[k].rocAuc : null));
  chart('chart-simulation').setOption({
    ...frame(x),
    yAxis: [
      { type: 'value', name: 'ROC-AUC', scale: true },
      { type: 'value', min: 0, max: 1, show: false },
    ],
    series: [
      { name: 'champion', type: 'line', data: auc('champion') },
      { name: 'never retrained', type: 'line', data: auc('stale') },
      { name: 'oracle', type: 'line', data: auc('oracle'), lineStyle: { type: 'dotted' } },
      { name: 'drifting', type: 'bar', yAxisIndex: 1, barWidth: '90%', itemStyle: { opacity: 0.12 }, data: r.days.map((d) => (d.drifting ? 1 : null)) },
    ],
  });
}

async function refresh() {
  const days = $('days').value;
  const to = $('to').value;
  $('status').textContent = 'loading…';
  try {
    const o = await api(`/dashboard?days=${encodeURIComponent(days)}${to ? `&to=${encodeURIComponent(to)}` : ''}`);
    if (!to) $('to').value = o.to;
    drawCards(o);
    drawQuality(o.days);
    drawTrigger(o.days);
    drawDrift(o.drift);
    drawDataQuality(o.days);
    drawVersions(o.versions, o.deployments);
    drawAlerts(o.openAlerts);
    await loadSimulations();
    $('status').textContent = `${o.days.length} days from ${o.from} to ${o.to}`;
    document.body.dataset.loaded = 'true';
  } catch (e) {
    if (e.message !== 'unauthorised') $('status').textContent = `failed: ${e.message}`;
  }
}

window.addEventListener('DOMContentLoaded', () => {
  $('login').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value);
    showBoard();
  });
  $('logout').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin();
  });
  $('refresh').addEventListener('click', () => void refresh());
  $('days').addEventListener('change', () => void refresh());
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  if (token()) showBoard();
  else showLogin();
});
