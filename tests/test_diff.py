"""`hhz diff BASE [HEAD]` on real edits in temporary git repositories (issue: editor workflow)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hhz.review.diff import DiffUsageError, diff
from hhz.validate import validate_root
from projectfactory import BOUWSTEEN_IDS, make_project, region_yaml

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "",  # set per call: no user config
}


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ) | GIT_ENV | {"HOME": str(repo.parent)}
    proc = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with a valid project (regions alfa and beta) in one commit."""
    root = make_project(tmp_path / "repo")
    git(root, "init", "-q")
    commit(root, "basis")
    return root


def edit(repo: Path, rel: str, old: str, new: str, occurrence: int = 1) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    start = -1
    for _ in range(occurrence):
        start = text.find(old, start + 1)
        assert start >= 0, f"{old!r} (#{occurrence}) niet in {rel}"
    path.write_text(text[:start] + new + text[start + len(old) :], encoding="utf-8")


def set_level(repo: Path, region: str, bouwsteen: str, evaluation: int, level: int) -> None:
    """Set the level of ``bouwsteen`` in the n-th zelfevaluatie (1 = 2024, 2 = 2025)."""
    path = repo / "regions" / f"{region}.yaml"
    text = path.read_text(encoding="utf-8")
    start = -1
    for _ in range(evaluation):
        start = text.index("  - datum: ", start + 1)
    key = text.index(f"      {bouwsteen}:\n", start)
    level_at = text.index("niveau: ", key)
    end = text.index("\n", level_at)
    path.write_text(text[:level_at] + f"niveau: {level}" + text[end:], encoding="utf-8")


