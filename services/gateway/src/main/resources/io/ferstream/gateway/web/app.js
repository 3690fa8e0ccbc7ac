// The page: tabs, the model in service, and the four views.
import { setupLive, liveStats } from './live.js';
import { setupPhotos, photoStats } from './photos.js';
import { setupVideo, videoStats } from './video.js';
import { showReport } from './report.js';

const FALLBACK_CLASSES = ['Angry', 'Disgust', 'Fear', 'Happy', 'Sad', 'Surprise', 'Neutral'];

function setupTabs(onShow) {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  function select(tab) {
    tabs.forEach((other) => {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
    });
    onShow(tab.id);
  }
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (event) => {
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      const target = tabs[(next + tabs.length) % tabs.length];
      target.focus();
      select(target);
    });
  });
}

function modelShower() {
  const status = document.getElementById('model-status');
  let shown = null;
  return (model) => {
    const text = model ? `Model: ${model.name} ${model.version}` : 'Model: named with the first prediction';
    if (text !== shown) {
      shown = text;
      status.textContent = text;
    }
  };
}

async function main() {
  const onModel = modelShower();
  let info = { classes: FALLBACK_CLASSES, model: null };
  try {
    info = await (await fetch('/api/info')).json();
  } catch (error) {
    document.getElementById('model-status').textContent = 'Model: the server did not answer';
  }
  const classes = info.classes || FALLBACK_CLASSES;
  onModel(info.model);
  const live = setupLive({ classes, onModel });
  setupPhotos({ classes, onModel });
  setupVideo({ classes, onModel });
  setupTabs((id) => {
    if (id !== 'tab-live') live.stop(); // the camera runs only while its tab is shown
    if (id === 'tab-report') showReport();
  });
  window.fer = { live: liveStats, photos: photoStats, video: videoStats, ready: true };
}

main();
