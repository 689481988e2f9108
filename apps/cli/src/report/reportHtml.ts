import { escapeHtml } from '@lassokit/viz';

export interface ReportSection {
  readonly heading: string;
  /** Preformatted text (tables) shown as is. */
  readonly text?: string;
  readonly svg?: string;
}

/** A self-contained HTML page (inline CSS and SVG, no scripts, no network): opens offline. */
export function reportHtml(title: string, intro: string, sections: readonly ReportSection[]): string {
  const body = sections
    .map((s) => `<section><h2>${escapeHtml(s.heading)}</h2>${s.text ? `<pre>${escapeHtml(s.text)}</pre>` : ''}${s.svg ? `<figure>${s.svg.replace(/^<\?xml[^>]*>/, '')}</figure>` : ''}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 900px; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
pre { background: #f6f6f6; padding: .8rem; overflow-x: auto; font-size: 13px; }
figure { margin: 0; } svg { max-width: 100%; height: auto; }
</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(intro)}</p>
${body}
</body></html>
`;
}
