// Word, sentence and syllable counts and the Flesch-Kincaid grade, for the prompts' readability
// test. FK grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59 (Kincaid et
// al. 1975). Syllables are counted by the usual English heuristic, documented in countSyllables.

/** Words: whitespace-separated tokens that contain a letter ("don't" and "grown-up" are one word). */
export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
}

/** Sentences: text ending in . ! ? (or the end), each with at least one word. A title is one sentence. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => words(s).length > 0);
}

/**
 * English syllables of one word, by heuristic: lower-case letters only (apostrophes and hyphens
 * dropped, so "don't" is "dont" and "grown-up" is "grownup"); words of 3 letters or fewer have
 * one; a silent final "e" is dropped (but not "-le" after a consonant, as in "trouble"), as are
 * final "-es" unless after c/g/s/x/z ("images" keeps it) and "-ed" unless after t/d ("wanted" keeps it); then each run of vowels
 * (a e i o u y) counts one. Never less than one.
 */
export function countSyllables(word: string): number {
  let w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  if (/[^aeiouy]le$/.test(w)) {
    w = w.slice(0, -2) + 'l';
    return Math.max(1, (w.match(/[aeiouy]+/g) ?? []).length + 1);
  }
  w = w.replace(/(?:[^laeiouycgsxz]es|[^aeiouytd]ed|[^laeiouy]e)$/, (m) => m[0]);
  w = w.replace(/^y/, '');
  return Math.max(1, (w.match(/[aeiouy]+/g) ?? []).length);
}

/** Flesch-Kincaid grade level of `text` (title and body joined as separate sentences). */
export function fleschKincaidGrade(text: string): number {
  const ws = words(text);
  const syllables = ws.reduce((n, w) => n + countSyllables(w), 0);
  return 0.39 * (ws.length / sentences(text).length) + 11.8 * (syllables / ws.length) - 15.59;
}
