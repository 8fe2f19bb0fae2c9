"""Render appraisal forms: forms per second on one core, and one long form (12 competencies, 8 long goals).

The renderer is pure (structure in, bytes out), so this needs no database:
python -m benchmarks.review_forms [--forms 200]
"""

import argparse
import datetime
import os
import time

from benchmarks.common import peak_memory_mb, write_results

LONG = "Een lange toelichting met details over de afspraak en hoe die gemeten wordt. " * 60


def make_form(competencies: int, goals: int, goal_text: str, number: int = 1):
    from django.utils import timezone

    from reviewcycle.record import CompetencyBlock, GoalBlock, Indicator, ReviewForm, Signature
    from reviewcycle.record.progress import ProgressReport

    indicator_texts = [
        "Is proactief en verdiept zich in de situatie of vraag van de klant.",
        "Biedt ongevraagd service en extra ondersteuning.",
        "Zoekt actief naar oplossingen voor klachten of problemen.",
    ]
    return ReviewForm(
        kind="appraisal",
        language="nl",
        title=f"Beoordeling — Medewerker {number}",
        reference=f"GC-1-{number}",
        organisation_name="Gemeente Benchmark",
        logo_path="",
        generated_at=timezone.now(),
        employee_name=f"Medewerker {number} Ëlzinga",
        employee_number=str(100000 + number),
        org_unit="Burgerzaken",
        role_label="Dienstverlener B",
        manager_name="Max Manager",
        second_reviewer_name="Dora Directeur",
        cycle_name="Gesprekscyclus 2026",
        period=(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
        state_label="Tweede beoordeling",
        competencies=[
            CompetencyBlock(
                name=f"Competentie {index + 1}",
                definition="De mate waarin de persoon luistert naar de klant en daarnaar handelt. " * 2,
                expected_level=2,
                level_summary="Handelt zelfstandig en proactief.",
                indicators=[Indicator(text, "Volledig getoond") for text in indicator_texts],
                next_level_indicators=[Indicator(text, "") for text in indicator_texts],
                self_rating="goed",
                self_remark="Gaat goed.",
                proposed_rating="goed",
                rating="goed",
                justification="",
            )
            for index in range(competencies)
        ],
        goals=[
            GoalBlock(
                title=f"Doel {index + 1}",
                description=goal_text,
                measure=goal_text,
                weight=None,
                deadline=datetime.date(2026, 12, 1),
                withdrawn=False,
                self_rating="goed",
                result_note="Behaald.",
                rating="goed",
            )
            for index in range(goals)
        ],
        development_actions=[
            ("Cursus klantgericht schrijven", "Klantgerichtheid", datetime.date(2026, 6, 1), "Klaar")
        ],
        progress_talks=[(datetime.date(2026, 6, 10), "Loopt op schema.")],
        progress_reports=[ProgressReport(datetime.date(2026, 6, 10), "Loopt op schema.")],
        scores_visible=True,
        proposed_overall="goed",
        overall_rating="goed",
        legend=["f = (volledig + ½ × deels) / aantal indicatoren."],
        appraisal_talk_date=datetime.date(2026, 11, 10),
        appraisal_summary="Goed jaar.",
        signatures=[
            Signature("Leidinggevende", "Max Manager", datetime.date(2026, 11, 10), ""),
            Signature(
                "Medewerker", f"Medewerker {number}", datetime.date(2026, 11, 12), "Voor gezien getekend"
            ),
            Signature("Tweede beoordelaar", "Dora Directeur", None, "Nog niet vastgesteld"),
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=200)
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from reports.pdf import render_review_form

    render_review_form(make_form(3, 3, "Warm-up."))  # fonts loaded once per process
    forms = [
        make_form(3, 3, "Wachttijd aan de balie onder de 10 minuten, gemeten per kwartaal.", n)
        for n in range(arguments.forms)
    ]
    started = time.perf_counter()
    sizes = [len(render_review_form(form)) for form in forms]
    elapsed = time.perf_counter() - started
    long_times = []
    for _ in range(5):
        long_form = make_form(12, 8, LONG)
        begun = time.perf_counter()
        long_pdf = render_review_form(long_form)
        long_times.append(time.perf_counter() - begun)
    results = {
        "typical_forms": arguments.forms,
        "typical_seconds": round(elapsed, 3),
        "forms_per_second": round(arguments.forms / elapsed, 1),
        "typical_kb": round(sum(sizes) / len(sizes) / 1024, 1),
        "long_form_ms_median": round(sorted(long_times)[2] * 1000, 1),
        "long_form_kb": round(len(long_pdf) / 1024, 1),
        "target_forms_per_second": 25,
        "peak_memory_mb": peak_memory_mb(),
    }
    print(results)
    print(write_results("review_forms", results))


if __name__ == "__main__":
    main()
