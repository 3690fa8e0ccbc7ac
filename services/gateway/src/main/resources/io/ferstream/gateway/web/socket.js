// One live session over the gateway's WebSocket (PROTOCOL.md): binary frames out, one JSON reply per frame.
// At most maxInFlight frames are outstanding; a frame offered beyond that is dropped here, never queued.

const CLIENT_REPLY_TIMEOUT_MS = 10000; // the gateway answers every frame; this only guards a lost connection

export class FrameSocket {
  constructor({ onPrediction, onReply, onClose }) {
    this.onPrediction = onPrediction;
    this.onReply = onReply || (() => {});
    this.onClose = onClose || (() => {});
    this.pending = new Map(); // seq -> { sentAt, capturedAt, tag }
    this.encoding = 0; // admitted frames not yet sent
    this.nextSeq = 0;
    this.maxInFlight = 2;
    this.stats = { sent: 0, dropped: 0, received: 0, refused: 0 };
    this.ws = null;
    this.hello = null;
  }

  /** Opens the socket; resolves with the server's hello. */
  open() {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/live`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.binaryType = 'arraybuffer';
      let opened = false;
      ws.onmessage = (event) => {
        const message = JSON.parse(event.data);
        if (message.type === 'hello') {
          opened = true;
          this.hello = message;
          this.maxInFlight = message.maxInFlight || this.maxInFlight;
          resolve(message);
          return;
        }
        this.handleReply(message);
      };
      ws.onerror = () => {
        if (!opened) reject(new Error('The server refused the live connection.'));
      };
      ws.onclose = () => {
        this.pending.clear();
        this.encoding = 0;
        if (opened) this.onClose();
        else reject(new Error('The server closed the live connection.'));
      };
      this.ws = ws;
    });
  }

  get inFlight() {
    this.expire();
    return this.pending.size + this.encoding;
  }

  /** True when a frame may be captured now (the caller then calls send or abandon); otherwise counts it as dropped. */
  admit() {
    if (this.ws && this.ws.readyState === WebSocket.OPEN && this.inFlight < this.maxInFlight) {
      this.encoding++;
      return true;
    }
    this.stats.dropped++;
    return false;
  }

  /** The admitted frame could not be encoded. */
  abandon() {
    this.encoding--;
  }

  /**
   * Sends an admitted frame. Sequence numbers are given here, in send order, which is the order the
   * gateway numbers them in. capturedAt (performance.now() when the frame was grabbed) starts its latency.
   */
  send(bytes, capturedAt, tag) {
    this.encoding--;
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    const seq = this.nextSeq++;
    this.pending.set(seq, { sentAt: performance.now(), capturedAt, tag });
    this.ws.send(bytes);
    this.stats.sent++;
  }

  handleReply(message) {
    const entry = this.pending.get(message.seq);
    this.pending.delete(message.seq);
    if (message.type === 'prediction') {
      this.stats.received++;
      this.onPrediction(message, entry ? entry.capturedAt : null, entry ? entry.tag : undefined);
    } else if (message.type === 'dropped') {
      this.stats.dropped++;
    } else if (message.type === 'refused') {
      this.stats.refused++;
    }
    this.onReply(message);
  }

  expire() {
    const now = performance.now();
    for (const [seq, entry] of this.pending) {
      if (now - entry.sentAt > CLIENT_REPLY_TIMEOUT_MS) {
        this.pending.delete(seq);
        this.stats.dropped++;
      }
    }
  }

  close() {
    if (this.ws) this.ws.close();
    this.ws = null;
  }
}

/** Encodes what a canvas shows as a JPEG. */
export function jpegOf(canvas, quality = 0.8) {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? blob.arrayBuffer().then(resolve, reject) : reject(new Error('encoding failed'))),
      'image/jpeg', quality);
  });
}

/** Median of the last values, or null. */
export function median(values) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