def hhz(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("HHZ_GEO_DIR", None)
    return subprocess.run([sys.executable, "-m", "hhz", *args], cwd=cwd, capture_output=True, text=True, env=env)


def bullets(summary: str, heading: str) -> list[str]:
    """The bullet lines under a `### heading` (heading matched by its start)."""
    lines = summary.splitlines()
    for index, line in enumerate(lines):
        if line.startswith(f"### {heading}"):
            out = []
            for item in lines[index + 1 :]:
                if item.startswith("### "):
                    break
                if item.startswith("- "):
                    out.append(item[2:])
            return out
    return []


def details(summary: str, bullet: str) -> list[str]:
    """The sub-bullets under the (first) bullet ``- bullet``."""
    lines = summary.splitlines()
    index = lines.index(f"- {bullet}")
    out = []
    for item in lines[index + 1 :]:
        if not item.startswith("  - "):
            break
        out.append(item[4:])
    return out


def test_level_up_and_down(repo: Path) -> None:
    set_level(repo, "alfa", "informatiebeleid", 2, 4)
    set_level(repo, "beta", "arbeidsmarkt", 2, 3)
    set_level(repo, "alfa", "regiovisie", 1, 1)  # an older zelfevaluatie: no level change
    commit(repo, "niveaus")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert bullets(summary, "Niveaus") == [
        "**ALFA** · informatiebeleid 3 → 4 ↑",
        "**BETA** · arbeidsmarkt 5 → 3 ↓",
    ]
    evaluations = bullets(summary, "Zelfevaluaties")
    assert "**ALFA**: zelfevaluatie 2024-03-01 gewijzigd" in evaluations
    assert details(summary, "**ALFA**: zelfevaluatie 2024-03-01 gewijzigd") == ["regiovisie: niveau 2 → 1"]
    assert details(summary, "**ALFA**: zelfevaluatie 2025-03-01 gewijzigd") == ["informatiebeleid: niveau 3 → 4"]
    # the 2024 one was vastgesteld before the 2025 one: changing it rewrites history
    warning = "⚠️ **ALFA**: de oudere vastgestelde zelfevaluatie 2024-03-01 is aangepast (de geschiedenis herschreven)"
    assert bullets(summary, "Let op") == [warning]
    assert details(summary, warning) == ["regiovisie: niveau 2 → 1"]
    assert "Geen inhoudelijke" not in summary
    assert "Ongeldig" not in summary


def test_new_zelfevaluatie_becomes_current_but_a_concept_does_not(repo: Path) -> None:
    text = (repo / "regions" / "alfa.yaml").read_text(encoding="utf-8")
    newest = text.index("  - datum: 2025-03-01")
    practices = text.index("goede_voorbeelden:")
    block = text[newest:practices]
    concept = block.replace("2025-03-01", "2025-09-01").replace("vastgesteld", "concept").replace("niveau: 3", "niveau: 5")
    established = block.replace("2025-03-01", "2025-05-01").replace("niveau: 3", "niveau: 4", 1)
    (repo / "regions" / "alfa.yaml").write_text(text[:practices] + established + concept + text[practices:], encoding="utf-8")
    commit(repo, "nieuwe zelfevaluaties")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert bullets(summary, "Zelfevaluaties") == [
        "**ALFA**: nieuwe zelfevaluatie 2025-05-01 (vastgesteld)",
        "**ALFA**: nieuwe zelfevaluatie 2025-09-01 (concept)",
    ]
    # the first bouwsteen of the new vastgestelde one went 3 -> 4; the concept's 5s do not count
    assert bullets(summary, "Niveaus") == ["**ALFA** · regiovisie 3 → 4 ↑"]


def test_a_new_zelfevaluatie_shows_each_level_against_the_previous_vastgestelde_and_new_bewijs_and_ambitie(repo: Path) -> None:
    """Issue 24: per bouwsteen the change from the previous vastgestelde level (a concept in
    between does not count), a new or changed ambitie, bewijs that was not there before, and a
    bouwsteen left out."""
    ambitie = "        toelichting: Toelichting bij ontzorging.\n"
    edit(repo, "regions/alfa.yaml", ambitie, ambitie + "        ambitie: {niveau: 4, jaar: 2026}\n", 2)  # in 2025-03-01
    commit(repo, "ambitie in 2025")
    text = (repo / "regions" / "alfa.yaml").read_text(encoding="utf-8")
    newest = text.index("  - datum: 2025-03-01")
    practices = text.index("goede_voorbeelden:")
    block = text[newest:practices]
    concept = block.replace("2025-03-01", "2025-06-01").replace("vastgesteld", "concept").replace("niveau: 3", "niveau: 1")
    new = block.replace("2025-03-01", "2025-09-01").replace("vastgesteld", "concept").replace("    voorbeeld: true\n", "")
    new = new.replace("niveau: 3", "niveau: 4", 1).replace("niveau: 3", "niveau: 2", 1)  # regiovisie up, samenwerking down
    new = new.replace(
        "        toelichting: Toelichting bij informatiebeleid.\n",
        "        toelichting: Toelichting bij informatiebeleid.\n        ambitie: {niveau: 4, jaar: 2027}\n",
    ).replace(
        "          - titel: Regioplan\n            url: https://example.org/arbeidsmarkt\n",
        "          - titel: Regioplan\n            url: https://example.org/arbeidsmarkt\n"
        "          - titel: Verslag <regioraad>\n            url: https://example.org/verslag\n",
    ).replace("ambitie: {niveau: 4, jaar: 2026}", "ambitie: {niveau: 5, jaar: 2028}")
    new = new[: new.index("      innovatie-kwaliteit:")]  # innovatie-kwaliteit left out
    (repo / "regions" / "alfa.yaml").write_text(text[:practices] + concept + new + text[practices:], encoding="utf-8")
    commit(repo, "nieuwe zelfevaluatie")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert details(summary, "**ALFA**: nieuwe zelfevaluatie 2025-09-01 (concept)") == [
        "vergeleken met de vastgestelde zelfevaluatie van 2025-03-01",
        "regiovisie: niveau 3 → 4 ↑",
        "samenwerkingsafspraken: niveau 3 → 2 ↓",
        "informatiebeleid: niveau 3 (gelijk); nieuwe ambitie 4 in 2027",
        "arbeidsmarkt: niveau 3 (gelijk); nieuw bewijs „Verslag &lt;regioraad&gt;”",
        "ontzorging: niveau 3 (gelijk); nieuwe ambitie 5 in 2028 (was 4 in 2026)",
        "innovatie-kwaliteit: niet ingevuld (was niveau 3)",
        "deelnemers: Bestuur, Regioraad",
    ]
    assert details(summary, "**ALFA**: nieuwe zelfevaluatie 2025-06-01 (concept)")[:2] == [
        "vergeleken met de vastgestelde zelfevaluatie van 2025-03-01",  # a concept is never the previous one
        "regiovisie: niveau 3 → 1 ↓",
    ]


def test_new_and_changed_good_practice(repo: Path) -> None:
    with (repo / "regions" / "beta.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "  - id: beta-wijkteams\n    titel: Wijkteams rond de praktijk\n    bouwstenen: [ontzorging]\n"
            "    samenvatting: Kort.\n    tekst: Lang.\n    datum: 2025-02-01\n"
        )
    edit(repo, "regions/alfa.yaml", "Een goed voorbeeld", "Een beter voorbeeld")
    commit(repo, "voorbeelden")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert bullets(summary, "Goede voorbeelden") == [
        "**ALFA**: goed voorbeeld `alfa-voorbeeld` gewijzigd (titel)",
        "**BETA**: nieuw goed voorbeeld `beta-wijkteams`: Wijkteams rond de praktijk",
    ]
    assert bullets(summary, "Niveaus") == []


def test_gemeente_moved_between_regions(repo: Path, geo) -> None:
    edit(repo, "regions/alfa.yaml", "gemeenten: [GM0828, GM1948]", "gemeenten: [GM0828]")
    edit(repo, "regions/beta.yaml", "gemeenten: [GM0268]", "gemeenten: [GM0268, GM1948]")
    commit(repo, "Meierijstad naar beta")
    assert bullets(diff("HEAD~1", "HEAD", repo=repo), "Gemeenten") == ["GM1948: van **ALFA** naar **BETA**"]
    with_names = diff("HEAD~1", "HEAD", repo=repo, geo=geo)
    assert bullets(with_names, "Gemeenten") == ["GM1948 (Meierijstad): van **ALFA** naar **BETA**"]


def test_formatting_and_comments_only(repo: Path) -> None:
    edit(repo, "regions/alfa.yaml", "gemeenten: [GM0828, GM1948]", "# twee gemeenten\ngemeenten:\n  - GM0828\n  - \"GM1948\"")
    edit(repo, "regions/alfa.yaml", "naam: Regio alfa", "naam:    'Regio alfa'   # officiële naam")
    edit(repo, "bouwstenen/schaal.yaml", "niveaus:", "# de schaal\nniveaus:   ")
    commit(repo, "opmaak")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert "Geen inhoudelijke wijzigingen" in summary
    assert "`bouwstenen/schaal.yaml`, `regions/alfa.yaml`" in summary
    assert "###" not in summary  # no section at all
    identical = diff("HEAD", "HEAD", repo=repo)
    assert "Geen inhoudelijke wijzigingen in de gegevens." in identical


def test_region_added_and_removed(repo: Path) -> None:
    (repo / "regions" / "beta.yaml").unlink()
    (repo / "regions" / "gamma.yaml").write_text(region_yaml("gamma", ["GM0268"]), encoding="utf-8")
    commit(repo, "gamma in plaats van beta")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert bullets(summary, "Regio's") == [
        "regio **BETA** verwijderd (`regions/beta.yaml`)",
        "nieuwe regio **GAMMA**: Regio gamma (`regions/gamma.yaml`)",
    ]
    assert bullets(summary, "Gemeenten") == ["GM0268: van **BETA** naar **GAMMA**"]
    assert (
        "**GAMMA** (nieuw): regiovisie 3, samenwerkingsafspraken 3, informatiebeleid 3, arbeidsmarkt 3, "
        "ontzorging 3, innovatie-kwaliteit 3"
    ) in bullets(summary, "Niveaus")


def test_became_invalid_uses_the_validators_messages(repo: Path) -> None:
    set_level(repo, "alfa", "informatiebeleid", 2, 9)
    edit(repo, "regions/beta.yaml", "korte_naam: BETA", "korte_naam: BETA\ngemeentes: [GM0001]")
    commit(repo, "fouten")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    errors = validate_root(repo).errors
    assert len(errors) == 2
    shown = bullets(summary, "Ongeldig")
    assert summary.count("### Ongeldig (2 nieuwe fouten)") == 1
    for error in errors:
        assert any(error.message.replace("<", "&lt;") in line and f"`{error.path}`, regel {error.line}" in line for line in shown)
    assert "niveau 9 staat niet op de schaal (1 t/m 5)" in summary
    assert "onbekende sleutel `gemeentes`; bedoelde je `gemeenten`?" in summary
    assert bullets(summary, "Niveaus") == ["**ALFA** · informatiebeleid 3 → 9 ↑"]
    # fixing one of them again: one error stays, one is solved
    set_level(repo, "alfa", "informatiebeleid", 2, 3)
    after = diff("HEAD", None, repo=repo)
    assert "_1 fout stond er al; 1 fout opgelost._" in after
    assert "Ongeldig" not in after


@pytest.mark.parametrize("target", ["/etc/hostname", "../../../../etc/hostname"])
def test_symlink_out_of_the_repository_in_a_revision_is_an_error_not_a_crash(repo: Path, target: str) -> None:
    (repo / "regions" / "kwaad.yaml").symlink_to(target)
    commit(repo, "link")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    shown = bullets(summary, "Ongeldig")
    assert any("regions/kwaad.yaml" in line and "symbolische link" in line for line in shown), summary
    assert hhz("diff", "HEAD~1", "HEAD", cwd=repo).returncode == 0  # a summary, no traceback


def test_a_second_identical_error_counts_as_new(repo: Path) -> None:
    set_level(repo, "alfa", "informatiebeleid", 2, 9)
    commit(repo, "een fout")
    set_level(repo, "alfa", "arbeidsmarkt", 2, 9)  # the same message, in the same file
    commit(repo, "nog een")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert summary.count("### Ongeldig (1 nieuwe fout)") == 1, summary
    assert "_1 fout stond er al._" in summary, summary


def test_unreadable_yaml_is_reported_not_raised(repo: Path) -> None:
    (repo / "regions" / "alfa.yaml").write_text("id: alfa\nnaam: [kapot\n", encoding="utf-8")
    summary = diff("HEAD", repo=repo)
    assert "`regions/alfa.yaml` is niet meer te lezen (zie Ongeldig)" in summary
    assert "### Ongeldig" in summary


def test_working_tree_directories_and_subfolder(repo: Path, tmp_path: Path) -> None:
    edit(repo, "regions/alfa.yaml", "huisartsen: 100", "huisartsen: 104")
    summary = diff("HEAD", repo=repo)  # HEAD defaults to the working tree
    assert "→ werkmap" in summary
    assert bullets(summary, "Kerngegevens") == ["**ALFA** · huisartsen: 100 → 104"]
    # two directories, no git involved
    other = make_project(tmp_path / "ander")
    between = diff(str(other), str(repo), repo=tmp_path)
    assert bullets(between, "Kerngegevens") == ["**ALFA** · huisartsen: 100 → 104"]
    # a project in a subfolder of a repository
    outer = tmp_path / "outer"
    make_project(outer / "site")
    git(outer, "init", "-q")
    commit(outer, "basis")
    edit(outer, "site/regions/beta.yaml", "naam: Regio beta", "naam: Regio Beta-West")
    commit(outer, "naam")
    nested = diff("HEAD~1", "HEAD", repo=outer / "site")
    assert bullets(nested, "Overige") == ["**BETA**: naam: Regio beta → Regio Beta-West"]


def test_revision_without_data_folders(tmp_path: Path) -> None:
    root = tmp_path / "leeg"
    root.mkdir()
    git(root, "init", "-q")
    commit(root, "leeg begin")
    make_project(root)
    commit(root, "gegevens")
    summary = diff("HEAD~1", "HEAD", repo=root)
    assert [line.split(":")[0] for line in bullets(summary, "Regio's")] == ["nieuwe regio **ALFA**", "nieuwe regio **BETA**"]
    assert "nieuw: de schaal (`bouwstenen/schaal.yaml`)" in bullets(summary, "Bouwstenen en schaal")


def test_text_from_yaml_is_neutralised(repo: Path) -> None:
    with (repo / "regions" / "beta.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            '  - id: beta-vijandig\n    titel: "<img src=x onerror=alert(1)> @beheerder <!-- x --> **vet**"\n'
            "    bouwstenen: [ontzorging]\n    samenvatting: Kort.\n    tekst: Lang.\n    datum: 2025-02-01\n"
        )
    edit(repo, "regions/beta.yaml", "korte_naam: BETA", 'korte_naam: "<b>BETA</b>\\nregel"')
    commit(repo, "vijandige tekst")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert "<img" not in summary and "<!--" not in summary and "<b>" not in summary
    assert "&lt;img src=x onerror=alert(1)&gt;" in summary
    assert "@beheerder" not in summary and "@\u200bbeheerder" in summary  # no mention
    assert all(not line.startswith("regel") for line in summary.splitlines())


def test_cli_prints_markdown_and_exit_codes(repo: Path, tmp_path: Path) -> None:
    set_level(repo, "alfa", "informatiebeleid", 2, 4)
    ok = hhz("diff", "HEAD", cwd=repo)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("## Wijzigingen in de gegevens\n")
    assert "- **ALFA** · informatiebeleid 3 → 4 ↑" in ok.stdout

    for args, cwd, expected in (
        (("diff", "bestaat-niet"), repo, "onbekende revisie `bestaat-niet`"),
        (("diff", "HEAD", "--bestaat-niet"), repo, "No such option"),
        (("diff", "HEAD~5"), repo, "onbekende revisie `HEAD~5`"),
        (("diff", "main", "HEAD", "--root", str(tmp_path / "nergens")), repo, "geen map"),
        (("diff", "HEAD"), tmp_path, "is geen git-repository"),
    ):
        proc = hhz(*args, cwd=cwd)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert expected in proc.stderr, (args, proc.stderr)
        assert "Traceback" not in proc.stderr + proc.stdout
    with pytest.raises(DiffUsageError, match="geen geldige git-revisie"):
        diff("--output=/tmp/x", repo=repo)


def test_diff_in_a_clone_matches_direct_comparison(repo: Path, tmp_path: Path) -> None:
    """What the pull-request workflow does: a clone, the merge's first parent as BASE."""
    set_level(repo, "beta", "ontzorging", 2, 5)
    commit(repo, "beta ontzorging")
    clone = tmp_path / "kloon"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, capture_output=True)
    summary = diff("HEAD^1", "HEAD", repo=clone)
    assert bullets(summary, "Niveaus") == ["**BETA** · ontzorging 4 → 5 ↑"]
    assert not list(clone.glob("hhz-diff-*"))
    assert git(clone, "status", "--porcelain") == ""
    shutil.rmtree(clone)
    assert re.search(r"`HEAD\^1` \([0-9a-f]{7}\)", summary)


