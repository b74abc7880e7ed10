// The fixture model's pin, read from the demo's content manifest (demo/content/manifest.json). A
// leaf module (no imports) so that its unit test needs neither the DOM nor the built SDK.

/** The sha256 a content manifest gives `file`, in any of the shapes a manifest plausibly has. */
export function manifestSha256(manifest: unknown, file: string): string | null {
  const ok = (v: unknown): string | null => (typeof v === 'string' && /^[0-9a-f]{64}$/i.test(v) ? v.toLowerCase() : null);
  const named = (e: unknown): boolean => {
    if (typeof e !== 'object' || e === null) return false;
    const o = e as Record<string, unknown>;
    return [o.file, o.name, o.path, o.url].some((v) => typeof v === 'string' && (v === file || v.endsWith(`/${file}`)));
  };
  const search = (node: unknown, depth: number): string | null => {
    if (depth > 4 || typeof node !== 'object' || node === null) return null;
    if (Array.isArray(node)) {
      for (const e of node) if (named(e)) return ok((e as Record<string, unknown>).sha256);
      for (const e of node) {
        const found = search(e, depth + 1);
        if (found) return found;
      }
      return null;
    }
    const o = node as Record<string, unknown>;
    if (file in o) {
      const v = o[file];
      return ok(v) ?? (typeof v === 'object' && v !== null ? ok((v as Record<string, unknown>).sha256) : null);
    }
    for (const v of Object.values(o)) {
      const found = search(v, depth + 1);
      if (found) return found;
    }
    return null;
  };
  return search(manifest, 0);
}
