// The Live tab: the camera's frames go to the gateway; each face's box, label and bars come back.
import { FrameSocket, jpegOf, median } from './socket.js';
import { drawFaces, fitOverlay, faceCard } from './draw.js';

const LATENCY_WINDOW = 1000;

/** What the page measured; read by people (the stats) and by the browser test. */
export const liveStats = {
  sent: 0, dropped: 0, received: 0, refused: 0,
  latenciesMs: [], // capture -> prediction drawn over the video, per frame
  lastPrediction: null,
  error: null,
};

export function setupLive({ classes, onModel }) {
  const video = document.getElementById('live-video');
  const overlay = document.getElementById('live-overlay');
  const start = document.getElementById('live-start');
  const stop = document.getElementById('live-stop');
  const message = document.getElementById('live-message');
  const faces = document.getElementById('live-faces');
  const capture = document.createElement('canvas');
  let stream = null;
  let socket = null;
  let arrivals = [];
  let lastCardsAt = 0;

  function show(prediction, capturedAt) {
    if (!stream) return; // an answer still in flight when Stop was pressed
    fitOverlay(overlay, video);
    drawFaces(overlay, prediction.width, prediction.height, prediction.faces);
    if (capturedAt != null) {
      liveStats.latenciesMs.push(performance.now() - capturedAt);
      if (liveStats.latenciesMs.length > LATENCY_WINDOW) liveStats.latenciesMs.shift();
    }
    liveStats.lastPrediction = prediction;
    arrivals.push(performance.now());
    onModel(prediction.model);
    const now = performance.now();
    if (now - lastCardsAt > 150) { // the bars need no more than a few updates a second
      lastCardsAt = now;
      faces.replaceChildren(...prediction.faces.slice(0, 4).map((face, i) =>
        faceCard(`Face ${i + 1}`, face, classes)));
    }
  }

  function updateStats() {
    const now = performance.now();
    arrivals = arrivals.filter((t) => now - t < 1000);
    if (socket) Object.assign(liveStats, socket.stats);
    document.getElementById('live-fps').textContent = String(arrivals.length);
    const p50 = median(liveStats.latenciesMs.slice(-100));
    document.getElementById('live-latency').textContent = p50 == null ? '–' : `${Math.round(p50)} ms`;
    document.getElementById('live-sent').textContent = String(liveStats.sent);
    document.getElementById('live-dropped').textContent = String(liveStats.dropped);
    document.getElementById('live-received').textContent = String(liveStats.received);
  }

  function onFrame() {
    if (!stream) return;
    if (video.videoWidth && socket.admit()) {
      const capturedAt = performance.now();
      capture.width = video.videoWidth;
      capture.height = video.videoHeight;
      capture.getContext('2d').drawImage(video, 0, 0);
      jpegOf(capture).then((bytes) => socket.send(bytes, capturedAt), () => socket.abandon());
    }
    nextFrame();
  }

  function nextFrame() {
    if (!stream) return;
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(onFrame);
    else setTimeout(onFrame, 33);
  }

  async function startCamera() {
    message.textContent = '';
    liveStats.error = null;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      fail('This browser gives no camera to this page. Open it on http://localhost or over https.');
      return;
    }
    start.disabled = true;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
    } catch (error) {
      start.disabled = false;
      stream = null;
      fail(cameraError(error));
      return;
    }
    socket = new FrameSocket({
      onPrediction: show,
      onClose: () => { if (stream) fail('The connection to the server closed. Press Start camera to reconnect.'); stopCamera(); },
    });
    try {
      const hello = await socket.open();
      onModel(hello.model);
    } catch (error) {
      fail(error.message);
      stopCamera();
      return;
    }
    video.srcObject = stream;
    await video.play();
    stop.disabled = false;
    stop.focus();
    nextFrame();
  }

  function stopCamera() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    if (socket) socket.close();
    video.srcObject = null;
    fitOverlay(overlay, video);
    overlay.getContext('2d').clearRect(0, 0, overlay.width, overlay.height);
    faces.replaceChildren(); // no face is in front of a stopped camera
    start.disabled = false;
    stop.disabled = true;
  }

  function fail(text) {
    liveStats.error = text;
    message.textContent = text;
  }

  start.addEventListener('click', startCamera);
  stop.addEventListener('click', () => { stopCamera(); start.focus(); });
  setInterval(updateStats, 250);
  return { stop: stopCamera };
}

function cameraError(error) {
  switch (error && error.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera access was refused. Allow the camera for this page in the browser\'s site settings, then press Start camera again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found. Connect one, or use the Photos or Video tab.';
    case 'NotReadableError':
      return 'The camera is in use by another application. Close it and try again.';
    default:
      return `The camera could not start: ${error && error.message ? error.message : error}`;
  }
}
