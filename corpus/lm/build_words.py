"""Write corpus/lm/words.txt.gz: Vietnamese multi-syllable words from the pyvi wheel's word list (MIT).

`python corpus/lm/build_words.py` downloads pyvi 0.1.1 with `pip download --no-deps` (nothing is
installed) and keeps its words of two to four syllables, NFC, old tone style, one per line. The
language model counts the syllable pairs inside these words, which tells it that "báo cáo" and
"kết quả" are words even when the plans used to train it never wrote them.
"""

import gzip
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    sys.path.insert(0, str(HERE.parent.parent))
    from vnplan.extract.repair.unicode import normalize_tones

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "pyvi==0.1.1", "--no-deps", "-q", "-d", tmp],
                       check=True)
        wheel = next(Path(tmp).glob("pyvi-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            raw = archive.read("pyvi/models/words.txt").decode("utf-8")
    words = set()
    for line in raw.splitlines():
        word = normalize_tones(line.strip().lower())
        if 2 <= len(word.split()) <= 4 and all(s.isalpha() for s in word.split()):
            words.add(word)
    out = HERE / "words.txt.gz"
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("# multi-syllable words from pyvi 0.1.1 models/words.txt (MIT, (c) 2016 Viet-Trung Tran)\n")
        f.write("\n".join(sorted(words)) + "\n")
    print(f"{len(words)} words → {out}")


if __name__ == "__main__":
    main()
