"""Audit events are typed: every stored kind is checked to be one of the kinds (the rows stay as
they are, audit rows are never changed), then the database refuses any other; a change keeps its
old and new values in two JSON fields."""

import django.core.serializers.json
from django.db import migrations, models

from core.audit import check_stored_kinds

# The kinds as they were when this migration was written (later kinds come with their own migration).
REVIEW_EVENT_KINDS = [
    "open", "record_planning_talk", "reopen_plan", "sign_plan", "record_progress_talk", "start_appraisal",
    "submit_self_assessment", "skip_self_assessment", "submit_scores", "record_appraisal_talk", "sign",
    "object", "expire_response", "return_to_manager", "finalise", "decide_objection", "reopen", "cancel",
    "exempt", "add_goal", "edit_goal", "set_focus", "save_development_action", "reassign_manager",
    "set_second_reviewer", "flag_role_change", "flag_for_hr", "rebaseline",
]  # fmt: skip
CYCLE_EVENT_KINDS = ["create", "open", "add_missing", "close", "retention"]


class Migration(migrations.Migration):

    dependencies = [
        ('reviewcycle', '0010_cycle_reminder_settings'),
    ]

    operations = [
        migrations.AddField(
            model_name='reviewevent',
            name='new_value',
            field=models.JSONField(blank=True, encoder=django.core.serializers.json.DjangoJSONEncoder, null=True),
        ),
        migrations.AddField(
            model_name='reviewevent',
            name='old_value',
            field=models.JSONField(blank=True, encoder=django.core.serializers.json.DjangoJSONEncoder, null=True),
        ),
        migrations.AlterField(
            model_name='cycleevent',
            name='action',
            field=models.CharField(choices=[('create', 'Cycle created'), ('open', 'Cycle opened'), ('add_missing', 'Missing reviews added'), ('close', 'Cycle closed'), ('retention', 'Reviews past the retention period erased')], max_length=40, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='reviewevent',
            name='transition',
            field=models.CharField(choices=[('open', 'Review opened with the cycle'), ('record_planning_talk', 'Planning talk recorded'), ('reopen_plan', 'Plan reopened'), ('sign_plan', 'Plan signed'), ('record_progress_talk', 'Progress talk recorded'), ('start_appraisal', 'Appraisal started'), ('submit_self_assessment', 'Self-assessment submitted'), ('skip_self_assessment', 'Self-assessment skipped'), ('submit_scores', 'Scores submitted'), ('record_appraisal_talk', 'Appraisal talk recorded'), ('sign', 'Appraisal signed'), ('object', 'Objection made to the appraisal'), ('expire_response', 'Response term closed'), ('return_to_manager', 'Returned to the manager'), ('finalise', 'Appraisal finalised'), ('decide_objection', 'Objection decided'), ('reopen', 'Appraisal reopened'), ('cancel', 'Review cancelled'), ('exempt', 'Exempted from the cycle'), ('add_goal', 'Goal added'), ('edit_goal', 'Goal changed'), ('set_focus', 'Competencies in focus changed'), ('save_development_action', 'Development plan changed'), ('reassign_manager', 'Another manager assigned'), ('set_second_reviewer', 'Another second reviewer named'), ('flag_role_change', 'Role changed: to be re-baselined'), ('flag_for_hr', 'Waiting for HR: the manager or second reviewer left'), ('rebaseline', 'Expected levels re-baselined')], max_length=40, verbose_name='kind'),
        ),
        check_stored_kinds("reviewcycle", "ReviewEvent", "transition", REVIEW_EVENT_KINDS),
        check_stored_kinds("reviewcycle", "CycleEvent", "action", CYCLE_EVENT_KINDS),
        migrations.AddConstraint(
            model_name='cycleevent',
            constraint=models.CheckConstraint(condition=models.Q(('action__in', CYCLE_EVENT_KINDS)), name='cycleevent_known_kind'),
        ),
        migrations.AddConstraint(
            model_name='reviewevent',
            constraint=models.CheckConstraint(condition=models.Q(('transition__in', REVIEW_EVENT_KINDS)), name='reviewevent_known_kind'),
        ),
    ]
