#!/usr/bin/env python3
"""Derives lexicon/antonyms.yaml from WordNet 3.0 (Debian package wordnet-base).

Run at development time, not at build time:

    sudo apt-get install wordnet-base
    python3 tools/claim-lint/lexicon/wordnet/make-antonyms.py > tools/claim-lint/lexicon/antonyms.yaml

It keeps WordNet's direct antonym pairs ("!" pointers) between head adjectives that are
values of an attribute ("=" pointers: thick and thin of thickness), and between adverbs;
single words only, both in common use (a tagged sense count of at least MIN_COUNT in
cntlist.rev). Each word is written with the irregular forms WordNet lists for it in
adj.exc (better, thinner); claim-lint finds regular forms (louder) with WordNet's own
suffix rules when it matches. The WordNet licence is in LICENSE-WordNet beside this
script.
"""
import collections
import os
import re
import sys

WN = os.environ.get("WNDIR", "/usr/share/wordnet")
MIN_COUNT = 5


def senses_counts():
    counts = collections.Counter()
    with open(os.path.join(WN, "cntlist.rev")) as f:
        for line in f:
            key, _, count = line.split()
            lemma = key.split("%")[0]
            counts[lemma] += int(count)
    return counts


def exceptions():
    """Lemma -> its irregular inflected forms, and the set of all inflected forms."""
    forms = collections.defaultdict(set)
    inflected = set()
    with open(os.path.join(WN, "adj.exc")) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                forms[parts[1]].add(parts[0])
                inflected.add(parts[0])
    return forms, inflected


def antonym_pairs(pos_file, pos_code):
    """Direct antonym pairs. For adjectives, only head synsets with an attribute pointer
    ("="): WordNet links an adjective to the attribute it is a value of (thick and thin to
    thickness), which marks the gradable, degree-like adjectives this rule is about and
    leaves out labels such as left and right."""
    words_by_offset = {}
    has_attribute = set()
    pointers = []
    with open(os.path.join(WN, pos_file)) as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split(" | ")[0].split()
            offset, _, ss_type = fields[0], fields[1], fields[2]
            n_words = int(fields[3], 16)
            words = [fields[4 + 2 * i] for i in range(n_words)]
            words_by_offset[offset] = (ss_type, words)
            at = 4 + 2 * n_words
            n_ptr = int(fields[at])
            for k in range(n_ptr):
                sym, target, tpos, srctgt = fields[at + 1 + 4 * k: at + 5 + 4 * k]
                if sym == "=":
                    has_attribute.add(offset)
                if sym == "!":
                    src, tgt = int(srctgt[:2], 16), int(srctgt[2:], 16)
                    pointers.append((offset, src, target, tgt))
    pairs = set()
    for offset, src, target, tgt in pointers:
        ss_type, words = words_by_offset[offset]
        if pos_code == "a" and (ss_type != "a" or offset not in has_attribute):
            continue
        if target not in words_by_offset:
            continue
        a = re.sub(r"\(.*\)$", "", words[src - 1]).lower()
        b = re.sub(r"\(.*\)$", "", words_by_offset[target][1][tgt - 1]).lower()
        if "_" in a or "_" in b or "-" in a or "-" in b or a == b:
            continue
        pairs.add(tuple(sorted((a, b))))
    return pairs


VOWELS = "aeiou"


def regular_forms(word):
    if word.endswith("e"):
        return [word + "r", word + "st"]
    if word.endswith("y") and len(word) > 2 and word[-2] not in VOWELS:
        return [word[:-1] + "ier", word[:-1] + "iest"]
    if (len(word) >= 3 and word[-1] not in VOWELS + "wxy" and word[-2] in VOWELS
            and word[-3] not in VOWELS):
        return [word + word[-1] + "er", word + word[-1] + "est"]
    return [word + "er", word + "est"]


def gradable(word, exc):
    # One or two syllables take -er in English; WordNet's exceptions show the rest.
    syllables = len(re.findall(r"[aeiouy]+", word))
    return word in exc or syllables <= 2


def main():
    counts = senses_counts()
    exc, inflected_forms = exceptions()
    adjectives = antonym_pairs("data.adj", "a")
    adverbs = antonym_pairs("data.adv", "r")
    out = []
    for a, b in sorted(adjectives):
        if counts[a] < MIN_COUNT or counts[b] < MIN_COUNT:
            continue
        if not (gradable(a, exc) and gradable(b, exc)):
            continue
        forms = []
        for w in (a, b):
            # Irregular forms as WordNet lists them (better, thinner); regular ones (louder)
            # are found at match time by WordNet's own suffix rules (morphy).
            inflected = [] if w in inflected_forms else sorted(exc.get(w, ()))
            forms.append([w] + [f for f in inflected if f != w])
        out.append(forms)
    for a, b in sorted(adverbs):
        if counts[a] < MIN_COUNT or counts[b] < MIN_COUNT:
            continue
        out.append([[a], [b]])
    print("# antonyms.yaml: generated by lexicon/wordnet/make-antonyms.py from WordNet 3.0.")
    print("# Do not edit by hand; change the script and run it again. WordNet licence:")
    print("# lexicon/wordnet/LICENSE-WordNet. Each entry is two opposite words, each with its")
    print("# comparative and superlative forms. Read by the reversed-direction rule.")
    print('about: "Opposite direction and degree words, from WordNet 3.0."')
    print("entries:")
    for left, right in out:
        print("  - [[{}], [{}]]".format(", ".join(f'"{w}"' for w in left), ", ".join(f'"{w}"' for w in right)))


if __name__ == "__main__":
    sys.exit(main())
