"""Builds the offline prose corpus for the word scorer (no network).

Sources (all installed locally, see MANIFEST.json for licences):
  - Python 3.11 documentation reST sources (Debian python3-doc), PSF-2.0 licence
  - README files under /usr/share/doc (Debian packages, DFSG-free licences)
  - README files of npm packages under node_modules whose package.json licence is permissive
Held-out pages (HOLDOUT) are never written: the benchmark in bench/text.ts draws its prose from them.
Output: corpus/train.txt and corpus/valid.txt, one paragraph per line; valid = paragraphs of documents whose
crc32(path) % 50 == 0 (a fixed, seed-free split).
"""
import gzip, json, os, re, sys, zlib

ROOT = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(ROOT, 'corpus')
REPO = os.path.dirname(os.path.dirname(ROOT))
PYDOC = '/usr/share/doc/python3.11/html/_sources'
HOLDOUT = {'library/shutil.rst.txt', 'library/tempfile.rst.txt', 'howto/sorting.rst.txt', 'library/secrets.rst.txt',
           'tutorial/errors.rst.txt', 'library/zipfile.rst.txt', 'library/gzip.rst.txt', 'howto/logging.rst.txt'}
PERMISSIVE = {'MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', '0BSD', 'BlueOak-1.0.0', 'Unlicense', 'CC0-1.0'}

ROLE = re.compile(r':[a-z:]+:`~?([^`<]*?)(?:\s*<[^>]*>)?`')
LINK = re.compile(r'`([^`<]+?)\s*<[^>]+>`_+')
MDLINK = re.compile(r'!?\[([^\]]*)\]\([^)]*\)')


def prose_paragraphs(text, md):
    """Paragraphs (blank-line separated) that read as prose: not indented code, not directives, mostly words."""
    out = []
    for block in re.split(r'\n\s*\n', text):
        lines = block.split('\n')
        if not lines or lines[0].startswith(('    ', '\t', '..', '>>>', '```', '|', '<', '$ ')):
            continue
        para = ' '.join(l.strip() for l in lines)
        para = ROLE.sub(r'\1', para)
        para = LINK.sub(r'\1', para) if not md else MDLINK.sub(r'\1', para)
        para = para.replace('``', '').replace('**', '').replace('`', '')
        para = re.sub(r'^[-*+] |^#+ ', '', para).strip()
        words = re.findall(r"[A-Za-z]+", para)
        if len(words) < 8 or len(''.join(words)) < 0.6 * len(para):
            continue
        out.append(para)
    return out


def read(path):
    opener = gzip.open if path.endswith('.gz') else open
    try:
        with opener(path, 'rt', encoding='utf-8', errors='replace') as f:
            return f.read(400_000)
    except OSError:
        return ''


def documents():
    for dirpath, _, files in sorted(os.walk(PYDOC)):
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(dirpath, name), PYDOC)
            if name.endswith('.rst.txt') and rel not in HOLDOUT and not rel.startswith('whatsnew/changelog'):
                yield 'pydoc:' + rel, read(os.path.join(dirpath, name)), False
    for pkg in sorted(os.listdir('/usr/share/doc')):
        d = os.path.join('/usr/share/doc', pkg)
        if not os.path.isdir(d) or pkg.startswith('python3.11'):
            continue
        for name in sorted(os.listdir(d)):
            if re.match(r'(?i)readme', name):
                yield 'debian:' + pkg + '/' + name, read(os.path.join(d, name)), name.lower().endswith(('.md', '.md.gz'))
    nm = os.path.join(REPO, 'node_modules')
    for dirpath, dirs, files in sorted(os.walk(nm)):
        dirs.sort()
        if 'package.json' not in files:
            continue
        try:
            lic = json.load(open(os.path.join(dirpath, 'package.json'))).get('license')
        except (OSError, ValueError):
            continue
        if lic not in PERMISSIVE:
            continue
        for name in sorted(files):
            if name.lower() == 'readme.md':
                yield 'npm:' + os.path.relpath(dirpath, nm), read(os.path.join(dirpath, name)), True


def main():
    os.makedirs(OUT, exist_ok=True)
    stats = {}
    with open(os.path.join(OUT, 'train.txt'), 'w') as tr, open(os.path.join(OUT, 'valid.txt'), 'w') as va:
        for key, text, md in documents():
            paras = prose_paragraphs(text, md)
            if not paras:
                continue
            src = key.split(':')[0]
            s = stats.setdefault(src, [0, 0])
            s[0] += 1
            s[1] += sum(len(p) for p in paras)
            f = va if zlib.crc32(key.encode()) % 50 == 0 else tr
            for p in paras:
                f.write(p + '\n')
    json.dump(stats, open(os.path.join(OUT, 'stats.json'), 'w'), indent=1)
    print(stats)


if __name__ == '__main__':
    main()
