"""Serializers of the discussion API: what comes in is checked here; what goes out is assembled
by lms.discussions.presenting and described here for the schema."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lms.discussions.models import (
    Debate,
    DebateRound,
    EmailPreference,
    PostFlag,
    SeminarGroup,
    Side,
    Thread,
)
from lms.platform.ids import api_id_field

BODY = {"max_length": 100_000, "allow_blank": True,
        "help_text": _("Markdown; rendered once and sanitised (never raw HTML).")}


class MomentField(serializers.DateTimeField):
    """A date and time; one too far out for the time zone to place is a 400, not a 500."""

    def to_internal_value(self, value):
        try:
            return super().to_internal_value(value)
        except OverflowError:
            raise serializers.ValidationError(_("That date is out of range.")) from None


class RoundSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DebateRound.Kind.choices,
                                   default=DebateRound.Kind.OTHER)
    opens_at = MomentField()
    closes_at = MomentField()


class DebateSetupSerializer(serializers.Serializer):
    motion = serializers.CharField(max_length=1000, allow_blank=True)
    side_mode = serializers.ChoiceField(choices=Debate.SideMode.choices,
                                        default=Debate.SideMode.CHOSEN)
    rounds = RoundSerializer(many=True, max_length=20)


class ThreadCreateSerializer(serializers.Serializer):
    course = api_id_field()
    page = api_id_field(required=False,
                                    allow_null=True, help_text=_(
                                        "A page of the course (a lecture); none: its board."))
    kind = serializers.ChoiceField(choices=Thread.Kind.choices, default=Thread.Kind.DISCUSSION)
    title = serializers.CharField(max_length=1000, allow_blank=True)
    body = serializers.CharField(**BODY)
    anonymous = serializers.BooleanField(default=False, help_text=_(
        "Hide my name from other trainees (never from the course's instructors)."))
    debate = DebateSetupSerializer(required=False, allow_null=True, help_text=_(
        "For a debate (kind \"debate\"): the motion, how debaters get their side, the "
        "rounds."))


class ReplySerializer(serializers.Serializer):
    body = serializers.CharField(**BODY)
    side = serializers.ChoiceField(choices=Side.choices, required=False, allow_null=True,
                                   help_text=_("In a debate: the side I speak for (mine)."))
    parent = api_id_field(required=False,
                                      allow_null=True, help_text=_(
                                          "The post replied to; none: the thread's opening."))
    anonymous = serializers.BooleanField(default=False)


class EditSerializer(serializers.Serializer):
    body = serializers.CharField(**BODY)


class VoteSerializer(serializers.Serializer):
    value = serializers.IntegerField(min_value=-1, max_value=1, help_text=_(
        "1 up, -1 down, 0 takes the vote back."))


class FlagSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=PostFlag.Reason.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                   default="")


class StatusSerializer(ReasonSerializer):
    status = serializers.ChoiceField(choices=Thread.Status.choices)


class SwitchSerializer(serializers.Serializer):
    on = serializers.BooleanField(default=True, help_text=_("false undoes it."))


class SideSerializer(serializers.Serializer):
    side = serializers.ChoiceField(choices=Side.choices)


class AssignmentSerializer(serializers.Serializer):
    user = api_id_field()
    side = serializers.ChoiceField(choices=Side.choices)


class AssignSerializer(serializers.Serializer):
    assignments = AssignmentSerializer(many=True, required=False, default=list,
                                       max_length=2000)
    balance = serializers.BooleanField(default=False, help_text=_(
        "Put every trainee of the course still without a side on the smaller side."))


class ScoreSerializer(serializers.Serializer):
    round = api_id_field()
    side = serializers.ChoiceField(choices=Side.choices)
    score = serializers.IntegerField(min_value=0, max_value=10)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class GroupingSerializer(serializers.Serializer):
    by = serializers.ChoiceField(choices=SeminarGroup.Basis.choices)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PostSerializer(serializers.Serializer):
    """A post (built by presenting.post_data); `replies` nest the posts below it in lists."""

    id = serializers.IntegerField()
    thread = serializers.IntegerField()
    parent = serializers.IntegerField(allow_null=True)
    depth = serializers.IntegerField()
    author = PersonSerializer(allow_null=True, help_text=_(
        "None for another trainee's anonymous post."))
    anonymous = serializers.BooleanField()
    mine = serializers.BooleanField()
    html = serializers.CharField()
    body = serializers.CharField(allow_null=True, help_text=_("Only for its author (to edit)."))
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    score = serializers.IntegerField()
    my_vote = serializers.IntegerField()
    endorsed_by = PersonSerializer(allow_null=True)
    accepted = serializers.BooleanField()
    can_reply = serializers.BooleanField()
    side = serializers.ChoiceField(choices=Side.choices, allow_null=True)
    round = serializers.DictField(allow_null=True, help_text=_(
        "In a debate: the round of the speech ({id, name})."))
    group = serializers.DictField(allow_null=True, help_text=_(
        "In a seminar: the group whose space the post is in ({id, name}); none: a prompt."))
    url = serializers.CharField()
    moderation = serializers.DictField(required=False, help_text=_("Moderators only."))
    replies = serializers.ListField(child=serializers.DictField(), required=False)


class ThreadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    course = serializers.IntegerField()
    page = serializers.IntegerField(allow_null=True)
    kind = serializers.ChoiceField(choices=Thread.Kind.choices)
    title = serializers.CharField()
    author = PersonSerializer(allow_null=True)
    anonymous = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    last_posted_at = serializers.DateTimeField()
    reply_count = serializers.IntegerField()
    pinned = serializers.BooleanField()
    status = serializers.ChoiceField(choices=Thread.Status.choices)
    status_reason = serializers.CharField(allow_null=True)
    accepted_post = serializers.IntegerField(allow_null=True)
    following = serializers.BooleanField(allow_null=True)
    debate = serializers.DictField(allow_null=True, help_text=_(
        "A debate's motion, sides, rounds and audience vote (as the threads/{id}/debate/ "
        "actions answer it); in a thread's detail only."))
    seminar = serializers.DictField(allow_null=True, help_text=_(
        "A seminar's groups; in a thread's detail only."))
    opening = PostSerializer(allow_null=True)
    url = serializers.CharField()
    posts_url = serializers.CharField()


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    thread = serializers.DictField()
    page = serializers.IntegerField(allow_null=True)
    post = serializers.IntegerField()
    author = PersonSerializer(allow_null=True)
    excerpt = serializers.CharField()
    created_at = serializers.DateTimeField()
    read = serializers.BooleanField()


class ReadSerializer(serializers.Serializer):
    ids = serializers.ListField(child=api_id_field(),
                                required=False, max_length=500)
    all = serializers.BooleanField(default=False)

    def validate(self, attrs):
        if not attrs.get("all") and not attrs.get("ids"):
            raise serializers.ValidationError(_("Give the ids to mark read, or all: true."))
        return attrs


class UnreadSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class ParticipantSerializer(serializers.Serializer):
    user = PersonSerializer()
    trainee = serializers.BooleanField()
    threads = serializers.IntegerField()
    replies = serializers.IntegerField()
    upvotes = serializers.IntegerField()
    endorsed = serializers.IntegerField()
    counted = serializers.IntegerField(allow_null=True, help_text=_(
        "Posts that count towards the required participation (up to what is required)."))


class ParticipationSerializer(serializers.Serializer):
    course = serializers.IntegerField()
    rule = serializers.DictField(allow_null=True)
    people = ParticipantSerializer(many=True)


class EmailSettingSerializer(serializers.Serializer):
    email = serializers.ChoiceField(choices=EmailPreference.Frequency.choices)


class DebateSerializer(serializers.Serializer):
    """A debate as lms.discussions.modes.debate_data gives it."""

    motion = serializers.CharField()
    side_mode = serializers.ChoiceField(choices=Debate.SideMode.choices)
    sides = serializers.DictField(help_text=_(
        "pro and con: label, count, debaters, total score."))
    my_side = serializers.ChoiceField(choices=Side.choices, allow_null=True)
    may_choose_side = serializers.BooleanField()
    rounds = serializers.ListField(child=serializers.DictField())
    current_round = serializers.IntegerField(allow_null=True)
    audience = serializers.DictField(help_text=_(
        "stage (before, debating, after, closed), my votes, and the tallies once shown."))
    urls = serializers.DictField()


class SeminarSerializer(serializers.Serializer):
    grouping = serializers.ChoiceField(choices=SeminarGroup.Basis.choices, allow_null=True)
    groups = serializers.ListField(child=serializers.DictField())
    my_group = serializers.IntegerField(allow_null=True)
    urls = serializers.DictField()
