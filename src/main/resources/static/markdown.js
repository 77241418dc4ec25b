// Assistant replies are Markdown: marked turns them into HTML and DOMPurify strips
// anything that could run or call out before it reaches the page (both vendored, see
// vendor/README.md). User text is never parsed; it goes in through textContent.

import { marked } from './vendor/marked.esm.js';
import DOMPurify from './vendor/purify.es.js';

marked.setOptions({ gfm: true, breaks: false });

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

const ALLOWED = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'img', 'iframe'],
  FORBID_ATTR: ['style'],
};

// Shows Markdown text in an element; safe to call again as more text streams in.
export function renderMarkdown(element, text) {
  const html = marked.parse(text || '', { async: false });
  element.innerHTML = DOMPurify.sanitize(html, ALLOWED).trim();
}
