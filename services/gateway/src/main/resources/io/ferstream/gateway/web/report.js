// The Report tab: the last `fer run` report, when the gateway was started with one.

export async function showReport() {
  const body = document.getElementById('report-body');
  let info;
  try {
    info = await (await fetch('/api/report')).json();
  } catch (error) {
    body.replaceChildren(paragraph('The server did not answer.'));
    return;
  }
  if (!info.available) {
    const p = paragraph('No cleaning report yet. Clean a dataset and keep this page serving with its report: ');
    const code = document.createElement('code');
    code.textContent = './fer run --source fer2013.csv --serve';
    p.append(code);
    body.replaceChildren(p);
    return;
  }
  const link = document.createElement('a');
  link.href = info.url;
  link.textContent = 'Open the full report';
  const intro = paragraph('The last cleaning run. ');
  intro.append(link);
  const parts = [intro];
  try {
    const report = await (await fetch('/report/report.json')).json();
    parts.push(totals(report), splits(report));
  } catch (error) {
    // the HTML report is still there
  }
  body.replaceChildren(...parts);
}

function totals(report) {
  return table('Totals', ['published', 'cleaned', 'kept_flagged', 'rejected', 'dead_letters']
    .filter((key) => key in report)
    .map((key) => [key.replace('_', ' '), report[key]]), ['', 'images']);
}

function splits(report) {
  const rows = Object.entries(report.by_split || {}).map(([split, counts]) =>
    [split, counts.input, counts.kept, counts.flagged, counts.removed]);
  return table('By split', rows, ['split', 'input', 'kept', 'flagged', 'removed']);
}

function table(caption, rows, header) {
  const t = document.createElement('table');
  t.className = 'summary';
  const c = document.createElement('caption');
  c.textContent = caption;
  const head = document.createElement('tr');
  header.forEach((name) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.append(th);
  });
  t.append(c, head);
  rows.forEach((row) => {
    const tr = document.createElement('tr');
    row.forEach((value, i) => {
      const cell = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) cell.scope = 'row';
      cell.textContent = String(value);
      tr.append(cell);
    });
    t.append(tr);
  });
  return t;
}

function paragraph(text) {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}
