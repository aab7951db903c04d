"""Write corpus/lexicons/legacy_tcvn3.csv (from glibc iconv) and legacy_vni.csv (from the VNI key layout)."""

import csv
import subprocess
from pathlib import Path

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"


def main() -> None:
    rows = []
    # Bytes 0xA1–0xFF and 0x80–0x9F carry the Vietnamese letters in TCVN 5712:1993 (VN3 = the ABC
    # fonts such as .VnTime). A document that used those fonts shows the bytes as cp1252 characters.
    for byte in list(range(0x80, 0xA0)) + list(range(0xA1, 0x100)):
        legacy = bytes([byte]).decode("cp1252", errors="ignore")
        out = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([byte]),
                             capture_output=True, check=True).stdout.decode()
        if not legacy or not out or legacy == out or len(out) != 1 or not out.isalpha():
            continue
        rows.append((legacy, out, f"byte 0x{byte:02X}"))
    with open(LEXICONS / "legacy_tcvn3.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["legacy", "unicode", "comment"])
        writer.writerows(rows)
    print(f"{len(rows)} TCVN3 characters")
    write_vni()


# VNI Windows fonts write a letter as its base ASCII letter plus one or two cp1252 "mark" characters.
VNI_TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
# after â/ê/ô (written aâ, eâ, oâ) the tone takes another character: ấ = "aá", ầ = "aà" …
VNI_TONES_AFTER_CIRCUMFLEX = {"\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
# after ă (written aê) the tone is é è ú ü ë
VNI_TONES_AFTER_BREVE = {"\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
# i and its tones are single characters; ơ = "ô", ư = "ö", đ = "ñ"; ỵ = "î"
VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def write_vni() -> None:
    import unicodedata

    rows = []

    def add(unicode_text: str, legacy: str, comment: str = "") -> None:
        rows.append((legacy, unicodedata.normalize("NFC", unicode_text), comment))
        upper = legacy.upper()
        rows.append((upper, unicodedata.normalize("NFC", unicode_text).upper(), comment))

    add("đ", "ñ")
    for base in "aeouy":
        for tone, mark in VNI_TONES.items():
            if base == "y" and tone == "\u0323":
                add("y" + tone, "î", "ỵ is one character")
            else:
                add(base + tone, base + mark)
    for tone, mark in VNI_I.items():
        add("i" + tone, mark)
    for base in "aeo":  # â ê ô
        add(base + "\u0302", base + "â")
        for tone, mark in VNI_TONES_AFTER_CIRCUMFLEX.items():
            add(base + "\u0302" + tone, base + mark)
    add("a\u0306", "aê", "ă")
    for tone, mark in VNI_TONES_AFTER_BREVE.items():
        add("a\u0306" + tone, "a" + mark)
    for base, legacy in (("o", "ô"), ("u", "ö")):  # ơ ư
        add(base + "\u031b", legacy)
        for tone, mark in VNI_TONES.items():
            add(base + "\u031b" + tone, legacy + mark)
    rows = [r for r in rows if r[0] != r[1]]
    rows.sort(key=lambda r: (-len(r[0]), r[0]))
    with open(LEXICONS / "legacy_vni.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["legacy", "unicode", "comment"])
        writer.writerows(dict.fromkeys(rows))
    print(f"{len(rows)} VNI sequences")


if __name__ == "__main__":
    main()
