// Loaded by verdicts.html: the built SDK and its prompt element, as an app would use them, and a
// record of the Worker objects the page constructs (so a test can post raw messages to one).
import * as safeseal from './dist/index.js';
import './dist/prompt.js';

const NativeWorker = window.Worker;
window.workers = [];
window.Worker = class extends NativeWorker {
  constructor(...args) {
    super(...args);
    window.workers.push(this);
  }
};

window.choices = [];
document.addEventListener('safeseal-choice', (e) => window.choices.push(e.detail));

/** Shows `verdict.prompt` with <safeseal-prompt>, as an app would. */
window.showPrompt = (descriptor) => {
  const stage = document.getElementById('stage');
  stage.replaceChildren();
  window.choices = [];
  const el = document.createElement('safeseal-prompt');
  el.descriptor = descriptor;
  stage.append(el);
  return true;
};

/** The magenta/green test pattern the fixture model flags, as a PNG Blob. */
window.testPatternPng = async () => {
  const canvas = new OffscreenCanvas(96, 64);
  const ctx = canvas.getContext('2d');
  for (let y = 0; y < 64; y += 8) {
    for (let x = 0; x < 96; x += 8) {
      ctx.fillStyle = (x / 8 + y / 8) % 2 === 0 ? '#ff00ff' : '#00ff00';
      ctx.fillRect(x, y, 8, 8);
    }
  }
  return canvas.convertToBlob({ type: 'image/png' });
};

window.safeseal = safeseal;
window.harnessReady = true;
