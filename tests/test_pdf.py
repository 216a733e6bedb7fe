"""month.pdf and posters/<center>.pdf: Korean text, every date, embedded fonts (poppler-utils)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from share_fixtures import load_boundaries, real_case

from scheduler.core.plan import Plan
from scheduler.output.labels import format_date
from scheduler.output.pdf import PublicInfo, month_pdf, poster_filename, poster_pdf
from tests.conftest import write_plan


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing (apt-get install poppler-utils)")
        pytest.skip(f"{name} is missing (apt-get install poppler-utils)")
    return path


def pdf_text(path: Path) -> str:
    """The text of a PDF as pdftotext reads it (layout kept), spaces normalised; pages
    separated by form feeds."""
    out = subprocess.run(
        [_tool("pdftotext"), "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return "\f".join(
        "\n".join(" ".join(line.split()) for line in page.split("\n")) for page in out.split("\f")
    )


def pdf_fonts(path: Path) -> list[list[str]]:
    """pdffonts' table rows (name, type, encoding, emb, sub, uni, …)."""
    out = subprocess.run(
        [_tool("pdffonts"), str(path)], check=True, capture_output=True, text=True
    ).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def pdf_pages(path: Path) -> int:
    out = subprocess.run(
        [_tool("pdfinfo"), str(path)], check=True, capture_output=True, text=True
    ).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def _assert_fonts_embedded(path: Path) -> None:
    rows = pdf_fonts(path)
    assert rows, f"{path.name} has no fonts"
    for row in rows:
        assert "Pretendard" in row[0]
        emb, sub = row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), row


@pytest.fixture(scope="module")
def plan_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`visitplan plan --month 2026-12 --counselors 2 --visits-per-day 2`."""
    out = tmp_path_factory.mktemp("pdf") / "2026-12"
    return write_plan(out, "--month", "2026-12", "--counselors", "2", "--visits-per-day", "2")


def _visits(folder: Path) -> list[dict[str, str]]:
    return list(
        csv.DictReader((folder / "schedule.csv").read_text(encoding="utf-8-sig").splitlines())
    )


def test_one_poster_per_visited_center_with_its_name_and_every_date(plan_dir: Path) -> None:
    """posters/: a PDF per visited center; its text has the Korean name, each date as
    `12월 3일(목)` with the hours, 신분증 and the contact; the fonts are embedded."""
    rows = _visits(plan_dir)
    visited = sorted({r["center_id"] for r in rows})
    posters = sorted(p.name for p in (plan_dir / "posters").iterdir())
    assert posters == sorted(Path(poster_filename(c)).name for c in visited)
    for center in visited:
        path = plan_dir / poster_filename(center)
        text = pdf_text(path)
        mine = [r for r in rows if r["center_id"] == center]
        assert mine[0]["center_name_ko"] in text
        for r in mine:
            day = format_date(dt.date.fromisoformat(r["date"]))
            assert day in text, (center, day)
            line = next(ln for ln in text.splitlines() if day in ln)
            assert f"{r['start']}~{r['end']}" in line
        assert "신분증" in text
        assert "중구 일자리플러스센터" in text and "junggu.seoul.kr" in text  # [contact]
        assert pdf_pages(path) == 1
        _assert_fonts_embedded(path)


def test_month_pdf_has_every_visit_and_a_map_page(plan_dir: Path) -> None:
    """month.pdf: the grid (a column per visit weekday) with every visit, then the map page."""
    path = plan_dir / "month.pdf"
    text = pdf_text(path)
    assert pdf_pages(path) == 2
    rows = _visits(plan_dir)
    for r in rows:
        assert format_date(dt.date.fromisoformat(r["date"])) in text
    header = next(ln for ln in text.splitlines() if ln.split() == ["화", "목"])
    assert header
    page2 = text.split("\f")[1]
    assert "방문 지도" in page2 and "admdongkor" in page2 and "CC BY 4.0" in page2
    assert "12/1" in page2  # the dates under the centers
    _assert_fonts_embedded(path)


def test_english_poster_and_month(tmp_path: Path) -> None:
    """lang='en': English words and dates (`Thu 3 Dec`), the Korean name kept for the sign."""
    problem, plan = real_case()
    site = problem.sites[0]
    path = tmp_path / "p.pdf"
    path.write_bytes(
        poster_pdf(
            problem, plan, site, "en", PublicInfo(office="중구청", office_en="Jung-gu Office")
        )
    )
    text = pdf_text(path)
    assert site.name_en in text and site.name in text and "ID card" in text
    assert "Jung-gu Office" in text
    for v in (v for v in plan.visits if v.site_id == site.id):
        assert format_date(v.date, "en") in text
    month = tmp_path / "m.pdf"
    month.write_bytes(month_pdf(problem, plan, "en", boundaries=load_boundaries()))
    assert "Tue 1 Dec" in pdf_text(month) and "Map of the visits" in pdf_text(month)


def test_poster_qr_only_with_a_web_page_and_pdfs_are_reproducible(tmp_path: Path) -> None:
    """The QR code's caption shows only when [contact] web is set; same input → same bytes."""
    problem, plan = real_case()
    site = problem.sites[1]
    with_web = poster_pdf(problem, plan, site, "ko", PublicInfo(web="https://example.org/jobs"))
    without = poster_pdf(problem, plan, site, "ko", PublicInfo(phone="02-000-0000"))
    (tmp_path / "a.pdf").write_bytes(with_web)
    (tmp_path / "b.pdf").write_bytes(without)
    assert "자세한 안내" in pdf_text(tmp_path / "a.pdf")
    assert "자세한 안내" not in pdf_text(tmp_path / "b.pdf")
    assert "02-000-0000" in pdf_text(tmp_path / "b.pdf")
    assert (
        poster_pdf(problem, plan, site, "ko", PublicInfo(web="https://example.org/jobs"))
        == with_web
    )
    assert month_pdf(problem, plan) == month_pdf(problem, plan)


def test_hostile_names_and_an_empty_plan_still_make_pdfs(tmp_path: Path) -> None:
    """Control characters and line breaks in names neither crash the writer nor add lines."""
    from share_fixtures import hostile_case

    problem, plan = hostile_case()
    for site in problem.sites:
        data = poster_pdf(problem, plan, site, "ko")
        assert data.startswith(b"%PDF")
    (tmp_path / "m.pdf").write_bytes(month_pdf(problem, Plan(()), boundaries=load_boundaries()))
    assert "방문 없음" in pdf_text(tmp_path / "m.pdf")
