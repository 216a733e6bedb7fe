"""Build data/seoul/ from the research folder's Seoul tables (run once, by hand).

    python tools/build_seoul_data.py PATH/TO/seoul_dongs.csv PATH/TO/seoul_district_offices.csv

English dong names are a plain Revised-Romanization transliteration of the Hangul (no
sound-change rules), so they are readable labels, not official spellings.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

_INI = [
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
]
_MED = [
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
]
_FIN = [
    "",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "ng",
    "t",
    "t",
    "k",
    "t",
    "p",
    "t",
]


def romanize(text: str) -> str:
    """Hangul syllables → Revised Romanization letters (other characters kept)."""
    out = []
    prev_final = ""
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            ini, med, fin = code // 588, (code % 588) // 28, code % 28
            initial = _INI[ini]
            if initial == "r" and prev_final == "l":
                initial = "l"
            out.append(initial + _MED[med] + _FIN[fin])
            prev_final = _FIN[fin]
        else:
            out.append(ch)
            prev_final = ""
    return "".join(out)


def dong_en(dong_ko: str) -> str:
    """``신당5동`` → ``Sindang 5-dong``; ``청운효자동`` → ``Cheongunhyoja-dong``."""
    stem = dong_ko.removesuffix("동")
    head = stem.rstrip("0123456789.·제")
    tail = stem[len(head) :].replace("제", "")
    name = romanize(head).capitalize()
    return f"{name} {tail}-dong" if tail else f"{name}-dong"


def main(dongs: Path, offices: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(offices, encoding="utf-8-sig") as fh:
        office_rows = list(csv.DictReader(fh))
    en_of = {r["sgg_ko"]: r["sgg_en"] for r in office_rows}
    with open(out / "district_offices.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "id",
                "district_ko",
                "district_en",
                "office_name_ko",
                "address_ko",
                "lat",
                "lon",
                "confidence",
            ]
        )
        for r in office_rows:
            slug = r["sgg_en"].lower().removesuffix("-gu")
            w.writerow(
                [
                    slug,
                    r["sgg_ko"],
                    r["sgg_en"],
                    r["office_name_ko"],
                    r["address_ko"],
                    r["lat"],
                    r["lon"],
                    r["confidence"],
                ]
            )
    with open(dongs, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    with open(out / "dong_centers.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "id",
                "dong_ko",
                "dong_en",
                "center_name_ko",
                "address_ko",
                "lat",
                "lon",
                "population",
                "population_year",
                "adm_code",
                "district",
                "district_en",
                "point_kind",
            ]
        )
        for r in rows:
            w.writerow(
                [
                    r["adm_cd"],
                    r["dong_ko"],
                    dong_en(r["dong_ko"]),
                    f"{r['dong_ko']}주민센터",
                    f"서울특별시 {r['sgg_ko']} {r['dong_ko']}",
                    r["lat"],
                    r["lon"],
                    r["population"],
                    r["population_year"],
                    r["adm_cd"],
                    r["sgg_ko"],
                    en_of[r["sgg_ko"]],
                    r["point_kind"],
                ]
            )


if __name__ == "__main__":
    main(
        Path(sys.argv[1]), Path(sys.argv[2]), Path(__file__).resolve().parents[1] / "data" / "seoul"
    )
