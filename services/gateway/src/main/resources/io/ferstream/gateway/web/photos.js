// The Photos tab: images go to POST /api/images; each comes back with its faces boxed and their bars.
import { drawFaces, faceCard } from './draw.js';

/** The last answer, for people and for the browser test. */
export const photoStats = { results: [], error: null };

export function setupPhotos({ classes, onModel }) {
  const drop = document.getElementById('photo-drop');
  const input = document.getElementById('photo-input');
  const message = document.getElementById('photo-message');
  const results = document.getElementById('photo-results');

  async function upload(files) {
    const images = [...files];
    if (!images.length) return;
    message.textContent = '';
    results.replaceChildren(status(`Classifying ${images.length} image${images.length > 1 ? 's' : ''}…`));
    const form = new FormData();
    images.forEach((file) => form.append('image', file, file.name));
    let answer;
    try {
      const response = await fetch('/api/images', { method: 'POST', body: form });
      answer = await response.json();
      if (!response.ok) throw new Error(answer.message || `The server answered ${response.status}.`);
    } catch (error) {
      results.replaceChildren();
      photoStats.error = error.message;
      message.textContent = error.message;
      return;
    }
    photoStats.error = null;
    photoStats.results = answer.results;
    const byName = new Map(images.map((file) => [file.name, file]));
    results.replaceChildren(...await Promise.all(answer.results.map((result) => card(result, byName.get(result.name)))));
    const first = answer.results.find((result) => result.model);
    if (first) onModel(first.model);
  }

  async function card(result, file) {
    const box = document.createElement('article');
    box.className = 'result';
    const heading = document.createElement('h3');
    heading.textContent = result.name;
    box.append(heading);
    if (result.error) {
      box.append(status(result.error, 'message'));
      return box;
    }
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', result.faces.length
      ? `${result.name}: ${result.faces.map((face) => face.label).join(', ')}`
      : `${result.name}: no face found`);
    if (file) {
      const bitmap = await createImageBitmap(file);
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      canvas.getContext('2d').drawImage(bitmap, 0, 0);
      drawFaces(canvas, result.width, result.height, result.faces);
    }
    box.append(canvas);
    if (!result.faces.length) box.append(status('No face found.'));
    const cards = document.createElement('div');
    cards.className = 'faces';
    cards.append(...result.faces.map((face, i) => faceCard(`Face ${i + 1}`, face, classes)));
    box.append(cards);
    return box;
  }

  input.addEventListener('change', () => { upload(input.files); input.value = ''; });
  drop.addEventListener('dragover', (event) => { event.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    upload(event.dataTransfer.files);
  });
}

function status(text, className = 'hint') {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}
