"""lms.discussions' part in course completion: the course's required participation, counted
in posts the trainee wrote within the enrolment (threads started and replies, not hidden, by
the due date if there is one)."""

from django.utils.translation import gettext_lazy

from lms.courses import completion
from lms.discussions.models import ParticipationRule, Post


def posts_counted(enrolment, rule):
    posts = Post.objects.filter(enrolment=enrolment, hidden_at__isnull=True)
    if rule.due_at is not None:
        posts = posts.filter(created_at__lte=rule.due_at)
    return posts.count()


@completion.criterion("participation", label=gettext_lazy("Discussion posts"))
def participation(enrolment):
    """(posts that count, posts required), capped at the requirement; (0, 0) without one."""
    rule = ParticipationRule.objects.filter(course_id=enrolment.course_id).first()
    if rule is None or not rule.posts_required:
        return 0, 0
    return min(posts_counted(enrolment, rule), rule.posts_required), rule.posts_required
