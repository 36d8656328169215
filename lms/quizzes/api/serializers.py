"""Serializers of the quiz API: what comes in (answers, marks) checked here; what goes out is
assembled by lms.quizzes.presenting and described here for the schema."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lms.platform.ids import api_id_field
from lms.quizzes.models import Attempt

MAX_ANSWERS = 500


class AnswerSerializer(serializers.Serializer):
    slot = api_id_field(help_text=_(
        "The question's `slot` in the attempt."))
    response = serializers.JSONField(allow_null=True, help_text=_(
        "The response, shaped by the question's type; null clears it."))


class AnswersSerializer(serializers.Serializer):
    answers = AnswerSerializer(many=True, max_length=MAX_ANSWERS)

    def validate_answers(self, value):
        slots = [item["slot"] for item in value]
        if len(slots) != len(set(slots)):
            raise serializers.ValidationError(_("Each question may be answered once per request."))
        return value


class SubmitSerializer(AnswersSerializer):
    answers = AnswerSerializer(many=True, max_length=MAX_ANSWERS, required=False, default=list)


class GradeSerializer(serializers.Serializer):
    mark = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0)
    comment = serializers.CharField(max_length=20000, required=False, allow_blank=True,
                                    default="")


class SavedSerializer(serializers.Serializer):
    saved = serializers.IntegerField()
    saved_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField(allow_null=True)
    server_now = serializers.DateTimeField()


class AttemptSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Attempt.Status.choices)
    started_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    grade = serializers.FloatField(allow_null=True)
    passed = serializers.BooleanField(allow_null=True)
    url = serializers.CharField()


class QuizSerializer(serializers.Serializer):
    """GET quizzes/{id}/ (built by presenting.quiz_summary)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    intro = serializers.CharField()
    course = serializers.DictField()
    opens_at = serializers.DateTimeField(allow_null=True)
    closes_at = serializers.DateTimeField(allow_null=True)
    time_limit = serializers.IntegerField(allow_null=True, help_text=_("Seconds."))
    attempts_allowed = serializers.IntegerField(allow_null=True)
    attempts_used = serializers.IntegerField()
    pass_mark = serializers.FloatField()
    grading_method = serializers.CharField()
    question_count = serializers.IntegerField()
    max_score = serializers.FloatField(allow_null=True)
    can_start = serializers.BooleanField()
    refusal = serializers.CharField(allow_null=True)
    records_progress = serializers.BooleanField()
    in_progress = serializers.IntegerField(allow_null=True)
    result = serializers.DictField(allow_null=True)
    attempts = AttemptSummarySerializer(many=True)


class AttemptSerializer(serializers.Serializer):
    """GET attempts/{id}/ (built by presenting.attempt_detail)."""

    id = serializers.IntegerField()
    url = serializers.CharField()
    quiz = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Attempt.Status.choices)
    preview = serializers.BooleanField()
    started_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField(allow_null=True)
    server_now = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField()
    questions = serializers.ListField(child=serializers.DictField())
    review = serializers.DictField(allow_null=True)


class LinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(allow_null=True)


class HistoryAttemptSerializer(AttemptSummarySerializer):
    """GET me/quiz-attempts/ (built by presenting.history)."""

    status_label = serializers.CharField()
    quiz = LinkSerializer(help_text=_("The quiz, with the address of its own page."))
    course = LinkSerializer()
    year = serializers.IntegerField(help_text=_("The training year of the enrolment."))
    enrolment = serializers.IntegerField()


class GradingItemSerializer(serializers.Serializer):
    """One answer waiting for a grader (GET grading/)."""

    answer = serializers.IntegerField(help_text=_("POST a mark to answers/{answer}/grade/."))
    question = serializers.CharField()
    max_mark = serializers.FloatField()
    attempt = serializers.IntegerField()
    attempt_url = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    trainee = serializers.DictField()
    quiz = LinkSerializer()
    course = LinkSerializer()


# A band of the grade distribution: "from" and "to" (percent) are Python keywords, hence type().
BandSerializer = type("BandSerializer", (serializers.Serializer,), {
    "from": serializers.FloatField(), "to": serializers.FloatField(),
    "count": serializers.IntegerField(),
    "share": serializers.IntegerField(help_text=_("Height against the tallest band, in percent.")),
})


class QuestionStatisticsSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    question_id = serializers.IntegerField()
    name = serializers.CharField()
    qtype = serializers.CharField()
    drawn = serializers.BooleanField()
    attempts = serializers.IntegerField()
    facility = serializers.FloatField(allow_null=True, help_text=_("Mean credit, in percent."))
    sd = serializers.FloatField(allow_null=True)
    discrimination = serializers.FloatField(allow_null=True, help_text=_("From -1 to 1."))
    flag = serializers.CharField(allow_null=True)
    flag_text = serializers.CharField()
    outdated = serializers.IntegerField(
        help_text=_("Answers given to an older version: what a regrade could move."))


class QuizStatisticsSerializer(serializers.Serializer):
    """GET quizzes/{id}/statistics/: grades of the trainees' graded attempts and each
    question's facility and discrimination."""

    quiz = serializers.IntegerField()
    year = serializers.IntegerField(allow_null=True)
    years = serializers.ListField(child=serializers.IntegerField())
    count = serializers.IntegerField()
    passed = serializers.IntegerField()
    pass_rate = serializers.FloatField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    sd = serializers.FloatField(allow_null=True)
    distribution = BandSerializer(many=True)
    questions = QuestionStatisticsSerializer(many=True)
