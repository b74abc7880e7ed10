// eval:fp — false positives of the shipped classifier on benign Debian pictures (issue 8 item 6).
// Run scripts/fp-corpus.sh first (it downloads and unpacks the packages), then this script:
//   1. one file per picture (the largest size; no screenshots, previews, logos, icons or SVG),
//   2. near-duplicates dropped (PDQ distance <= 31, the larger kept) BEFORE splitting,
//   3. a seeded split by source package into a calibration half and a held-out half,
//   4. the calibration half alone fixes the thresholds and the scoring variant (the rule in
//      docs/policy.md, coded in chooseThresholds below), and only then is the held-out half scored.
// Classification uses the Node entry (dist/node: run `npm run build` first). Prints Markdown; the
// last line is JSON. Images never leave .cache/ and are never committed.
// Options: --sheets DIR writes numbered contact sheets (for making scripts/fp-labels.tsv by eye);
// --round 2, --round 3 and --round 4 run the later rounds of docs/policy.md (round 3 scores only its
// held-out set, at the shipped defaults: nothing is calibrated in it; round 4 calibrates on every
// picture of rounds 1-3 and holds out the fresh packages of `fp-corpus.sh --round 4`).

import { readdirSync, readFileSync, statSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { hammingDistance } from '../src/pdq/hash256.js';
import { PDQ_MATCH_THRESHOLD } from '../src/pdq/constants.js';
import { seededRandom } from '../test/helpers/prng.js';
import { clopperPearsonUpper } from './stats-binomial.js';
import { DEFAULT_THRESHOLDS, DEFAULT_MIRROR_MIN } from '../src/policy/profiles.js';

const ROOT = process.env.FP_CORPUS_DIR ?? '.cache/fp-corpus';
const SEED = 20261201;
/** The threshold grid of the rule: none above 0.9 (a threshold above it would mean "never flag"). */
const GRID = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];
const RASTER = /\.(jpe?g|png|webp)$/i;
/** Where packages keep pictures; everything else in them (icons, UI images) is not a picture. */
const PICTURE_DIRS = /\/(backgrounds|wallpapers?|sample_data|datasets\/images)\//;
const NOT_PICTURES = /screenshot|preview|thumb|logo|icon|emblem|grub|\/login\//i;
const MIN_SIDE = 256;

interface Candidate {
  pkg: string;
  root: string; // root (round 1), root2 (round 2) or root3 (round 3)
  path: string; // relative to the package root
  group: string;
  pixels: number;
  bytes: number;
}

interface Picture extends Candidate {
  pdq: string;
  quality: number;
  photo: boolean;
  people: boolean;
}

interface Scores {
  sexual: number;
  suggestive: number;
}

interface Scored extends Picture {
  plain: Scores;
  mirror: Scores;
}

const args = process.argv.slice(2);
const sheetsDir = args.includes('--sheets') ? args[args.indexOf('--sheets') + 1] : undefined;
/**
 * Round 2 (docs/policy.md): all round-1 pictures calibrate the revised rule, and the packages of
 * `fp-corpus.sh --round 2`, unpacked under root2/, are the fresh held-out set.
 */
const ROUND = args.includes('--round') ? Number(args[args.indexOf('--round') + 1]) : 1;
/** Round 2's packages keep pictures elsewhere: planet textures, Earth maps, boot splash art. */
const PICTURE_DIRS_2 = /\/(kstars\/textures|xplanet\/images|plymouth\/themes\/[^/]+)\//;
/**
 * Round 3's pictures (paths inside each package of `fp-corpus.sh --round 3`): photo-album demos,
 * genealogy examples, account pictures, GCompris's activity pictures (unpacked from its .rcc files
 * under rcc/), puzzle photos, wallpapers, drawing templates, login-screen backgrounds.
 */
const PICTURE_DIRS_3 =
  /^\/(rcc\/|usr\/share\/(kphotoalbum\/demo|doc\/gramps\/example|pixmaps\/faces|palapeli\/(collection|backgrounds)|lxqt\/wallpapers|tuxpaint\/(templates|starters)|scribus\/templates|fvwm-crystal\/fvwm\/wallpapers|afterstep\/desktop\/(tiles|backgrounds))\/|usr\/share\/sddm\/themes\/[^/]+\/(images\/)?background\.)/;
