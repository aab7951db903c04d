"""Write corpus/lexicons/syllables.csv: every Vietnamese syllable, from Debian hunspell-vi (MPL-2.0).

`apt-get install hunspell-vi` then `python corpus/lm/build_syllables.py`. Entries are lower-cased
words of /usr/share/hunspell/vi_VN.dic that pass the phonotactic check below, in NFC with the old
tone placement (hòa, thủy) that repair matches on.
"""

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DIC = Path("/usr/share/hunspell/vi_VN.dic")

# initial consonant, vowel nucleus with optional glide, final consonant or semivowel
INITIAL = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
NUCLEUS = "[aăâeêioôơuưy]{1,3}"
FINAL = "(?:ch|nh|ng|c|m|n|p|t)?"
SYLLABLE = re.compile(f"{INITIAL}{NUCLEUS}{FINAL}")


def main() -> None:
    sys.path.insert(0, str(HERE.parent.parent))
    from vnplan.extract.repair.unicode import nfc, split_tone, tone_style

    syllables = set()
    for line in DIC.read_text(encoding="utf-8").splitlines()[1:]:
        word = nfc(line.split("/")[0].strip())
        if not word or word != word.lower():
            continue  # capitalised entries are acronyms and names (UBND, Nguyễn): not syllables
        toneless, _ = split_tone(word)
        if SYLLABLE.fullmatch(toneless):
            syllables.add(tone_style(word))
    out = HERE.parent / "lexicons" / "syllables.csv"
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["syllable", "comment"])
        for i, syllable in enumerate(sorted(syllables)):
            writer.writerow([syllable, "from hunspell-vi vi_VN.dic, old tone style" if i == 0 else ""])
    print(f"{len(syllables)} syllables → {out}")


if __name__ == "__main__":
    main()
