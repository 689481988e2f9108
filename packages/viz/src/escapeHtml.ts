/**
 * Text made safe to place in HTML or SVG markup (an element's content or a quoted attribute):
 * & < > " ' as numeric character references, which HTML and XML both read.
 */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