/**
 * Not pictures in round 3: GCompris's jigsaw pieces (paintings/, and the cut-out shapes of
 * babyshapes/ and details/, whose pictures are the *_background files), its interface (core/), and
 * the screenshots of Scribus in its project templates (scribus_min*).
 */
const NOT_PICTURES_3 = /^\/rcc\/(paintings|core)\/|^\/rcc\/(babyshapes|details)\/(?!.*_background\.)|\/scribus_min[^/]*$/;
/**
 * Round 4's pictures (paths inside each package of `fp-corpus.sh --round 4`): Stellarium's
 * deep-sky photographs, Tux Paint's stamps, two WordPress themes' paintings and illustrations, the
 * jigsaw game's sample photos and table, Kodi's skin backgrounds, the gallery app's album covers,
 * and the wallpapers and login backgrounds of window managers and MyPaint's paper backgrounds.
 */
const PICTURE_DIRS_4 =
  /^\/usr\/share\/(stellarium\/nebulae\/default|tuxpaint\/stamps|wordpress\/wp-content\/themes\/[^/]+\/assets\/images|puzzle-jigsaw\/(samples|images)|kodi\/addons\/skin\.[^/]+\/(background|extras\/backgrounds)|lomiri-gallery-app\/rc\/qml\/AlbumViewer\/img|awesome\/themes\/[^/]+|blackbox\/backgrounds|images\/fluxbox|icewm(\/themes\/[^/]+)?|lxde\/wallpapers|pekwm\/themes\/[^/]+|slim\/themes\/[^/]+|WindowMaker\/Backgrounds|mypaint\/backgrounds)\/[^/]+$|^\/usr\/share\/tuxpaint\/stamps\//;
/**
 * Not pictures in round 4: Tux Paint's pre-mirrored and outline copies of a stamp (the same
 * picture), the gallery app's thumbnail frames, "add" button and small album covers (each also
 * ships a -large one), slim's panels; and, seen on the contact sheets before any scoring, logos
 * alone on a plain ground (awesome's default backgrounds, fluxbox.png, IceWM.jpg).
 */
const NOT_PICTURES_4 =
  /_(mirror|outline)\.png$|\/album-(add|thumbnail)[^/]*$|\/album-cover-[a-z]+\.png$|\/slim\/themes\/[^/]+\/panel\.|\/awesome\/themes\/default\/background(_white)?\.png$|\/images\/fluxbox\/fluxbox\.png$|\/icewm\/IceWM\.jpg$/;
/** Rounds 2 and 4 add this many grid steps above the lowest threshold that flags no calibration picture. */
const MARGIN_STEPS = ROUND === 2 || ROUND === 4 ? 1 : 0;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * The picture a file shows. Plasma keeps one as wallpapers/NAME/contents/images{,_dark}/WxH.ext
 * (NAME is the picture); others put the size in the name (Sway_Wallpaper_Blue_1920x1080_Portrait).
 */
function pictureGroup(path: string): string {
  const m = /^(.*\/wallpapers\/[^/]+)\/contents\//.exec(path);
  return m
    ? m[1]
    : path
        .replace(RASTER, '')
        .replace(/[_-]?\d+x\d+/g, '')
        .replace(/[_-]?portrait$/i, '');
}

async function candidates(rootName = 'root', dirs = PICTURE_DIRS, not = NOT_PICTURES): Promise<Candidate[]> {
  const root = join(ROOT, rootName);
  const best = new Map<string, Candidate>();
  for (const pkg of readdirSync(root).sort()) {
    for (const file of walk(join(root, pkg))) {
      const path = '/' + relative(join(root, pkg), file);
      if (!RASTER.test(path) || !dirs.test(path) || NOT_PICTURES.test(path) || not.test(path)) continue;
      const meta = await sharp(file).metadata();
      if (!meta.width || !meta.height || Math.min(meta.width, meta.height) < MIN_SIDE) continue;
      const c: Candidate = {
        pkg,
        root: rootName,
        path,
        group: `${pkg}:${pictureGroup(path)}`,
        pixels: meta.width * meta.height,
        bytes: statSync(file).size,
      };
      const prev = best.get(c.group);
      if (!prev || c.pixels > prev.pixels || (c.pixels === prev.pixels && c.bytes > prev.bytes)) best.set(c.group, c);
    }
  }
  return [...best.values()].sort((a, b) => (a.group < b.group ? -1 : 1));
}

