// The element's styles, adopted as a constructed stylesheet: no inline <style>, so the element
// works under a CSP without 'unsafe-inline'. Respects reduced motion and forced colours.

export const PROMPT_CSS = `
:host { display: block; font: 16px/1.4 system-ui, sans-serif; color: #111; }
:host([hidden]) { display: none; }
.inline { background: rgba(255, 255, 255, 0.94); border-radius: 12px; padding: 12px 16px; max-width: 32em; }
.title { font-weight: 700; font-size: 1.1em; margin: 0 0 4px; }
.body { margin: 0 0 12px; }
dialog { border: none; border-radius: 14px; padding: 20px; max-width: min(32em, 92vw); color: #111; background: #fff;
  box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35); animation: appear 160ms ease-out; }
dialog::backdrop { background: rgba(0, 0, 0, 0.6); }
@keyframes appear { from { opacity: 0; transform: translateY(8px); } to { opacity: 1; transform: none; } }
.main { display: grid; grid-template-columns: repeat(var(--count, 2), minmax(0, 1fr)); gap: 8px; margin: 0 0 8px; }
.secondary { display: flex; flex-wrap: wrap; gap: 8px; }
.secondary button { flex: 1 1 auto; }
button { font: inherit; font-size: 1em; font-weight: 600; min-height: 44px; padding: 8px 14px; border-radius: 10px;
  border: 2px solid #1d4ed8; background: #fff; color: #1d3a8a; cursor: pointer; }
button.protective { background: #1d4ed8; color: #fff; }
button:focus-visible { outline: 3px solid #111; outline-offset: 2px; }
.help { list-style: none; padding: 0; margin: 8px 0 0; }
.help li { margin: 0 0 8px; }
.help a { color: #1d3a8a; }
@media (prefers-reduced-motion: reduce) { dialog { animation: none; } }
@media (forced-colors: active) {
  button, button.protective { forced-color-adjust: none; background: ButtonFace; color: ButtonText; border-color: ButtonText; }
  button:focus-visible { outline-color: Highlight; }
  .inline, dialog { border: 1px solid CanvasText; }
}
`;
