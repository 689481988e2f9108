/** Text made safe to place inside HTML (an element's content or a quoted attribute). */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