function readLabels(): Map<string, { photo: boolean; people: boolean }> {
  const labels = new Map<string, { photo: boolean; people: boolean }>();
  const file = new URL('./fp-labels.tsv', import.meta.url);
  if (!existsSync(file)) return labels;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [pkg, path, photo, people] = line.split('\t');
    labels.set(`${pkg}:${path}`, { photo: photo === 'photo', people: people === 'people' });
  }
  return labels;
}

/** Packages shuffled with the seed, each put in the half that has fewer pictures so far. */
function splitByPackage(pictures: Picture[]): { calibration: Picture[]; heldOut: Picture[] } {
  const pkgs = [...new Set(pictures.map((p) => p.pkg))].sort();
  const next = seededRandom(SEED);
  for (let i = pkgs.length - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [pkgs[i], pkgs[j]] = [pkgs[j], pkgs[i]];
  }
  const calibration: Picture[] = [];
  const heldOut: Picture[] = [];
  for (const pkg of pkgs) {
    const mine = pictures.filter((p) => p.pkg === pkg);
    (calibration.length <= heldOut.length ? calibration : heldOut).push(...mine);
  }
  return { calibration, heldOut };
}

type Variant = 'plain' | 'mirror-min';
const score = (p: Scored, v: Variant): Scores =>
  v === 'plain' ? p.plain : { sexual: Math.min(p.plain.sexual, p.mirror.sexual), suggestive: Math.min(p.plain.suggestive, p.mirror.suggestive) };

/** The rule of docs/policy.md: per category the lowest grid value that flags no calibration picture (else 0.9). */
function thresholdsFor(cal: Scored[], v: Variant): Scores {
  const pick = (c: keyof Scores) => {
    const i = GRID.findIndex((t) => cal.every((p) => score(p, v)[c] < t));
    return GRID[i < 0 ? GRID.length - 1 : Math.min(GRID.length - 1, i + MARGIN_STEPS)];
  };
  return { sexual: pick('sexual'), suggestive: pick('suggestive') };
}

type Audience = 'child' | 'teen' | 'adult';
/** Whether the default profile acts on `p` in `direction` (the classifier categories only). */
function flagged(s: Scores, t: Scores, audience: Audience, direction: 'incoming' | 'outgoing', cat?: keyof Scores): boolean {
  const sexual = s.sexual >= t.sexual;
  const suggestive = s.suggestive >= t.suggestive;
  const acts = {
    child: { sexual: true, suggestive: true },
    teen: { sexual: true, suggestive: false },
    adult: { sexual: direction === 'incoming', suggestive: false },
  }[audience];
  const hit = { sexual: acts.sexual && sexual, suggestive: acts.suggestive && suggestive };
  return cat ? hit[cat] : hit.sexual || hit.suggestive;
}

function chooseThresholds(cal: Scored[]): { variant: Variant; thresholds: Scores; calFlagged: Record<Variant, number> } {
  const calFlagged = {} as Record<Variant, number>;
  for (const v of ['plain', 'mirror-min'] as Variant[]) {
    const t = thresholdsFor(cal, v);
    calFlagged[v] = cal.filter((p) => flagged(score(p, v), t, 'child', 'incoming')).length;
  }
  // The mirror costs a second classification: used only if it flags strictly fewer calibration pictures.
  const variant: Variant = calFlagged['mirror-min'] < calFlagged.plain ? 'mirror-min' : 'plain';
  return { variant, thresholds: thresholdsFor(cal, variant), calFlagged };
}

async function sheets(pictures: Picture[], dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const per = 20;
  for (let s = 0; s * per < pictures.length; s++) {
    const tiles = await Promise.all(
      pictures.slice(s * per, (s + 1) * per).map((p) =>
        sharp(join(ROOT, p.root, p.pkg, p.path))
          .resize(240, 160, { fit: 'contain', background: '#fff' })
          .png()
          .toBuffer(),
      ),
    );
    const cols = 5;
    const img = sharp({ create: { width: cols * 250, height: Math.ceil(tiles.length / cols) * 170, channels: 3, background: '#888' } });
    await img
      .composite(tiles.map((t, i) => ({ input: t, left: (i % cols) * 250 + 5, top: Math.floor(i / cols) * 170 + 5 })))
      .png()
      .toFile(join(dir, `sheet-${String(s).padStart(2, '0')}.png`));
  }
  pictures.forEach((p, i) => console.log(`${String(Math.floor(i / per)).padStart(2, '0')}:${i % per}\t${p.pkg}\t${p.path}`));
}

