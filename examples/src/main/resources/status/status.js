// The status page: polls /api/torrents every second. The token for pause, resume and remove comes from the page's
// address (#token=...) and stays in this browser's localStorage; without it the buttons are not shown.
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.get('token')) localStorage.setItem('yamtorrent.token', fragment.get('token'));
const token = localStorage.getItem('yamtorrent.token') || '';

function bytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let u = 0;
  while (n >= 1024 && u < units.length - 1) { n /= 1024; u++; }
  return (u ? n.toFixed(1) : Math.round(n)) + ' ' + units[u];
}

function eta(s) {
  if (s < 0) return '–';
  return s >= 3600 ? Math.floor(s / 3600) + 'h' + String(Math.floor(s / 60) % 60).padStart(2, '0') + 'm'
                   : Math.floor(s / 60) + 'm' + String(s % 60).padStart(2, '0') + 's';
}

function chart(history) {
  const c = document.createElement('canvas');
  c.width = 160; c.height = 32;
  const g = c.getContext('2d');
  const max = Math.max(1, ...history.flat());
  [[0, '#2f80ed'], [1, '#27ae60']].forEach(([i, colour]) => {
    g.strokeStyle = colour; g.beginPath();
    history.forEach((r, x) => {
      const px = history.length < 2 ? 0 : x * (c.width - 1) / (history.length - 1);
      const py = c.height - 1 - r[i] * (c.height - 2) / max;
      x ? g.lineTo(px, py) : g.moveTo(px, py);
    });
    g.stroke();
  });
  c.title = 'down (blue) and up (green), max ' + bytes(max) + '/s';
  return c;
}

async function act(hash, action) {
  const r = await fetch('/api/torrents/' + hash + '/' + action, { method: 'POST', headers: { 'X-Yamtorrent-Token': token } });
  if (!r.ok) alert(action + ': ' + await r.text());
  refresh();
}

function cell(row, content) {
  const td = row.insertCell();
  if (content instanceof Node) td.appendChild(content); else td.textContent = content;
  return td;
}

function render(data) {
  const body = document.querySelector('#torrents tbody');
  body.replaceChildren();
  for (const t of data.torrents) {
    const row = body.insertRow();
    row.className = t.state;
    row.dataset.infoHash = t.infoHash;
    cell(row, t.name);
    const state = cell(row, t.stalled ? 'STALLED' : t.state);
    state.className = 'state';
    const bar = document.createElement('div'); bar.className = 'bar';
    const fill = document.createElement('div'); fill.style.width = t.percent + '%';
    bar.appendChild(fill);
    const progress = cell(row, bar);
    progress.className = 'progress';
    progress.dataset.percent = t.percent;
    progress.append(' ' + t.percent.toFixed(1) + '%');
    cell(row, bytes(t.downloadRate) + '/s');
    cell(row, bytes(t.uploadRate) + '/s');
    cell(row, t.peers);
    cell(row, eta(t.state === 'DOWNLOADING' ? t.etaSeconds : -1));
    cell(row, chart(t.history));
    const buttons = cell(row, '');
    if (data.actions && token) {
      for (const a of t.state === 'PAUSED' ? ['resume', 'remove'] : ['pause', 'remove']) {
        const b = document.createElement('button');
        b.textContent = a; b.className = a;
        b.onclick = () => act(t.infoHash, a);
        buttons.appendChild(b);
      }
    }
    if (t.stalled) {
      const why = body.insertRow().insertCell();
      why.colSpan = 9; why.className = 'stalled'; why.textContent = 'stalled: ' + t.stalled;
    }
  }
  document.getElementById('summary').textContent = data.torrents.length + ' torrents, updated '
      + new Date().toLocaleTimeString() + (data.actions && token ? '' : ' (read-only)');
}

async function refresh() {
  try {
    render(await (await fetch('/api/torrents')).json());
  } catch (e) {
    document.getElementById('summary').textContent = 'no answer from the app: ' + e;
  }
}
refresh();
setInterval(refresh, 1000);