def test_a_file_that_does_not_validate_is_named_not_compared(repo: Path) -> None:
    """Both sides go through the validator; a file that does not fit its model on one side is
    named (its errors are the validator's), and the rest is compared as usual."""
    edit(repo, "regions/alfa.yaml", "korte_naam: ALFA", "korte_naam: ALFA\ngemeentes: [GM0001]")
    (repo / "regions" / "beta.yaml").write_text("id: beta\nnaam: [kapot\n", encoding="utf-8")
    edit(repo, "bouwstenen/schaal.yaml", "naam: Verkennen", "naam: Verkennen\n    kleur: rood")
    (repo / "regions" / "gamma.yaml").write_text(region_yaml("gamma", ["GM0344"]), encoding="utf-8")
    commit(repo, "drie kapotte bestanden en een nieuwe regio")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert bullets(summary, "Overige") == [
        "`regions/alfa.yaml` is niet meer te lezen (zie Ongeldig)",
        "`regions/beta.yaml` is niet meer te lezen (zie Ongeldig)",
        "`bouwstenen/schaal.yaml` is niet meer te lezen (zie Ongeldig)",
    ]
    assert bullets(summary, "Regio's") == ["nieuwe regio **GAMMA**: Regio gamma (`regions/gamma.yaml`)"]
    # the unreadable regions did not lose their gemeenten; the new one gained its own
    assert bullets(summary, "Gemeenten") == ["**GAMMA**: toegevoegd GM0344"]
    assert "### Ongeldig (3 nieuwe fouten)" in summary

    # repaired together with a change: not compared with the broken version
    edit(repo, "regions/alfa.yaml", "\ngemeentes: [GM0001]", "")
    edit(repo, "regions/alfa.yaml", "huisartsen: 100", "huisartsen: 104")
    edit(repo, "regions/beta.yaml", "[kapot", "[nog steeds kapot")
    after = diff("HEAD", None, repo=repo)
    assert bullets(after, "Overige") == [
        "`regions/alfa.yaml` is weer te lezen; niet vergeleken met de versie met fouten",
        "`regions/beta.yaml` gewijzigd, maar nog steeds niet te lezen (zie de controle)",
    ]
    assert bullets(after, "Kerngegevens") == []


