"""The shapes of a cycle's figures (``reviewcycle.completion``): completion, per unit, one level of the unit
tree. ``GET /cycles/{id}/progress/`` answers them; the dashboard (``reports``) builds on them."""

from rest_framework import serializers

from reviewcycle.models import ReviewCycle


class CompletionSerializer(serializers.Serializer):  # reviewcycle.completion.completion
    total = serializers.IntegerField(help_text="Every review, in any state.")
    counted = serializers.IntegerField(
        help_text="Reviews that count: the total without cancelled and exempt."
    )
    done = serializers.IntegerField(help_text="Final reviews.")
    percent_done = serializers.FloatField(
        help_text="`done` of `counted` in %, one decimal (0 when none count)."
    )
    states = serializers.DictField(
        child=serializers.IntegerField(), help_text="Reviews per state: state value → number."
    )


class UnitPathSerializer(serializers.Serializer):
    org_unit = serializers.IntegerField()
    name = serializers.CharField()


class UnitCompletionSerializer(CompletionSerializer):
    """One organisation unit's completion, its reviews including those of every unit below it."""

    org_unit = serializers.IntegerField()
    name = serializers.CharField()
    parent = serializers.IntegerField(allow_null=True)


class UnitCompletionRowSerializer(UnitCompletionSerializer):
    has_units = serializers.BooleanField(help_text="Whether it has sub-units of its own to open (`?unit=`).")


class UnitLevelSerializer(serializers.Serializer):
    """One level of the unit tree (``people.selectors.unit_level``)."""

    unit = UnitCompletionSerializer(allow_null=True, help_text="The unit asked for (`?unit=`), or null.")
    unit_path = UnitPathSerializer(many=True, help_text="The units above it, from the top down.")
    org_units = UnitCompletionRowSerializer(
        many=True,
        help_text="Its direct sub-units (without `?unit=`: the top of the tree), the largest first.",
    )


class CycleProgressSerializer(CompletionSerializer, UnitLevelSerializer):
    cycle = serializers.IntegerField()
    overdue = serializers.IntegerField(help_text="Open reviews whose next step is past its due date.")
    as_of = serializers.DateTimeField(
        help_text="When these figures were counted: they are kept until the cycle changes "
        "(at most `CYCLE_FIGURES_REFRESH_SECONDS` longer)."
    )


class CycleNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    state = serializers.ChoiceField(choices=ReviewCycle.State.choices)