// The built Node entry, as users run it (a variable path: a fresh clone has no dist/ to typecheck).
const DIST_ENTRY = '../dist/node/index.js';
const { createScanner } = (await import(DIST_ENTRY)) as typeof import('../src/node/index.js');
const scanner = await createScanner({ model: true, maxPixels: 100_000_000, exposeDetails: true });
await scanner.status(); // the classifier loads after createScanner resolves; status() waits for it
if (scanner.classifier.state !== 'ready') throw new Error(`classifier not ready: ${JSON.stringify(scanner.classifier)}`);

// 1 + 2: one file per picture, then near-duplicates (largest first, so the larger is kept). Round 3
// first rebuilds rounds 1 and 2 exactly as round 2 did, then adds its own pictures, each dropped if
// within PDQ 31 of any picture kept before (earlier rounds' pictures are never displaced).
const bySize = (a: Candidate, b: Candidate) => b.pixels - a.pixels || (a.group < b.group ? -1 : 1);
const earlier = [...(await candidates()), ...(ROUND >= 2 ? await candidates('root2', PICTURE_DIRS_2) : [])].sort(bySize);
const cands = [
  ...earlier,
  ...(ROUND >= 3 ? (await candidates('root3', PICTURE_DIRS_3, NOT_PICTURES_3)).sort(bySize) : []),
  ...(ROUND === 4 ? (await candidates('root4', PICTURE_DIRS_4, NOT_PICTURES_4)).sort(bySize) : []),
];
/** The round whose new pictures are held out (round 1 splits its own pictures instead). */
const NEW_ROOT = ROUND === 4 ? 'root4' : 'root3';
const labels = readLabels();
const distinct: Picture[] = [];
let nearDuplicates = 0;
let nearDuplicates3 = 0;
for (const c of cands) {
  const bytes = readFileSync(join(ROOT, c.root, c.pkg, c.path));
  const h = await scanner.hashImage(bytes);
  if (distinct.some((d) => hammingDistance(d.pdq, h.pdq) <= PDQ_MATCH_THRESHOLD)) {
    nearDuplicates++;
    if (c.root === NEW_ROOT) nearDuplicates3++;
    continue;
  }
  const label = labels.get(`${c.pkg}:${c.path}`);
  distinct.push({ ...c, pdq: h.pdq, quality: h.quality, photo: label?.photo ?? false, people: label?.people ?? false });
}
distinct.sort((a, b) => (a.group < b.group ? -1 : 1));
if (sheetsDir) {
  await sheets(ROUND >= 3 ? distinct.filter((p) => p.root === NEW_ROOT) : distinct, sheetsDir);
  await scanner.dispose();
  process.exit(0);
}
const unlabelled = distinct.filter((p) => !labels.has(`${p.pkg}:${p.path}`)).length;
const unlabelled3 = distinct.filter((p) => p.root === NEW_ROOT && !labels.has(`${p.pkg}:${p.path}`)).length;

async function classify(p: Picture): Promise<Scored> {
  const file = join(ROOT, p.root, p.pkg, p.path);
  const plain = await scanner.classifyImage(readFileSync(file));
  const { data, info } = await sharp(file).rotate().flop().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const mirror = await scanner.classifyImage({
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  });
  return { ...p, plain: { sexual: plain.sexual, suggestive: plain.suggestive }, mirror: { sexual: mirror.sexual, suggestive: mirror.suggestive } };
}

// 3 + 4: split, calibrate on one half, then (only then) score the held-out half.
// Round 3 calibrates nothing: its held-out set is scored at the shipped defaults, fixed by round 2.
// Round 4 calibrates on every distinct picture of rounds 1-3 and holds out its own.
const { calibration, heldOut } =
  ROUND >= 3
    ? { calibration: distinct.filter((p) => p.root !== NEW_ROOT), heldOut: distinct.filter((p) => p.root === NEW_ROOT) }
    : ROUND === 2
      ? { calibration: distinct.filter((p) => p.root === 'root'), heldOut: distinct.filter((p) => p.root === 'root2') }
      : splitByPackage(distinct);
