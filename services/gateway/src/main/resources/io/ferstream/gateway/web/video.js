// The Video tab: the browser decodes the video (the server's OpenCV has no FFmpeg), samples frames at
// the chosen rate, sends them like camera frames, and charts each emotion over the video's time.
import { FrameSocket, jpegOf } from './socket.js';
import { COLORS, drawFaces, fitOverlay } from './draw.js';

/** The timeline so far, for people and for the browser test. */
export const videoStats = { sent: 0, dropped: 0, received: 0, refused: 0, points: [], error: null };

export function setupVideo({ classes, onModel }) {
  const input = document.getElementById('video-input');
  const player = document.getElementById('video-player');
  const overlay = document.getElementById('video-overlay');
  const rate = document.getElementById('video-rate');
  const message = document.getElementById('video-message');
  const timeline = document.getElementById('video-timeline');
  const capture = document.createElement('canvas');
  let socket = null;
  let lastSampledAt = -Infinity;
  let url = null;

  document.getElementById('video-legend').replaceChildren(...classes.map((name) => {
    const item = document.createElement('span');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = COLORS[name];
    item.append(swatch, name);
    return item;
  }));

  async function load(file) {
    if (!file) return;
    message.textContent = '';
    videoStats.error = null;
    videoStats.points = [];
    lastSampledAt = -Infinity;
    if (socket) socket.close();
    socket = new FrameSocket({
      onPrediction: (prediction, capturedAt, mediaTime) => {
        const face = largest(prediction.faces);
        if (face) videoStats.points.push({ t: mediaTime, p: face.smoothed.length ? face.smoothed : face.probabilities });
        videoStats.points.sort((a, b) => a.t - b.t);
        if (Math.abs(player.currentTime - mediaTime) < 0.5) {
          fitOverlay(overlay, player);
          drawFaces(overlay, prediction.width, prediction.height, prediction.faces);
        }
        onModel(prediction.model);
        chart();
      },
    });
    try {
      await socket.open();
    } catch (error) {
      fail(error.message);
      return;
    }
    if (url) URL.revokeObjectURL(url);
    url = URL.createObjectURL(file);
    player.src = url;
    try {
      await player.play();
    } catch (error) {
      // autoplay may be refused; the user presses play on the controls
    }
    sample();
  }

  function onFrame(now, metadata) {
    const mediaTime = metadata && metadata.mediaTime != null ? metadata.mediaTime : player.currentTime;
    if (!player.paused && mediaTime - lastSampledAt >= 1 / Number(rate.value) && player.videoWidth) {
      if (socket.admit()) {
        lastSampledAt = mediaTime;
        const capturedAt = performance.now();
        capture.width = player.videoWidth;
        capture.height = player.videoHeight;
        capture.getContext('2d').drawImage(player, 0, 0);
        jpegOf(capture).then((bytes) => socket.send(bytes, capturedAt, mediaTime), () => socket.abandon());
      }
    }
    Object.assign(videoStats, socket.stats);
    document.getElementById('video-sent').textContent = String(videoStats.sent);
    document.getElementById('video-dropped').textContent = String(videoStats.dropped);
    document.getElementById('video-received').textContent = String(videoStats.received);
    sample();
  }

  function sample() {
    if ('requestVideoFrameCallback' in player) player.requestVideoFrameCallback(onFrame);
    else setTimeout(() => onFrame(performance.now(), null), 1000 / Number(rate.value));
  }

  function chart() {
    const ratio = window.devicePixelRatio || 1;
    const rect = timeline.getBoundingClientRect();
    timeline.width = Math.max(1, Math.round(rect.width * ratio));
    timeline.height = Math.max(1, Math.round(rect.height * ratio));
    const ctx = timeline.getContext('2d');
    const { width, height } = timeline;
    ctx.clearRect(0, 0, width, height);
    const duration = player.duration || 1;
    ctx.lineWidth = 2 * ratio;
    classes.forEach((name, c) => {
      ctx.strokeStyle = COLORS[name];
      ctx.beginPath();
      videoStats.points.forEach((point, i) => {
        const x = (point.t / duration) * width;
        const y = height - point.p[c] * (height - 4 * ratio) - 2 * ratio;
        if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
      ctx.stroke();
    });
    ctx.strokeStyle = '#1b1f24';
    ctx.lineWidth = ratio;
    const cursor = (player.currentTime / duration) * width;
    ctx.beginPath();
    ctx.moveTo(cursor, 0);
    ctx.lineTo(cursor, height);
    ctx.stroke();
  }

  function seekTo(seconds) {
    if (!Number.isFinite(player.duration)) return;
    player.currentTime = Math.min(player.duration, Math.max(0, seconds));
    chart();
  }

  function fail(text) {
    videoStats.error = text;
    message.textContent = text;
  }

  input.addEventListener('change', () => load(input.files[0]));
  player.addEventListener('error', () => fail('This browser cannot play that file. Try an MP4 (H.264) or WebM video.'));
  player.addEventListener('timeupdate', chart);
  timeline.addEventListener('click', (event) => {
    const rect = timeline.getBoundingClientRect();
    seekTo(((event.clientX - rect.left) / rect.width) * player.duration);
  });
  timeline.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowLeft') { seekTo(player.currentTime - 1); event.preventDefault(); }
    if (event.key === 'ArrowRight') { seekTo(player.currentTime + 1); event.preventDefault(); }
  });
}

function largest(faces) {
  return faces.reduce((best, face) => (!best || face.box[2] * face.box[3] > best.box[2] * best.box[3] ? face : best), null);
}
