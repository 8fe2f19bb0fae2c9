import django.db.models.functions.text
from django.db import migrations, models


def number_duplicate_titles(apps, schema_editor):
    """Existing reviews with two active goals of one title keep both: the later ones get " (2)", " (3)"."""
    Goal = apps.get_model("reviewcycle", "Goal")
    seen: dict[tuple[int, str], int] = {}
    for goal in Goal.objects.filter(status="active").order_by("review_id", "order", "id").iterator():
        key = (goal.review_id, goal.title.lower())
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            goal.title = f"{goal.title[:290]} ({seen[key]})"
            goal.save(update_fields=["title"])


class Migration(migrations.Migration):
    dependencies = [
        ("reviewcycle", "0007_single_line_text"),
    ]

    operations = [
        migrations.RunPython(number_duplicate_titles, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="goal",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("title"),
                models.F("review"),
                condition=models.Q(("status", "active")),
                name="goal_title_unique_per_review",
            ),
        ),
    ]