def test_an_explicit_default_is_no_content_change(repo: Path) -> None:
    edit(repo, "regions/alfa.yaml", "    datum: 2024-06-01", "    links: []\n    datum: 2024-06-01")
    commit(repo, "lege lijst uitgeschreven")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert "Geen inhoudelijke wijzigingen: alleen opmaak of commentaar gewijzigd in `regions/alfa.yaml`." in summary


def test_a_link_out_of_the_repository_is_never_read(repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "geheim.yaml"
    secret.write_text(region_yaml("kwaad", ["GM0003"]).replace("korte_naam: KWAAD", "korte_naam: GEHEIM"), encoding="utf-8")
    (repo / "regions" / "kwaad.yaml").symlink_to(secret)
    summary = diff("HEAD", None, repo=repo)  # the working tree
    assert "GEHEIM" not in summary and "GM0003" not in summary and "Regio kwaad" not in summary
    assert bullets(summary, "Regio's") == ["nieuwe regio **kwaad** (`regions/kwaad.yaml`), niet te lezen (zie Ongeldig)"]
    commit(repo, "link")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert "GEHEIM" not in summary and "GM0003" not in summary


# --- issue 13, part 4: everything a reviewer needs ------------------------------------------


def test_a_new_region_shows_its_evaluations_and_practices_and_flags_voorbeeld(repo: Path) -> None:
    (repo / "regions" / "gamma.yaml").write_text(
        region_yaml("gamma", ["GM0344"]).replace("    voorbeeld: true\n", "", 1), encoding="utf-8"
    )
    commit(repo, "gamma")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert bullets(summary, "Zelfevaluaties") == [
        "**GAMMA** (nieuw): zelfevaluatie 2024-03-01 (vastgesteld)",
        "**GAMMA** (nieuw): zelfevaluatie 2025-03-01 (vastgesteld)",
    ]
    assert details(summary, "**GAMMA** (nieuw): zelfevaluatie 2025-03-01 (vastgesteld)") == [
        "vergeleken met de vastgestelde zelfevaluatie van 2024-03-01",
        *(f"{b}: niveau 2 → 3 ↑" for b in BOUWSTEEN_IDS),
        "deelnemers: Bestuur, Regioraad",
    ]
    assert details(summary, "**GAMMA** (nieuw): zelfevaluatie 2024-03-01 (vastgesteld)")[:2] == [
        "geen eerdere vastgestelde zelfevaluatie om mee te vergelijken",
        "regiovisie: niveau 2 (nieuw); nieuw bewijs „Regioplan”",
    ]
    assert bullets(summary, "Goede voorbeelden") == ["**GAMMA** (nieuw): goed voorbeeld `gamma-voorbeeld`: Een goed voorbeeld"]
    # the 2024 one lost its voorbeeld above; the 2025 one is illustrative: flagged
    assert bullets(summary, "Let op") == [
        "⚠️ **GAMMA**: zelfevaluatie 2025-03-01 heeft `voorbeeld: true` (illustratieve gegevens, de site toont een "
        "banner); klopt dat, of zijn dit echte niveaus?"
    ]


def test_voorbeeld_is_flagged_on_new_and_newly_marked_evaluations_only(repo: Path) -> None:
    text = (repo / "regions" / "alfa.yaml").read_text(encoding="utf-8")
    newest = text.index("  - datum: 2025-03-01")
    block = text[newest : text.index("goede_voorbeelden:")]
    text = text.replace(block, block + block.replace("2025-03-01", "2025-09-01").replace("vastgesteld", "concept"))
    (repo / "regions" / "alfa.yaml").write_text(text, encoding="utf-8")
    edit(repo, "regions/beta.yaml", "    voorbeeld: true\n", "", 2)  # beta 2025: real data now
    commit(repo, "basis zonder voorbeeld bij beta")
    edit(repo, "regions/beta.yaml", "    deelnemers: [Bestuur, Regioraad]\n", "    deelnemers: [Bestuur, Regioraad]\n    voorbeeld: true\n")
    set_level(repo, "alfa", "regiovisie", 2, 4)  # an already illustrative evaluation changes: no new flag
    commit(repo, "beta weer voorbeeld")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert bullets(summary, "Let op") == [
        "⚠️ **BETA**: zelfevaluatie 2025-03-01 heeft `voorbeeld: true` (illustratieve gegevens, de site toont een "
        "banner); klopt dat, of zijn dit echte niveaus?"
    ]
    assert details(summary, "**BETA**: zelfevaluatie 2025-03-01 gewijzigd") == ["voorbeeld false → true"]
    first = diff("HEAD~2", "HEAD~1", repo=repo)
    assert "⚠️ **ALFA**: zelfevaluatie 2025-09-01 heeft `voorbeeld: true`" in first


def test_rewriting_an_older_vastgestelde_evaluation_is_a_warning_with_old_and_new_values(repo: Path) -> None:
    edit(repo, "regions/alfa.yaml", "deelnemers: [Bestuur]", "deelnemers: [Bestuur, Ledenraad]")
    edit(repo, "regions/alfa.yaml", "        toelichting: Toelichting bij regiovisie.\n", (
        "        toelichting: Toelichting bij regiovisie.\n        ambitie: {niveau: 4, jaar: 2026}\n"
    ))
    edit(repo, "regions/alfa.yaml", "      url: https://example.org/arbeidsmarkt", "      url: https://example.org/arbeidsmarkt-2")
    (repo / "regions" / "beta.yaml").write_text(
        (repo / "regions" / "beta.yaml").read_text("utf-8").replace("  - datum: 2024-03-01", "  - datum: 2024-02-01"),
        encoding="utf-8",
    )
    commit(repo, "geschiedenis")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    rewritten = "⚠️ **ALFA**: de oudere vastgestelde zelfevaluatie 2024-03-01 is aangepast (de geschiedenis herschreven)"
    assert bullets(summary, "Let op") == [
        rewritten,
        "⚠️ **BETA**: de oudere vastgestelde zelfevaluatie 2024-03-01 heeft nu datum 2024-02-01 (de geschiedenis herschreven)",
    ]
    assert "**BETA**: zelfevaluatie 2024-03-01 heeft nu datum 2024-02-01" in bullets(summary, "Zelfevaluaties")
    assert details(summary, rewritten) == [
        "deelnemers + Ledenraad",
        "regiovisie: ambitie geen → 4 in 2026",
        "arbeidsmarkt: bewijs + „Regioplan”, − „Regioplan”",
    ]
    # the current vastgestelde one may be corrected without a warning; removing an older one is one
    set_level(repo, "alfa", "ontzorging", 2, 2)
    assert bullets(diff("HEAD", None, repo=repo), "Let op") == []
    text = (repo / "regions" / "beta.yaml").read_text("utf-8")
    start, end = text.index("  - datum: 2024-02-01"), text.index("  - datum: 2025-03-01")
    (repo / "regions" / "beta.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    assert bullets(diff("HEAD", None, repo=repo), "Let op") == [
        "⚠️ **BETA**: de oudere vastgestelde zelfevaluatie 2024-02-01 is verwijderd (de geschiedenis herschreven)"
    ]


def test_deelnemers_ambitie_toelichting_and_bewijs_are_listed(repo: Path) -> None:
    long_text = (
        "De regio heeft met alle huisartsen een visie opgesteld die in de ledenraad is besproken en met "
        "de gemeenten en de zorgverzekeraar is gedeeld; het uitvoeringsplan volgt in het voorjaar."
    )
    path = repo / "regions" / "alfa.yaml"
    text = path.read_text("utf-8").replace("Toelichting bij regiovisie.", long_text)
    path.write_text(text, encoding="utf-8")
    commit(repo, "lange toelichting")
    start = text.index("  - datum: 2025-03-01")
    changed = text[:start] + text[start:].replace(
        "ledenraad is besproken", "ledenraad is vastgesteld", 1
    ).replace(
        "    deelnemers: [Bestuur, Regioraad]", "    deelnemers: [Regioraad, Ledenraad]", 1
    ).replace(
        "        bewijs:\n          - titel: Regioplan\n            url: https://example.org/informatiebeleid\n",
        "        bewijs:\n          - titel: Regioplan 2025\n            url: https://example.org/informatiebeleid\n"
        "          - titel: Verslag <ledenraad>\n            url: https://example.org/verslag\n"
        "        ambitie:\n          niveau: 4\n          jaar: 2027\n",
        1,
    )
    path.write_text(changed, encoding="utf-8")
    commit(repo, "wijzigingen")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert details(summary, "**ALFA**: zelfevaluatie 2025-03-01 gewijzigd") == [
        "deelnemers + Ledenraad, − Bestuur",
        "regiovisie: toelichting „…in de ledenraad is besproken en met de gemeenten…” → "
        "„…in de ledenraad is vastgesteld en met de gemeenten…”",
        "informatiebeleid: ambitie geen → 4 in 2027; bewijs + „Verslag &lt;ledenraad&gt;”, „Regioplan 2025” aangepast "
        "(titel „Regioplan” → „Regioplan 2025”)",
    ]
    assert bullets(summary, "Let op") == []


def test_links_to_each_changed_page_in_the_preview(repo: Path) -> None:
    set_level(repo, "beta", "ontzorging", 2, 5)
    edit(repo, "regions/alfa.yaml", "Een goed voorbeeld", "Een beter voorbeeld")
    edit(repo, "bouwstenen/arbeidsmarkt.yaml", "Korte samenvatting.", "Nieuwe samenvatting.")
    (repo / "regions" / "gamma.yaml").write_text(region_yaml("gamma", ["GM0344"]), encoding="utf-8")
    commit(repo, "pagina's")
    preview = "https://org.github.io/regios/pr-12"
    summary = diff("HEAD~1", "HEAD", repo=repo, preview_url=preview)
    assert bullets(summary, "Bekijk in de preview") == [
        f"[Regio: ALFA]({preview}/regios/alfa.html)",
        f"[Goed voorbeeld: Een beter voorbeeld]({preview}/goede-voorbeelden/alfa-voorbeeld.html)",
        f"[Regio: BETA]({preview}/regios/beta.html)",
        f"[Regio: GAMMA]({preview}/regios/gamma.html)",
        f"[Goed voorbeeld: Een goed voorbeeld]({preview}/goede-voorbeelden/gamma-voorbeeld.html)",
        f"[Bouwsteen: Naam van arbeidsmarkt]({preview}/bouwstenen/arbeidsmarkt.html)",
    ]
    assert "Bekijk in de preview" not in diff("HEAD~1", "HEAD", repo=repo)  # no address, no links
    cli = hhz("diff", "HEAD~1", "HEAD", "--preview-url", preview + "/", cwd=repo)
    assert cli.returncode == 0 and f"- [Regio: BETA]({preview}/regios/beta.html)" in cli.stdout
    for bad in ("http://org.github.io/pr-12/", "https://org.github.io/pr-12/) [x](https://kwaad.example", "javascript:alert(1)"):
        refused = hhz("diff", "HEAD~1", "HEAD", "--preview-url", bad, cwd=repo)
        assert refused.returncode == 2, bad
        assert "is geen bruikbaar adres; geef een https://-adres" in refused.stderr


def test_link_text_cannot_break_out_of_the_link(repo: Path) -> None:
    edit(repo, "regions/beta.yaml", "korte_naam: BETA", 'korte_naam: "B](https://kwaad.example) [x"')
    commit(repo, "vreemde naam")
    summary = diff("HEAD~1", "HEAD", repo=repo, preview_url="https://org.github.io/pr-1/")
    assert bullets(summary, "Bekijk in de preview") == [
        "[Regio: B)(https://kwaad.example) (x](https://org.github.io/pr-1/regios/beta.html)"
    ]


def test_scores_getoetst_and_bewijs_fields_show_old_and_new_values(repo: Path) -> None:
    path = repo / "regions" / "alfa.yaml"
    text = path.read_text("utf-8")
    start = text.index("  - datum: 2025-03-01")
    deelnemers = "    deelnemers: [Bestuur, Regioraad]\n"
    bewijs = "          - titel: Regioplan\n            url: https://example.org/informatiebeleid\n"
    regiovisie = "      regiovisie:\n        niveau: 3\n"
    before = text[:start] + text[start:].replace(
        deelnemers, deelnemers + "    getoetst:\n      door: InEen\n      datum: 2025-04-01\n", 1
    ).replace(regiovisie, regiovisie + "        scores: {huisartsen: 3, partners: 2}\n", 1)
    path.write_text(before, encoding="utf-8")
    commit(repo, "scores en toetsing")
    start = before.index("  - datum: 2025-03-01")
    after = before[:start] + before[start:].replace(
        "      door: InEen\n      datum: 2025-04-01\n",
        "      door: InEen, programmateam\n      datum: 2025-05-01\n      opmerking: Bewijs compleet.\n",
        1,
    ).replace(
        "        scores: {huisartsen: 3, partners: 2}\n", "        scores: {huisartsen: 2, bestuur: 4, partners: 2}\n", 1
    ).replace(bewijs, bewijs + "            type: besluit\n            datum: 2025-01-15\n", 1)
    path.write_text(after, encoding="utf-8")
    commit(repo, "wijzigingen")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert details(summary, "**ALFA**: zelfevaluatie 2025-03-01 gewijzigd") == [
        "getoetst door „InEen” → „InEen, programmateam”, datum 2025-04-01 → 2025-05-01, "
        "opmerking (leeg) → „Bewijs compleet.”",
        "regiovisie: scores: huisartsen 3 → 2, bestuur — → 4",
        "informatiebeleid: bewijs „Regioplan” aangepast (type — → besluit, datum — → 2025-01-15)",
    ]


def test_a_toetsing_added_or_removed_is_shown_whole(repo: Path) -> None:
    path = repo / "regions" / "alfa.yaml"
    text = path.read_text("utf-8")
    start = text.index("  - datum: 2025-03-01")
    deelnemers = "    deelnemers: [Bestuur, Regioraad]\n"
    toetsing = "    getoetst:\n      door: InEen\n      datum: 2025-04-01\n"
    path.write_text(text[:start] + text[start:].replace(deelnemers, deelnemers + toetsing, 1), encoding="utf-8")
    commit(repo, "toetsing")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert details(summary, "**ALFA**: zelfevaluatie 2025-03-01 gewijzigd") == [
        "getoetst — → door „InEen” op 2025-04-01"
    ]
    path.write_text(text, encoding="utf-8")
    commit(repo, "weer weg")
    summary = diff("HEAD~1", "HEAD", repo=repo)
    assert details(summary, "**ALFA**: zelfevaluatie 2025-03-01 gewijzigd") == [
        "getoetst door „InEen” op 2025-04-01 → —"
    ]


def test_the_project_folder_as_plain_argument_or_root(repo: Path, tmp_path: Path) -> None:
    set_level(repo, "alfa", "informatiebeleid", 2, 4)
    commit(repo, "hoger")
    with_root = hhz("diff", "HEAD~1", "HEAD", "--root", str(repo), cwd=tmp_path)
    plain = hhz("diff", "HEAD~1", "HEAD", str(repo), cwd=tmp_path)
    assert (with_root.returncode, plain.returncode) == (0, 0), plain.stderr
    assert plain.stdout == with_root.stdout
    assert "informatiebeleid: niveau 3 → 4" in plain.stdout
