// Reads a form as the browser would send it untouched: inputs with their values, the ticked boxes and radios,
// the selected options and the textareas' text. Enough for the gallery set-up's "as it loads" tests.
const decode = (value: string) => value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decode(match[1]!) : undefined;
};

export function formAsLoaded(html: string, action: string): Record<string, string | string[]> {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const values: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const current = values[name];
    values[name] = current === undefined ? value : ([] as string[]).concat(current, value);
  };
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    const type = attr(tag, 'type') ?? 'text';
    if (!name || name === '_csrf' || type === 'submit') continue;
    if ((type === 'checkbox' || type === 'radio') && !/\schecked\b/.test(tag)) continue;
    add(name, attr(tag, 'value') ?? 'on');
  }
  for (const [, open, body] of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attr(open!, 'name');
    const selected = /<option value="([^"]*)"[^>]*selected/.exec(body!) ?? /<option value="([^"]*)"/.exec(body!);
    if (name && selected) add(name, decode(selected[1]!));
  }
  for (const [, open, body] of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attr(open!, 'name');
    if (name) add(name, decode(body!));
  }
  return values;
}