const cal: Scored[] = [];
if (ROUND !== 3) for (const p of calibration) cal.push(await classify(p));
const fixed = {
  variant: (DEFAULT_MIRROR_MIN ? 'mirror-min' : 'plain') as Variant,
  thresholds: { ...DEFAULT_THRESHOLDS },
  calFlagged: { plain: NaN, 'mirror-min': NaN },
};
const chosen = ROUND === 3 ? fixed : chooseThresholds(cal);
const held: Scored[] = [];
for (const p of heldOut) held.push(await classify(p));
await scanner.dispose();
// Every picture's scores, for looking into (under .cache/, like the images: never committed).
writeFileSync(
  join(ROOT, `scores-round${ROUND}.json`),
  JSON.stringify([...cal.map((p) => ({ half: 'calibration', ...p })), ...held.map((p) => ({ half: 'held-out', ...p }))], null, 1),
);

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const out: string[] = [];
out.push(`round ${ROUND}`);
const count = (ps: Picture[]) =>
  `${ps.length} pictures, ${ps.filter((p) => p.photo).length} photos, ${ps.filter((p) => p.people).length} photos with people`;
out.push(`corpus: ${cands.length} files after one-per-picture, ${nearDuplicates} near-duplicates dropped (PDQ <= ${PDQ_MATCH_THRESHOLD})`);
out.push(`distinct: ${count(distinct)}${unlabelled ? ` (${unlabelled} without a label in fp-labels.tsv)` : ''}`);
if (ROUND >= 3) {
  out.push(
    `round ${ROUND} alone: ${cands.filter((c) => c.root === NEW_ROOT).length} files after one-per-picture, ${nearDuplicates3} near-duplicates dropped (of each other or of earlier rounds), ${count(heldOut)}${unlabelled3 ? ` (${unlabelled3} UNLABELLED)` : ''}`,
  );
}
out.push(`packages: ${[...new Set(distinct.map((p) => p.pkg))].map((k) => `${k} ${distinct.filter((p) => p.pkg === k).length}`).join(', ')}`);
out.push(
  `${ROUND === 3 ? 'earlier rounds (only for dropping near-duplicates; not scored)' : ROUND === 4 ? 'calibration (every distinct picture of rounds 1-3)' : 'calibration half'}: ${count(calibration)} from ${[...new Set(calibration.map((p) => p.pkg))].join(', ')}`,
);
out.push(`held-out ${ROUND >= 3 ? 'set' : 'half'}: ${count(heldOut)} from ${[...new Set(heldOut.map((p) => p.pkg))].join(', ')}`);
out.push('');
if (ROUND === 3) out.push('calibration: none in round 3 (the defaults, fixed before round 3 was unpacked, are scored as shipped)');
else
  out.push(
    `calibration, child incoming flagged at each variant's own thresholds: plain ${chosen.calFlagged.plain}, mirror-min ${chosen.calFlagged['mirror-min']}`,
  );
