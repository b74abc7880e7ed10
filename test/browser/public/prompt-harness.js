// Loaded by prompt.html: renders descriptors with the built <safeseal-prompt> and records every
// safeseal-choice event (seen on the document: the event must bubble and cross the shadow root).
import './dist/prompt.js';

window.choices = [];
document.addEventListener('safeseal-choice', (e) => window.choices.push(e.detail));

/** Replaces the stage's content with a fresh element showing `descriptor`. */
window.showPrompt = (descriptor) => {
  const stage = document.getElementById('stage');
  stage.replaceChildren();
  window.choices = [];
  const el = document.createElement('safeseal-prompt');
  el.descriptor = descriptor;
  stage.append(el);
  return true;
};
window.promptReady = true;
