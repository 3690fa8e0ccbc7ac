// Drawing shared by the live, video and photo views: boxes over an image and one bar per emotion.

export const COLORS = {
  Angry: '#d62728', Disgust: '#2ca02c', Fear: '#9467bd', Happy: '#e8a200',
  Sad: '#1f77b4', Surprise: '#e377c2', Neutral: '#7f7f7f',
};

/** Draws each face's box and label; frame pixels are scaled to the canvas's own size. */
export function drawFaces(canvas, frameWidth, frameHeight, faces) {
  const ctx = canvas.getContext('2d');
  const sx = canvas.width / frameWidth;
  const sy = canvas.height / frameHeight;
  const line = Math.max(2, Math.round(canvas.width / 240));
  const fontSize = Math.max(12, Math.round(canvas.width / 40));
  ctx.font = `600 ${fontSize}px system-ui, sans-serif`;
  ctx.textBaseline = 'bottom';
  for (const face of faces) {
    const [x, y, w, h] = face.box;
    const color = COLORS[face.label] || '#ffffff';
    ctx.lineWidth = line;
    ctx.strokeStyle = color;
    ctx.strokeRect(x * sx, y * sy, w * sx, h * sy);
    const text = `${face.label} ${Math.round(face.confidence * 100)}%`;
    const textWidth = ctx.measureText(text).width + 8;
    const textHeight = fontSize + 6;
    const top = Math.max(textHeight, y * sy);
    ctx.fillStyle = color;
    ctx.fillRect(x * sx - line / 2, top - textHeight, textWidth, textHeight);
    ctx.fillStyle = '#000000';
    ctx.fillText(text, x * sx + 4, top - 3);
  }
}

/** Sizes an overlay canvas to the pixels it covers, so boxes stay sharp. */
export function fitOverlay(canvas, element) {
  const rect = element.getBoundingClientRect();
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(rect.width * ratio));
  const height = Math.max(1, Math.round(rect.height * ratio));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  canvas.getContext('2d').clearRect(0, 0, width, height);
}

/** A card with one labelled bar per emotion (the smoothed probabilities when present). */
export function faceCard(title, face, classes) {
  const card = document.createElement('div');
  card.className = 'face-card';
  const heading = document.createElement('h3');
  heading.textContent = `${title}: ${face.label} (${Math.round(face.confidence * 100)}%)`;
  card.append(heading, bars(face.smoothed && face.smoothed.length ? face.smoothed : face.probabilities, classes));
  return card;
}

function bars(probabilities, classes) {
  const list = document.createElement('ul');
  list.className = 'bars';
  classes.forEach((name, i) => {
    const p = probabilities[i] || 0;
    const item = document.createElement('li');
    const label = document.createElement('span');
    label.textContent = name;
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.setAttribute('aria-hidden', 'true');
    const fill = document.createElement('span');
    fill.style.width = `${(p * 100).toFixed(1)}%`;
    fill.style.background = COLORS[name];
    bar.append(fill);
    const pct = document.createElement('span');
    pct.className = 'pct';
    pct.textContent = `${Math.round(p * 100)}%`;
    item.append(label, bar, pct);
    list.append(item);
  });
  return list;
}