out.push(
  `${ROUND === 3 ? 'shipped' : 'chosen'}: variant ${chosen.variant}, thresholds sexual ${chosen.thresholds.sexual}, suggestive ${chosen.thresholds.suggestive}`,
);
if (ROUND === 4) {
  // The rule, not src/, decides round 4; the shipped defaults must be what it chose (docs/policy.md).
  const same =
    chosen.variant === (DEFAULT_MIRROR_MIN ? 'mirror-min' : 'plain') &&
    chosen.thresholds.sexual === DEFAULT_THRESHOLDS.sexual &&
    chosen.thresholds.suggestive === DEFAULT_THRESHOLDS.suggestive;
  out.push(
    `shipped defaults (src/policy/profiles.ts): variant ${DEFAULT_MIRROR_MIN ? 'mirror-min' : 'plain'}, sexual ${DEFAULT_THRESHOLDS.sexual}, suggestive ${DEFAULT_THRESHOLDS.suggestive}: ${same ? 'the same as chosen' : 'DIFFERENT from the rule: the figures below are at the chosen values'}`,
  );
}
out.push('');
out.push(
  '| audience | direction | category | held-out flagged / total | 95% upper bound | photos flagged / total | 95% upper bound | people photos flagged / total | 95% upper bound |',
);
out.push('|---|---|---|---|---|---|---|---|---|');
const json: Record<string, unknown>[] = [];
const people = held.filter((p) => p.people);
const photos = held.filter((p) => p.photo);
const bound = (k: number, n: number) => (n ? pct(clopperPearsonUpper(k, n)) : '—');
for (const audience of ['child', 'teen', 'adult'] as Audience[]) {
  for (const direction of ['incoming', 'outgoing'] as const) {
    if (audience === 'adult' && direction === 'outgoing') {
      out.push(`| adult | outgoing | (classifier not run) | 0 / ${held.length} | — | 0 / ${photos.length} | — | 0 / ${people.length} | — |`);
      continue;
    }
    for (const cat of [undefined, 'sexual', 'suggestive'] as const) {
      const k = held.filter((p) => flagged(score(p, chosen.variant), chosen.thresholds, audience, direction, cat)).length;
      const kp = people.filter((p) => flagged(score(p, chosen.variant), chosen.thresholds, audience, direction, cat)).length;
      const kf = photos.filter((p) => flagged(score(p, chosen.variant), chosen.thresholds, audience, direction, cat)).length;
      out.push(
        `| ${audience} | ${direction} | ${cat === 'suggestive' && audience !== 'child' ? 'suggestive (not acted on)' : (cat ?? 'any')} | ${k} / ${held.length} | ${bound(k, held.length)} | ${kf} / ${photos.length} | ${bound(kf, photos.length)} | ${kp} / ${people.length} | ${bound(kp, people.length)} |`,
      );
      json.push({
        audience,
        direction,
        category: cat ?? 'any',
        flagged: k,
        total: held.length,
        upper95: clopperPearsonUpper(k, held.length),
        photosFlagged: kf,
        photosTotal: photos.length,
        peopleFlagged: kp,
        peopleTotal: people.length,
      });
    }
  }
}
const kind = (p: Picture) => `${p.photo ? 'photo' : 'art'}${p.people ? ', people' : ''}`;
out.push('');
out.push('Held-out pictures flagged at the child default (either direction):');
for (const p of held.filter((q) => flagged(score(q, chosen.variant), chosen.thresholds, 'child', 'outgoing'))) {
  const s = score(p, chosen.variant);
  out.push(`- ${p.pkg}${p.path} (${kind(p)}): sexual ${s.sexual.toFixed(3)}, suggestive ${s.suggestive.toFixed(3)}`);
}
out.push('Highest held-out scores (variant as chosen; plain in brackets):');
for (const p of [...held]
  .sort(
    (a, b) =>
      Math.max(score(b, chosen.variant).sexual, score(b, chosen.variant).suggestive) -
      Math.max(score(a, chosen.variant).sexual, score(a, chosen.variant).suggestive),
  )
  .slice(0, ROUND >= 3 ? 12 : 8)) {
  const s = score(p, chosen.variant);
  out.push(
    `- ${p.pkg}${p.path} (${kind(p)}): sexual ${s.sexual.toFixed(3)} (plain ${p.plain.sexual.toFixed(3)}, mirror ${p.mirror.sexual.toFixed(3)}), suggestive ${s.suggestive.toFixed(3)} (plain ${p.plain.suggestive.toFixed(3)}, mirror ${p.mirror.suggestive.toFixed(3)})`,
  );
}
if (cal.length) out.push('Highest calibration scores (plain / mirror):');
for (const p of [...cal].sort((a, b) => Math.max(b.plain.sexual, b.plain.suggestive) - Math.max(a.plain.sexual, a.plain.suggestive)).slice(0, 8)) {
  out.push(
    `- ${p.pkg}${p.path}: sexual ${p.plain.sexual.toFixed(3)} / ${p.mirror.sexual.toFixed(3)}, suggestive ${p.plain.suggestive.toFixed(3)} / ${p.mirror.suggestive.toFixed(3)}`,
  );
}
console.log(out.join('\n'));
console.log(
  JSON.stringify({
    eval: 'fp',
    round: ROUND,
    distinct: distinct.length,
    photos: distinct.filter((p) => p.photo).length,
    people: distinct.filter((p) => p.people).length,
    heldOut: held.length,
    heldOutPhotos: photos.length,
    heldOutPeople: people.length,
    variant: chosen.variant,
    thresholds: chosen.thresholds,
    rows: json,
  }),
);
